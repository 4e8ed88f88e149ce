import type { SearchOutcome } from '../../domain/admin/search.js';
import { HELP_TYPE_LABELS } from '../../vocabulary/help-types.js';
import type { SchemeContact } from '../../domain/views.js';
import { button, textInput } from '../components.js';
import { formatDateLong } from '../format.js';
import { html } from '../html.js';
import { adminLayout } from './layout.js';
import { requestPath } from './pages.js';
import { volunteerPath } from './volunteers.js';

const KIND_WORDS: Record<SearchOutcome['kind'], string> = {
  reference: 'reference',
  name: 'name',
  email: 'email address',
  phone: 'phone number',
};

/** The search page: the box, and what an exact search found (requests first, then volunteers). */
export function renderSearch(input: { contact: SchemeContact; outcome?: SearchOutcome }): string {
  const { outcome } = input;
  const found = outcome ? outcome.requests.length + outcome.volunteers.length : 0;
  const content = html`<h1 class="nhsuk-heading-l">Search</h1>
    <form method="get" action="/admin/search" novalidate>
      ${textInput({
        name: 'q',
        label: 'Reference, phone number, email address or full name',
        hint: 'Exact matches only: a whole name or number. Case, spaces and accents do not matter.',
        value: outcome?.query ?? '',
        autocomplete: 'off',
        spellcheck: false,
      })}
      ${button({ text: 'Search' })}
    </form>
    ${
      outcome &&
      outcome.query !== '' &&
      html`<h2 class="nhsuk-heading-m">
          ${
            found === 0
              ? `Nothing found for that ${KIND_WORDS[outcome.kind]}`
              : `${found} found by ${KIND_WORDS[outcome.kind]}`
          }
        </h2>
        ${
          outcome.requests.length > 0 &&
          html`<h3 class="nhsuk-heading-s">Requests</h3>
            <ul class="nhsuk-list ck-roster">
              ${outcome.requests.map(
                (r) =>
                  html`<li class="ck-roster__item">
                    <a href="${requestPath(r.id)}">${r.reference}</a>: ${r.requester.name},
                    ${HELP_TYPE_LABELS[r.helpType].toLowerCase()} in ${r.area}, needed by
                    ${formatDateLong(r.neededBy)} (${r.status})
                  </li>`,
              )}
            </ul>`
        }
        ${
          outcome.volunteers.length > 0 &&
          html`<h3 class="nhsuk-heading-s">Volunteers</h3>
            <ul class="nhsuk-list ck-roster">
              ${outcome.volunteers.map(
                (v) =>
                  html`<li class="ck-roster__item">
                    <a href="${volunteerPath(v.id)}">${v.name}</a>: ${v.email}, ${v.areas.join(', ')}
                  </li>`,
              )}
            </ul>`
        }`
    }`;
  return adminLayout({ title: 'Search', contact: input.contact, content, section: 'search', signedIn: true });
}
