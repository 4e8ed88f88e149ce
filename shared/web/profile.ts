import { HELP_TYPES } from '../vocabulary/help-types.js';
import type { ContactBy } from '../vocabulary/choices.js';
import type { ConfirmContactView, ProfileView } from '../domain/profile.js';
import { PROFILE_PATH } from '../domain/profile.js';
import type { SchemeContact } from '../domain/views.js';
import { PROFILE_FIELDS, type ProfileField, type ProfileIssue } from '../schema/profile.js';
import { VOLUNTEER_LIMITS } from '../schema/volunteer.js';
import { formatUkPhone } from '../util/phone.js';
import {
  button,
  checkboxes,
  dateInput,
  errorSummary,
  insetText,
  panel,
  radios,
  textInput,
} from './components.js';
import { formatDateLongIn } from './format.js';
import { html, type SafeHtml } from './html.js';
import { DEFAULT_LANGUAGE, t, tHtml, type Language, type MessageKey } from './i18n.js';
import { tJoin, tJoinHtml, type JoinMessageKey } from './join-i18n.js';
import { PROFILE_WORDS, type ProfileKey } from './profile-i18n.js';
import { availabilityFieldset, joinErrorTarget } from './join.js';
import { layout, phoneLink } from './layout.js';
import { formAction, linkPageAlternates, ltrValue } from './link-pages.js';

/**
 * A volunteer's own pages: their details (reached through their personal link), the confirmation of
 * a new address, and "send me a link". NHS.UK components, plain forms that work without JavaScript,
 * in English and Arabic with the join form's words (the fields are the join form's own).
 */
export interface ProfilePageInput {
  /** The page's own address (with its token), which its forms post back to. */
  path: string;
  contact: SchemeContact;
  lang?: Language;
}

export interface Page {
  status: number;
  body: string;
}

const CONTACT_BY_CHOICES: readonly ContactBy[] = ['email', 'text', 'both'];

type Words = (
  key: MessageKey | JoinMessageKey | ProfileKey,
  params?: Record<string, string | number>,
) => string;

/** These pages' own words are in the profile book, the fields' in the join form's, the rest every page's. */
const isProfileKey = (key: string): key is ProfileKey => key.startsWith('profile.');
const isJoinKey = (key: string): key is JoinMessageKey => key.startsWith('join.');

function wordsFor(lang: Language): Words {
  return (key, params) =>
    isProfileKey(key)
      ? PROFILE_WORDS.t(lang, key, params)
      : isJoinKey(key)
        ? tJoin(lang, key, params)
        : t(lang, key, params);
}

function issueMessage(m: Words, issue: ProfileIssue): string {
  return issue.problem === 'outside-service'
    ? m('profile.error.outsideService', { areas: issue.given ?? '' })
    : m(`join.error.${issue.field}`);
}

function page(
  input: ProfilePageInput,
  title: string,
  content: SafeHtml,
  options: { status?: number; hasErrors?: boolean; alternates?: boolean } = {},
): Page {
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  return {
    status: options.status ?? 200,
    body: layout({
      title,
      contact: input.contact,
      content,
      lang,
      noIndex: true,
      hasErrors: options.hasErrors ?? false,
      alternates: options.alternates === false ? [] : linkPageAlternates(lang, input.path),
    }),
  };
}

function invalidPage(input: ProfilePageInput): Page {
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const m = wordsFor(lang);
  const title = m('link.invalid.title');
  return page(
    input,
    title,
    html`<h1 class="nhsuk-heading-l">${title}</h1>
      <p>${tHtml(lang, 'link.invalid.body', { phone: phoneLink(input.contact.schemePhone) })}</p>
      <p>${m('profile.invalid.body')}</p>
      <p><a href="${pathFor(PROFILE_PATH, lang)}">${m('profile.invalid.ask')}</a></p>`,
    { status: 404, alternates: false },
  );
}

const pathFor = (path: string, lang: Language) => (lang === DEFAULT_LANGUAGE ? path : `${path}?lang=${lang}`);

