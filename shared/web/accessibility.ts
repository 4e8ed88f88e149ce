import type { SchemeContact } from '../domain/views.js';
import { html } from './html.js';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './i18n.js';
import { ACCESSIBILITY_PATH, layout, pathInLanguage, phoneLink } from './layout.js';
import { STATEMENT_WORDS, type StatementKey } from './statement-i18n.js';

/**
 * When the statement was written and last checked against the service, and when the service was
 * last tested (the axe, keyboard and no-JavaScript runs the statement describes). Change these when
 * the statement is reviewed: the regulations ask for a review at least once a year.
 */
export const ACCESSIBILITY_STATEMENT_DATES = {
  prepared: '2026-12-01',
  reviewed: '2026-12-01',
  tested: '2026-12-01',
} as const;

const ABILITY_NET = 'https://mcmw.abilitynet.org.uk/';
const EQUALITY_ADVISORY_SERVICE = 'https://www.equalityadvisoryservice.com/';

/** "1 December 2026", in the page's language, with the digits people in the UK use in either. */
function statementDate(isoDate: string, lang: Language): string {
  const locale = lang === DEFAULT_LANGUAGE ? 'en-GB' : `${lang}-GB-u-nu-latn`;
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${isoDate}T12:00:00Z`));
}

/**
 * The accessibility statement a public sector website must publish, after GOV.UK's model statement:
 * how accessible the service is, what is known not to be, how to ask for another format, how to
 * report a problem, the enforcement procedure, and how and when it was tested.
 */
export function renderAccessibilityStatement(input: { contact: SchemeContact; lang?: Language }): string {
  const { contact } = input;
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const m = (key: StatementKey, params?: Record<string, string>) => STATEMENT_WORDS.t(lang, key, params);
  const schemeName = contact.schemeName;
  const phone = phoneLink(contact.schemePhone);
  const external = (href: string, text: string) => html`<a href="${href}" lang="en" dir="ltr">${text}</a>`;
  const bullets = (keys: readonly StatementKey[]) =>
    html`<ul class="nhsuk-list nhsuk-list--bullet">
      ${keys.map((key) => html`<li>${m(key)}</li>`)}
    </ul>`;
  const dates = ACCESSIBILITY_STATEMENT_DATES;

  const content = html`<h1 class="nhsuk-heading-l">${m('accessibility.heading', { schemeName })}</h1>
    <p>${m('accessibility.scope', { schemeName })}</p>
    <p>${m('accessibility.intro', { schemeName })}</p>
    ${bullets([
      'accessibility.can.colours',
      'accessibility.can.zoom',
      'accessibility.can.keyboard',
      'accessibility.can.screenReader',
      'accessibility.can.noJavaScript',
      'accessibility.can.language',
    ])}
    <p>${m('accessibility.simple')}</p>
    <p>
      ${STATEMENT_WORDS.tHtml(lang, 'accessibility.abilityNet', {
        link: external(ABILITY_NET, m('accessibility.abilityNetLink')),
      })}
    </p>

    <h2 class="nhsuk-heading-m">${m('accessibility.how.heading')}</h2>
    <p>${m('accessibility.how.intro')}</p>
    ${bullets(['accessibility.how.dashboard', 'accessibility.how.languages', 'accessibility.how.rtl'])}

    <h2 class="nhsuk-heading-m">${m('accessibility.formats.heading')}</h2>
    <p>${STATEMENT_WORDS.tHtml(lang, 'accessibility.formats.body', { phone })}</p>
    <p>${STATEMENT_WORDS.tHtml(lang, 'accessibility.formats.phone', { phone })}</p>

    <h2 class="nhsuk-heading-m">${m('accessibility.report.heading')}</h2>
    <p>${STATEMENT_WORDS.tHtml(lang, 'accessibility.report.body', { phone })}</p>

    <h2 class="nhsuk-heading-m">${m('accessibility.enforcement.heading')}</h2>
    <p>
      ${STATEMENT_WORDS.tHtml(lang, 'accessibility.enforcement.body', {
        link: html`<a href="${EQUALITY_ADVISORY_SERVICE}">${m('accessibility.enforcement.link')}</a>`,
      })}
    </p>

    <h2 class="nhsuk-heading-m">${m('accessibility.technical.heading')}</h2>
    <p>${m('accessibility.technical.body', { schemeName })}</p>
    <h3 class="nhsuk-heading-s">${m('accessibility.compliance.heading')}</h3>
    <p>${m('accessibility.compliance.body')}</p>
    <h3 class="nhsuk-heading-s">${m('accessibility.nonAccessible.heading')}</h3>
    <p>${m('accessibility.nonAccessible.body')}</p>

    <h2 class="nhsuk-heading-m">${m('accessibility.improve.heading')}</h2>
    <p>${m('accessibility.improve.body')}</p>

    <h2 class="nhsuk-heading-m">${m('accessibility.tested.heading')}</h2>
    <p>
      ${m('accessibility.tested.prepared', {
        prepared: statementDate(dates.prepared, lang),
        reviewed: statementDate(dates.reviewed, lang),
      })}
    </p>
    <p>${m('accessibility.tested.intro', { date: statementDate(dates.tested, lang) })}</p>
    ${bullets(['accessibility.tested.axe', 'accessibility.tested.keyboard', 'accessibility.tested.noJavaScript'])}`;

  return layout({
    title: m('accessibility.title'),
    contact,
    content,
    lang,
    alternates: LANGUAGES.filter((other) => other !== lang).map((other) => ({
      lang: other,
      href: pathInLanguage(ACCESSIBILITY_PATH, other),
    })),
  });
}
