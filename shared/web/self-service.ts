import type { PauseChoice, PauseView, RequestActionKind, SelfServiceView } from '../domain/self-service.js';
import { button, errorSummary, panel, radios } from './components.js';
import { formatDateLongIn } from './format.js';
import { html, type SafeHtml } from './html.js';
import { DEFAULT_LANGUAGE, t, tHtml, type Language } from './i18n.js';
import { layout, phoneLink } from './layout.js';
import { acceptedDetailsBlock } from './pages.js';
import { concernPathFor } from './concern.js';
import {
  formAction,
  linkPageAlternates,
  referencePanelBody,
  requestLine,
  type LinkPageInput,
} from './link-pages.js';
import { LINK_WORDS, type LinkKey } from './links-i18n.js';

const CONFIRM: Record<RequestActionKind, { title: LinkKey; explain: LinkKey; button: LinkKey }> = {
  cancel: {
    title: 'selfService.cancel.title',
    explain: 'selfService.cancel.explain',
    button: 'selfService.cancel.button',
  },
  done: {
    title: 'selfService.done.title',
    explain: 'selfService.done.explain',
    button: 'selfService.done.button',
  },
  stop: {
    title: 'selfService.stop.title',
    explain: 'selfService.stop.explain',
    button: 'selfService.stop.button',
  },
  release: {
    title: 'selfService.release.title',
    explain: 'selfService.release.explain',
    button: 'selfService.release.button',
  },
};

/** From the "done" page, the volunteer can tell the prescriber about a worry (same token). */
function concernLink(lang: Language, path: string): SafeHtml {
  const concernPath = concernPathFor(path);
  return concernPath
    ? html`<p>
        ${LINK_WORDS.tHtml(lang, 'selfService.concern', {
          link: html`<a href="${formAction(concernPath, lang)}"
            >${LINK_WORDS.t(lang, 'selfService.concernLink')}</a
          >`,
        })}
      </p>`
    : html``;
}

/**
 * The other choice on the cancel page. Keeping a request changes nothing, so it needs no form and no
 * route: a details element (works without JavaScript) that says so and gives the phone number.
 */
function keepMyRequest(lang: Language, schemePhone: string): SafeHtml {
  return html`<details class="nhsuk-details">
    <summary class="nhsuk-details__summary">
      <span class="nhsuk-details__summary-text">${LINK_WORDS.t(lang, 'selfService.cancel.keep')}</span>
    </summary>
    <div class="nhsuk-details__text">
      <p><strong>${LINK_WORDS.t(lang, 'selfService.kept.title')}</strong></p>
      <p>${LINK_WORDS.tHtml(lang, 'selfService.kept.body', { phone: phoneLink(schemePhone) })}</p>
    </div>
  </details>`;
}

