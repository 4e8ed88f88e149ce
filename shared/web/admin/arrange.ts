import { FIT_PROBLEM_TEXT, type CandidateFacts } from '../../domain/admin/candidates.js';
import type { CandidateLine, RequestDetail } from '../../domain/admin/requests.js';
import type { Weekday } from '../../vocabulary/availability.js';
import { HELP_TYPE_LABELS } from '../../vocabulary/help-types.js';
import type { HelpRequest, Volunteer } from '../../domain/model.js';
import type { SchemeContact } from '../../domain/views.js';
import { button, radios, tag, textInput, warningCallout } from '../components.js';
import { formatDateLong } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { formatDateTime } from './format.js';
import { adminLayout } from './layout.js';

const ASKED_TEXT: Partial<Record<NonNullable<CandidateFacts['askedForThis']>, string>> = {
  declined: 'said no to this request',
  sent: 'was asked for this request',
  pending: 'is being asked for this request',
  taken: 'was asked for this request',
};

const DAY_WORDS: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** "Usually free Tue morning, Wed morning", or that they never said (then any time counts). */
function availabilityLine(volunteer: Volunteer): string {
  const slots = volunteer.availability ?? [];
  if (slots.length === 0) return 'No usual times given (treated as any time)';
  const words = slots.map((slot) => {
    const [day, part] = slot.split('-') as [Weekday, string];
    return `${DAY_WORDS[day]} ${part}`;
  });
  return `Usually free ${words.join(', ')}`;
}

function limitLine(facts: CandidateFacts): string {
  const taken = `${facts.acceptedThisWeek} job${facts.acceptedThisWeek === 1 ? '' : 's'} this week`;
  const helped = facts.lastHelpedAt ? `last helped ${formatDateTime(facts.lastHelpedAt)}` : 'no job recorded';
  if (facts.weeklyLimit === undefined) return `${taken}, ${helped}; no weekly limit`;
  return `${taken} of at most ${facts.weeklyLimit}, ${helped}`;
}

/** The facts that tell two volunteers of the same name apart, and how well each fits. */
function candidateHint({ volunteer, facts }: CandidateLine): SafeHtml {
  const lines = [
    `${volunteer.email}${volunteer.phone ? `, ${volunteer.phone}` : ''}`,
    `Areas ${volunteer.areas.join(', ')}; joined ${formatDateLong(volunteer.createdAt.slice(0, 10))}`,
    availabilityLine(volunteer),
    limitLine(facts),
    facts.lastInvitedAt
      ? `${facts.recentInvites} invite${facts.recentInvites === 1 ? '' : 's'} lately, the last ${formatDateTime(facts.lastInvitedAt)}`
      : 'Not invited lately',
    facts.askedForThis && ASKED_TEXT[facts.askedForThis] ? `Already ${ASKED_TEXT[facts.askedForThis]}` : '',
  ].filter((line) => line !== '');
  return html`${lines.map((line) => html`<span class="ck-block">${line}</span>`)}
  ${
    facts.problems.length === 0
      ? tag('Good fit', 'green')
      : facts.problems.map((problem) => html`${tag(problem === 'paused' ? 'Paused' : 'Poor fit', 'orange')} `)
  }
  ${
    facts.problems.length > 0 &&
    html`<span class="ck-block"
      >This volunteer ${facts.problems.map((p) => FIT_PROBLEM_TEXT[p]).join('; ')}.</span
    >`
  }`;
}

function choiceOf(line: CandidateLine) {
  return { value: line.volunteer.id, text: line.volunteer.name, hint: candidateHint(line) };
}

/**
 * Arranging by hand: the best-fitting volunteers for this request, ranked, each with what tells them
 * apart, and a search by name for anyone else. Bounded: at most CANDIDATES_SHOWN from the offer index.
 */