/** The details page, or what a POST to it led to. */
export function renderProfile(view: ProfileView, input: ProfilePageInput): Page {
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const m = wordsFor(lang);
  const action = formAction(input.path, lang);
  switch (view.kind) {
    case 'invalid':
      return invalidPage(input);
    case 'leave-confirm': {
      const title = m('profile.leave.confirm.title');
      return page(
        input,
        title,
        html`<h1 class="nhsuk-heading-l">${title}</h1>
          <p>${m('profile.leave.confirm.what')}</p>
          <form method="post" action="${action}" novalidate>
            <button
              class="nhsuk-button nhsuk-button--warning"
              data-module="nhsuk-button"
              type="submit"
              name="action"
              value="leave-confirmed"
            >
              ${m('profile.leave.confirm.button')}
            </button>
          </form>
          <p><a href="${action}">${m('profile.leave.confirm.back')}</a></p>`,
      );
    }
    case 'left': {
      const title = m('profile.left.title');
      return page(
        input,
        title,
        html`${panel(title, m('profile.left.body'))}
          <p>${m('profile.left.again')}</p>`,
        { alternates: false },
      );
    }
    case 'profile':
      return detailsPage(view, input, lang, m, action);
  }
}

function detailsPage(
  view: Extract<ProfileView, { kind: 'profile' }>,
  input: ProfilePageInput,
  lang: Language,
  m: Words,
  action: string,
): Page {
  const { volunteer } = view;
  const posted = view.posted;
  const issues = PROFILE_FIELDS.flatMap((field) => view.issues?.find((i) => i.field === field) ?? []);
  const errorFor = (field: ProfileField) => {
    const issue = issues.find((i) => i.field === field);
    return issue ? issueMessage(m, issue) : undefined;
  };
  // What was posted when it had errors; the stored details otherwise.
  const value = (field: 'name' | 'email' | 'phone' | 'contactBy' | 'areas' | 'weeklyLimit'): string => {
    if (posted) return posted.fields[field] ?? '';
    switch (field) {
      case 'name':
        return volunteer.name;
      case 'email':
        return volunteer.email;
      case 'phone':
        return volunteer.phone ? formatUkPhone(volunteer.phone) : '';
      case 'contactBy':
        return volunteer.contactBy ?? 'email';
      case 'areas':
        return volunteer.areas.join(', ');
      case 'weeklyLimit':
        return volunteer.weeklyLimit === undefined ? '' : String(volunteer.weeklyLimit);
    }
  };
  const pauseError = view.pauseProblem ? m(`profile.break.error.${view.pauseProblem}`) : undefined;
  const summary = [
    ...issues.map((issue) => ({ message: issueMessage(m, issue), href: joinErrorTarget(issue.field) })),
    ...(pauseError ? [{ message: pauseError, href: '#pausedUntil-day' }] : []),
  ];
  const notes = [
    view.note === 'saved' && m('profile.saved'),
    view.note === 'nothing-changed' && m('profile.nothingChanged'),
    view.note === 'paused' && m('profile.break.paused'),
    view.note === 'resumed' && m('profile.break.resumed'),
    ...(view.confirming ?? []).map((field) => m(`profile.confirming.${field}`)),
  ].filter((note): note is string => Boolean(note));
  const pending = (['email', 'phone'] as const).flatMap((field) => {
    const waiting = view.pending[field];
    return waiting
      ? [
          html`<p>
            ${PROFILE_WORDS.tHtml(lang, `profile.pending.${field}`, {
              value: ltrValue(field === 'phone' ? formatUkPhone(waiting) : waiting),
            })}
          </p>`,
        ]
      : [];
  });
  const title = m('profile.title');

  const details = html`<form method="post" action="${action}" novalidate>
    ${textInput({
      name: 'name',
      label: m('join.name.label'),
      error: errorFor('name'),
      value: value('name'),
      autocomplete: 'name',
      spellcheck: false,
      maxlength: VOLUNTEER_LIMITS.name,
      lang,
    })}
    ${textInput({
      name: 'email',
      label: m('join.email.label'),
      hint: m('profile.email.hint'),
      error: errorFor('email'),
      value: value('email'),
      type: 'email',
      autocomplete: 'email',
      spellcheck: false,
      maxlength: VOLUNTEER_LIMITS.email,
      widthClass: 'nhsuk-u-width-two-thirds',
      dir: 'ltr',
      lang,
    })}
    ${textInput({
      name: 'phone',
      label: m('join.phone.label'),
      hint: tJoinHtml(lang, 'join.phone.hint', {
        example: html`<span dir="ltr" class="nhsuk-u-nowrap">07700 900 982</span>`,
      }),
      error: errorFor('phone'),
      value: value('phone'),
      type: 'tel',
      autocomplete: 'tel',
      maxlength: 20,
      width: 20,
      dir: 'ltr',
      lang,
    })}
    ${radios({
      name: 'contactBy',
      legend: m('join.contactBy.legend'),
      legendSize: 's',
      error: errorFor('contactBy'),
      value: value('contactBy') || 'email',
      items: CONTACT_BY_CHOICES.map((choice) => ({ value: choice, text: m(`join.contactBy.${choice}`) })),
      lang,
    })}
    ${textInput({
      name: 'areas',
      label: m('join.areas.label'),
      labelSize: 'm',
      hint: m('join.areas.hint'),
      error: errorFor('areas'),
      value: value('areas'),
      spellcheck: false,
      maxlength: 200,
      widthClass: 'nhsuk-u-width-two-thirds',
      lang,
    })}
    ${checkboxes({
      name: 'helpTypes',
      legend: m('join.helpTypes.legend'),
      legendSize: 'm',
      hint: m('join.helpTypes.hint'),
      error: errorFor('helpTypes'),
      value: posted ? posted.helpTypes : volunteer.helpTypes,
      items: HELP_TYPES.map((helpType) => ({ value: helpType, text: m(`helpType.${helpType}`) })),
      lang,
    })}
    ${availabilityFieldset({
      lang,
      chosen: posted ? posted.availability : (volunteer.availability ?? []),
      error: errorFor('availability'),
    })}
    ${textInput({
      name: 'weeklyLimit',
      label: m('join.weeklyLimit.label'),
      labelSize: 's',
      hint: m('join.weeklyLimit.hint'),
      error: errorFor('weeklyLimit'),
      value: value('weeklyLimit'),
      inputmode: 'numeric',
      width: 2,
      maxlength: 2,
      lang,
    })}
    ${button({ text: m('profile.save'), name: 'action', value: 'save' })}
  </form>`;

  const pause = view.pause;
  const takeABreak = pause?.fixed
    ? html`<p>
        ${PROFILE_WORDS.tHtml(lang, 'profile.break.fixed', { phone: phoneLink(input.contact.schemePhone) })}
      </p>`
    : html`${
          pause &&
          html`<p>${m('profile.break.pausedUntil', { date: formatDateLongIn(lang, pause.until) })}</p>
            <form method="post" action="${action}" novalidate>
              ${button({ text: m('profile.break.resume'), name: 'action', value: 'resume', variant: 'secondary' })}
            </form>`
        }
        <p>${m('profile.break.intro')}</p>
        <form method="post" action="${action}" novalidate>
          ${dateInput({
            name: 'pausedUntil',
            legend: m('profile.break.legend'),
            legendSize: 's',
            hint: m('profile.break.hint'),
            error: pauseError,
            value: view.pauseTyped ?? { day: '', month: '', year: '' },
            lang,
          })}
          ${button({ text: m('profile.break.pause'), name: 'action', value: 'pause', variant: 'secondary' })}
        </form>`;

  const content = html`${errorSummary(summary, lang)}
    <h1 class="nhsuk-heading-l">${title}</h1>
    ${notes.length > 0 && insetText(html`${notes.map((note) => html`<p>${note}</p>`)}`, lang)}
    <p>${m('profile.intro')}</p>
    ${pending} ${details}

    <h2 class="nhsuk-heading-m">${m('profile.break.heading')}</h2>
    ${takeABreak}

    <h2 class="nhsuk-heading-m">${m('profile.leave.heading')}</h2>
    <p>${m('profile.leave.intro')}</p>
    <form method="post" action="${action}" novalidate>
      ${button({ text: m('profile.leave.button'), name: 'action', value: 'leave', variant: 'secondary' })}
    </form>`;
  return page(input, title, content, {
    status: summary.length > 0 ? 400 : 200,
    hasErrors: summary.length > 0,
  });
}

