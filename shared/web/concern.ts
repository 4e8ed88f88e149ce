import { CONCERN_NOTE_MAX, type ConcernView } from '../domain/concerns.js';
import { CONCERN_KINDS } from '../domain/model.js';
import { button, checkboxes, errorSummary, panel, textarea, warningCallout } from './components.js';
import { html, type SafeHtml } from './html.js';
import { DEFAULT_LANGUAGE, t, type Language } from './i18n.js';
import { layout, phoneLink } from './layout.js';
import {
  formAction,
  linkPageAlternates,
  referencePanelBody,
  requestLine,
  type LinkPageInput,
} from './link-pages.js';
import { LINK_WORDS, type LinkKey } from './links-i18n.js';

export const CONCERN_PATH = '/concern';

/** The concern link that goes with a done link: the same token, another page. */
export function concernPathFor(donePath: string): string | undefined {
  const match = /^\/done\/([^/]+)$/.exec(donePath);
  return match ? `${CONCERN_PATH}/${match[1]}` : undefined;
}

/** The domain's English messages, to the page's words (the domain speaks English for the API and tests). */
function errorMessage(lang: Language, error: { field: string; message: string }): string {
  if (error.field === 'note')
    return LINK_WORDS.t(lang, 'concern.error.noteTooLong', { max: CONCERN_NOTE_MAX });
  if (error.message === 'Choose from the list') return LINK_WORDS.t(lang, 'concern.error.choose');
  return LINK_WORDS.t(lang, 'concern.error.required');
}

function emergency(lang: Language): SafeHtml {
  return warningCallout(
    LINK_WORDS.t(lang, 'concern.emergency.title'),
    html`<p>${LINK_WORDS.t(lang, 'concern.emergency.body')}</p>`,
  );
}

/** Volunteer-facing and public: noindex, and nothing beyond the reference and the help given. */
export function renderConcernPage(view: ConcernView, input: LinkPageInput): { status: number; body: string } {
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const m = (key: LinkKey, params?: Record<string, string | number>) => LINK_WORDS.t(lang, key, params);
  const withPhone = (key: LinkKey) =>
    LINK_WORDS.tHtml(lang, key, { phone: phoneLink(input.contact.schemePhone) });
  let title: string;
  let content: SafeHtml;
  let status = 200;
  switch (view.kind) {
    case 'invalid':
      status = 404;
      title = t(lang, 'link.invalid.title');
      content = html`<h1 class="nhsuk-heading-l">${title}</h1>
        <p>${withPhone('concern.invalid.body')}</p>
        ${emergency(lang)}`;
      break;
    case 'form': {
      title = m('concern.title');
      const error = view.error
        ? { field: view.error.field, message: errorMessage(lang, view.error) }
        : undefined;
      const errors = error ? [{ message: error.message, href: `#${error.field}` }] : [];
      content = html`${errorSummary(errors, lang)}
        <h1 class="nhsuk-heading-l">${title}</h1>
        ${requestLine(lang, view.summary)} ${emergency(lang)}
        <p>${m('concern.intro')}</p>
        <form method="post" action="${formAction(input.path, lang)}" novalidate>
          ${checkboxes({
            name: 'kinds',
            legend: m('concern.legend'),
            legendSize: 'm',
            hint: m('concern.hint'),
            error: error?.field === 'kinds' ? error.message : undefined,
            items: CONCERN_KINDS.map((kind) => ({ value: kind, text: m(`concernKind.${kind}`) })),
            value: view.values?.kinds ?? [],
            lang,
          })}
          ${textarea({
            name: 'note',
            label: m('concern.note'),
            labelSize: 's',
            hint: m('concern.noteHint', { max: CONCERN_NOTE_MAX }),
            value: view.values?.note,
            error: error?.field === 'note' ? error.message : undefined,
            rows: 4,
            maxlength: CONCERN_NOTE_MAX,
            lang,
          })}
          ${button({ text: m('concern.button') })}
        </form>`;
      break;
    }
    case 'raised':
      title = m('concern.raised.title');
      content = html`${panel(title, referencePanelBody(lang, view.summary.reference))}
        <p>${m('concern.raised.body')}</p>
        <p>${withPhone('concern.raised.more')}</p>
        ${emergency(lang)}`;
      break;
  }
  return {
    status,
    body: layout({
      title,
      contact: input.contact,
      content,
      noIndex: true,
      hasErrors: view.kind === 'form' && Boolean(view.error),
      lang,
      alternates: linkPageAlternates(lang, input.path),
    }),
  };
}