export function arrangeSection(
  detail: RequestDetail,
  input: { action: string; requestPath: string; error?: string },
): SafeHtml {
  const lines = [...(detail.searched?.lines ?? []), ...detail.candidates].filter(
    (line, index, all) => all.findIndex((other) => other.volunteer.id === line.volunteer.id) === index,
  );
  const searchedNone = detail.searched && detail.searched.lines.length === 0;
  return html`<h2 class="nhsuk-heading-m" id="assign">Arrange a volunteer by hand</h2>
    <p>
      ${detail.offering} volunteer${detail.offering === 1 ? ' offers' : 's offer'}
      ${HELP_TYPE_LABELS[detail.request.helpType].toLowerCase()} in ${detail.request.area}. The best fits come
      first: not paused, a DBS check where this help needs one, then those asked least lately.
    </p>
    ${
      lines.length > 0
        ? html`<form method="post" action="${input.action}" novalidate>
            ${radios({
              name: 'volunteerId',
              legend: 'Volunteer',
              legendSize: 's',
              error: input.error,
              items: lines.map(choiceOf),
            })}
            ${button({ text: 'Arrange this volunteer' })}
          </form>`
        : html`<p>Nobody offers this help here. Search for a volunteer by name below.</p>`
    }
    <form method="get" action="${input.requestPath}#assign" novalidate>
      ${textInput({
        name: 'who',
        label: 'Someone else: search by full name',
        hint: 'Their whole name, as on the roster. Case and accents do not matter.',
        value: detail.searched?.name ?? '',
        autocomplete: 'off',
      })}
      ${searchedNone && html`<p>Nobody on the roster is called ${detail.searched?.name ?? ''}.</p>`}
      ${button({ text: 'Search', variant: 'secondary' })}
    </form>`;
}

/**
 * "Find a volunteer again", honest before acting: how many would be asked, or that nobody new is left
 * (then no button, since pressing it would change nothing).
 */
export function rematchSection(detail: RequestDetail, action: string): SafeHtml {
  if (detail.request.status !== 'escalated') return html``;
  if (detail.newToAsk === 0) {
    return html`<h2 class="nhsuk-heading-m">Ask volunteers again</h2>
      <p>
        Nobody new can be asked: everyone who offers this help here and is not paused was asked already.
        Arrange a volunteer by hand, or close the request.
      </p>`;
  }
  const count = `${detail.newToAsk} volunteer${detail.newToAsk === 1 ? '' : 's'}`;
  return html`<h2 class="nhsuk-heading-m">Ask volunteers again</h2>
    <p>
      ${count} who ${detail.newToAsk === 1 ? 'was' : 'were'} not asked before would be asked now (new, or back
      from a pause), in rounds as usual. Volunteers asked before are not asked again.
    </p>
    <form method="post" action="${action}">${button({ text: `Ask ${count}`, variant: 'secondary' })}</form>`;
}

/** The confirm step before arranging someone who does not fit: says why, and asks again. */
export function renderAssignConfirm(input: {
  contact: SchemeContact;
  request: HelpRequest;
  volunteer: Volunteer;
  facts: CandidateFacts;
  action: string;
  requestPath: string;
}): string {
  const { volunteer, facts } = input;
  const content = html`<h1 class="nhsuk-heading-l">Arrange ${volunteer.name} anyway?</h1>
    ${warningCallout(
      'This volunteer does not fit this request',
      html`<p>${volunteer.name} ${facts.problems.map((p) => FIT_PROBLEM_TEXT[p]).join('; ')}.</p>`,
    )}
    <p>If you arrange them, they are sent the person’s details, and the person is told someone is coming.</p>
    <form method="post" action="${input.action}" novalidate>
      <input type="hidden" name="volunteerId" value="${volunteer.id}" />
      <input type="hidden" name="confirm" value="yes" />
      ${button({ text: `Yes, arrange ${volunteer.name}` })}
    </form>
    <p><a href="${input.requestPath}#assign">No, choose someone else</a></p>`;
  return adminLayout({
    title: `Arrange ${volunteer.name} anyway?`,
    content,
    contact: input.contact,
    section: 'home',
    signedIn: true,
  });
}