/** The page a new address's confirmation link opens, and what confirming it did. */
export function renderContactConfirm(view: ConfirmContactView, input: ProfilePageInput): Page {
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const m = wordsFor(lang);
  const shown = (field: 'email' | 'phone', value: string) =>
    ltrValue(field === 'phone' ? formatUkPhone(value) : value);
  switch (view.kind) {
    case 'invalid':
      return invalidPage(input);
    case 'confirm-contact': {
      const title = m(`profile.confirm.${view.field}.title`);
      return page(
        input,
        title,
        html`<h1 class="nhsuk-heading-l">${title}</h1>
          <p>
            ${PROFILE_WORDS.tHtml(lang, 'profile.confirm.body', { value: shown(view.field, view.value) })}
          </p>
          <form method="post" action="${formAction(input.path, lang)}" novalidate>
            ${button({ text: m('profile.confirm.button') })}
          </form>`,
      );
    }
    case 'contact-confirmed': {
      const title = m(`profile.confirmed.${view.field}`);
      return page(
        input,
        title,
        panel(
          title,
          PROFILE_WORDS.tHtml(lang, 'profile.confirmed.body', { value: shown(view.field, view.value) }),
        ),
      );
    }
    case 'contact-taken': {
      const title = m('profile.taken.title');
      return page(
        input,
        title,
        html`<h1 class="nhsuk-heading-l">${title}</h1>
          <p>
            ${PROFILE_WORDS.tHtml(lang, 'profile.taken.body', { phone: phoneLink(input.contact.schemePhone) })}
          </p>`,
        { status: 409 },
      );
    }
  }
}

