import type { TeamMember } from '../../domain/model.js';
import type { SchemeContact } from '../../domain/views.js';
import { button, checkboxes, errorSummary, tag, textInput } from '../components.js';
import { html } from '../html.js';
import { formatDateTime } from './format.js';
import { adminLayout } from './layout.js';
import { notificationBanner } from './pages.js';

export const TEAM_PATH = '/admin/team';

export function teamMemberPath(memberId: string, change: 'disable' | 'enable'): string {
  return `${TEAM_PATH}/${encodeURIComponent(memberId)}/${change}`;
}

export interface TeamPageInput {
  contact: SchemeContact;
  team: TeamMember[];
  /** The admin reading it: nobody disables themselves. */
  me: string;
  message?: string;
  errors?: { field: string; message: string }[];
  values?: { name?: string; email?: string; admin?: boolean };
}

/**
 * The team page, for admins: everyone on the team with a disable or enable button, and a form to add a
 * prescriber (Cognito emails them a temporary password). Plain form posts, so it works without JavaScript.
 */
export function renderTeamPage(input: TeamPageInput): string {
  const errors = input.errors ?? [];
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const cards = input.team.map(
    (member) =>
      html`<li class="nhsuk-card nhsuk-u-margin-bottom-4">
        <div class="nhsuk-card__content">
          <h3 class="nhsuk-card__heading nhsuk-heading-s">
            ${member.name}${member.id === input.me ? ' (you)' : ''}
          </h3>
          <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">${member.email}</p>
          <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">
            ${member.admin ? 'Admin' : 'Prescriber'}, added ${formatDateTime(member.addedAt)}
            ${member.enabled ? tag('Can sign in', 'green') : tag('Disabled', 'grey')}
          </p>
          ${
            member.id !== input.me &&
            html`<form
              method="post"
              action="${teamMemberPath(member.id, member.enabled ? 'disable' : 'enable')}"
              class="ck-inline-form"
            >
              <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
                ${member.enabled ? 'Disable' : 'Enable'}<span class="nhsuk-u-visually-hidden">
                  ${member.name}</span
                >
              </button>
            </form>`
          }
        </div>
      </li>`,
  );
  const content = html`${errorSummary(errors.map((e) => ({ message: e.message, href: `#${e.field}` })))}
    ${notificationBanner(input.message)}
    <h1 class="nhsuk-heading-l">The team</h1>
    <p>
      Everyone who can sign in to this dashboard. A disabled prescriber cannot sign in; the requests they
      handled keep their name.
    </p>
    <h2 class="nhsuk-heading-m">Prescribers</h2>
    <ul class="nhsuk-list">
      ${cards}
    </ul>
    <h2 class="nhsuk-heading-m" id="add">Add a prescriber</h2>
    <form method="post" action="${TEAM_PATH}" novalidate>
      ${textInput({
        name: 'name',
        label: 'Their name',
        hint: 'As the team will see it on the requests they handle',
        autocomplete: 'off',
        spellcheck: false,
        maxlength: 80,
        error: errorFor('name'),
        value: input.values?.name,
      })}
      ${textInput({
        name: 'email',
        label: 'Their work email address',
        hint: 'They sign in with it; a temporary password is emailed there',
        type: 'email',
        autocomplete: 'off',
        spellcheck: false,
        error: errorFor('email'),
        value: input.values?.email,
      })}
      ${checkboxes({
        name: 'admin',
        legend: 'Role',
        legendSize: 's',
        items: [{ value: 'yes', text: 'Admin: may add, disable and enable prescribers' }],
        value: input.values?.admin ? ['yes'] : [],
      })}
      ${button({ text: 'Add prescriber' })}
    </form>`;
  return adminLayout({
    title: 'The team',
    contact: input.contact,
    content,
    signedIn: true,
    hasErrors: errors.length > 0,
  });
}