/** The pages behind the cancel, done and release links: public, unindexed, no personal data beyond the reference. */
export function renderSelfService(
  view: SelfServiceView,
  input: LinkPageInput,
): { status: number; body: string } {
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const m = (key: LinkKey, params?: Record<string, string>) => LINK_WORDS.t(lang, key, params);
  const withPhone = (key: LinkKey) =>
    LINK_WORDS.tHtml(lang, key, { phone: phoneLink(input.contact.schemePhone) });
  const date = (value: string) => formatDateLongIn(lang, value);
  let title: string;
  let content: SafeHtml;
  let status = 200;
  let hasErrors = false;
  switch (view.kind) {
    case 'invalid':
      status = 404;
      title = t(lang, 'link.invalid.title');
      content = html`<h1 class="nhsuk-heading-l">${title}</h1>
        <p>${tHtml(lang, 'link.invalid.body', { phone: phoneLink(input.contact.schemePhone) })}</p>`;
      break;
    case 'confirm': {
      if (view.action === 'cancel' && view.summary.frequency) {
        // Recurring help: the requester says whether to stop one visit or all that are still to come.
        const every = t(lang, `every.${view.summary.frequency}`);
        title = m('selfService.recurring.title');
        const error = view.missingScope ? m('selfService.recurring.error') : undefined;
        if (error) status = 400;
        hasErrors = error !== undefined;
        content = html`${errorSummary(error ? [{ message: error, href: '#scope' }] : [], lang)}
          <h1 class="nhsuk-heading-l">${title}</h1>
          ${requestLine(lang, view.summary)}
          <p>${m('selfService.recurring.arranged', { every })}</p>
          <form method="post" action="${formAction(input.path, lang)}" novalidate>
            ${radios({
              name: 'scope',
              legend: m('selfService.recurring.legend'),
              legendSize: 'm',
              items: [
                {
                  value: 'this',
                  text: m('selfService.recurring.this', { date: date(view.summary.neededBy) }),
                  hint: m('selfService.recurring.thisHint'),
                },
                {
                  value: 'all',
                  text: m('selfService.recurring.all'),
                  hint: m('selfService.recurring.allHint'),
                },
              ],
              lang,
              ...(error ? { error } : {}),
            })}
            ${button({ text: m('selfService.recurring.button') })}
          </form>
          ${keepMyRequest(lang, input.contact.schemePhone)}`;
        break;
      }
      const words = CONFIRM[view.action];
      title = m(words.title);
      content = html`<h1 class="nhsuk-heading-l">${title}</h1>
        ${requestLine(lang, view.summary)}
        <p>${m(words.explain)}</p>
        <form method="post" action="${formAction(input.path, lang)}">
          ${button({ text: m(words.button) })}
        </form>
        ${view.action === 'cancel' ? keepMyRequest(lang, input.contact.schemePhone) : ''}`;
      break;
    }
    case 'stopped':
      title = m('selfService.stopped.title');
      content = html`${panel(title, referencePanelBody(lang, view.summary.reference))}
        <p>${withPhone('selfService.stopped.body')}</p>
        <p>${m('selfService.stopped.thanks')}</p>`;
      break;
    case 'released':
      title = m('selfService.released.title');
      content = html`${panel(title, referencePanelBody(lang, view.summary.reference))}
        <p>${m('selfService.released.body')}</p>
        <p>${withPhone('selfService.released.delete')}</p>`;
      break;
    case 'cancel-needs-call':
      title = m('selfService.needsCall.title');
      content = html`<h1 class="nhsuk-heading-l">${title}</h1>
        ${view.seriesEnded && html`<p>${m('selfService.needsCall.seriesEnded')}</p>`}
        ${requestLine(lang, view.summary)}
        <p>${withPhone('selfService.needsCall.body')}</p>`;
      break;
    case 'cancelled':
      title = m(view.seriesEnded ? 'selfService.cancelled.seriesTitle' : 'selfService.cancelled.title');
      content = html`${panel(title, referencePanelBody(lang, view.summary.reference))}
      ${
        view.next
          ? html`<p>${m('selfService.cancelled.next', { date: date(view.next.neededBy) })}</p>`
          : html`<p>${withPhone('selfService.cancelled.body')}</p>`
      }`;
      break;
    case 'done':
      title = m('selfService.done.thanksTitle');
      content = html`${panel(title, referencePanelBody(lang, view.summary.reference))}
        <p>${m('selfService.done.closed')}</p>
        ${
          view.next?.withYou &&
          html`<p>
            ${LINK_WORDS.tHtml(lang, 'selfService.done.nextWithYou', {
              date: html`<strong>${date(view.next.neededBy)}</strong>`,
            })}
          </p>`
        }
        ${
          view.next &&
          !view.next.withYou &&
          html`<p>${m('selfService.done.nextOthers', { date: date(view.next.neededBy) })}</p>`
        }
        ${concernLink(lang, input.path)}`;
      break;
    case 'already-ended':
      title = m('selfService.ended.title');
      content = html`<h1 class="nhsuk-heading-l">${title}</h1>
        ${requestLine(lang, view.summary)}
        <p>${withPhone('selfService.ended.body')}</p>`;
      break;
    case 'details':
      title = m('selfService.details.title');
      content = html`<h1 class="nhsuk-heading-l">${title}</h1>
        ${requestLine(lang, view.summary)}
        <p>${m('selfService.details.private')}</p>
        ${acceptedDetailsBlock(lang, view.details, input.contact.schemePhone)}`;
      break;
  }
  return {
    status,
    body: layout({
      title,
      contact: input.contact,
      content,
      noIndex: true,
      hasErrors,
      lang,
      alternates: linkPageAlternates(lang, input.path),
    }),
  };
}

const PAUSE_CHOICES: readonly PauseChoice[] = ['1w', '2w', '1m', '3m'];

/**
 * The page behind a volunteer's own "pause my invites" link. It names no request: the link comes with
 * an invite, but it is about the volunteer only.
 */
export function renderPause(view: PauseView, input: LinkPageInput): { status: number; body: string } {
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const m = (key: LinkKey, params?: Record<string, string>) => LINK_WORDS.t(lang, key, params);
  const withPhone = (key: LinkKey) =>
    LINK_WORDS.tHtml(lang, key, { phone: phoneLink(input.contact.schemePhone) });
  let title: string;
  let content: SafeHtml;
  let status = 200;
  let hasErrors = false;
  switch (view.kind) {
    case 'invalid':
      status = 404;
      title = t(lang, 'link.invalid.title');
      content = html`<h1 class="nhsuk-heading-l">${title}</h1>
        <p>${withPhone('pause.invalid.body')}</p>`;
      break;
    case 'pause-choose': {
      title = m('pause.title');
      hasErrors = view.missingChoice === true;
      const error = hasErrors ? m('pause.error') : undefined;
      if (hasErrors) status = 400;
      content = html`${errorSummary(error ? [{ message: error, href: '#until' }] : [], lang)}
        <h1 class="nhsuk-heading-l">${title}</h1>
        ${
          view.pausedUntil &&
          html`<p>${m('pause.current', { date: formatDateLongIn(lang, view.pausedUntil) })}</p>`
        }
        <p>${m('pause.explain')}</p>
        <form method="post" action="${formAction(input.path, lang)}" novalidate>
          ${radios({
            name: 'until',
            legend: m('pause.legend'),
            legendSize: 'm',
            items: PAUSE_CHOICES.map((value) => ({ value, text: m(`pause.choice.${value}`) })),
            lang,
            ...(error ? { error } : {}),
          })}
          ${button({ text: m('pause.button') })}
        </form>
        <p>${withPhone('pause.comeBack')}</p>`;
      break;
    }
    case 'paused':
      title = m('pause.paused.title');
      content = html`${panel(
          title,
          LINK_WORDS.tHtml(lang, 'pause.paused.until', {
            date: html`<strong>${formatDateLongIn(lang, view.until)}</strong>`,
          }),
        )}
        <p>${m('pause.paused.body')}</p>
        <p>${withPhone('pause.paused.sooner')}</p>`;
      break;
  }
  return {
    status,
    body: layout({
      title,
      contact: input.contact,
      content,
      noIndex: true,
      hasErrors,
      lang,
      alternates: linkPageAlternates(lang, input.path),
    }),
  };
}