/** "Send me a link": the form, its error, and the one answer given for any address. */
export function renderLinkRequest(
  state: { kind: 'ask'; typed?: string; error?: boolean } | { kind: 'sent'; linkDays: number },
  input: ProfilePageInput,
): Page {
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const m = wordsFor(lang);
  const alternates = linkPageAlternates(lang, PROFILE_PATH);
  if (state.kind === 'sent') {
    const title = m('profile.ask.sent.title');
    return {
      status: 200,
      body: layout({
        title,
        contact: input.contact,
        lang,
        alternates,
        content: html`${panel(title, m('profile.ask.sent.body'))}
          <p>
            ${PROFILE_WORDS.tHtml(lang, 'profile.ask.sent.next', {
              days: state.linkDays,
              phone: phoneLink(input.contact.schemePhone),
            })}
          </p>`,
      }),
    };
  }
  const error = state.error ? m('profile.ask.error') : undefined;
  const title = m('profile.ask.title');
  return {
    status: error ? 400 : 200,
    body: layout({
      title,
      contact: input.contact,
      lang,
      alternates,
      hasErrors: Boolean(error),
      content: html`${errorSummary(error ? [{ message: error, href: '#address' }] : [], lang)}
        <h1 class="nhsuk-heading-l">${title}</h1>
        <p>${m('profile.ask.intro')}</p>
        <form method="post" action="${pathFor(PROFILE_PATH, lang)}" novalidate>
          ${textInput({
            name: 'address',
            label: m('profile.ask.label'),
            hint: m('profile.ask.hint'),
            error,
            value: state.typed ?? '',
            autocomplete: 'email',
            spellcheck: false,
            maxlength: 254,
            widthClass: 'nhsuk-u-width-two-thirds',
            dir: 'ltr',
            lang,
          })}
          ${button({ text: m('profile.ask.submit') })}
        </form>`,
    }),
  };
}
