import { itemCount, type Digest } from '../domain/digest.js';
import type { EscalationReason } from '../domain/model.js';
import type { InviteSummary, SchemeContact } from '../domain/views.js';
import { formatDateLong, formatDateShort } from '../web/format.js';
import {
  composeEmail,
  emailButton,
  emailPhone,
  emailHeading,
  emailLink,
  emailList,
  emailSignOff,
  emailYourDetails,
  emailSummaryRows,
  helpHeadline,
  paragraph,
  type EmailContent,
} from './templates.js';

/**
 * Chase-up emails. The digest goes to the prescriber's mailbox, which may be shared or forwarded, so
 * like the escalation email it names requests by reference, help type and area, never the person.
 * Volunteers are named: they are the prescriber's own roster and the prescriber needs to call them.
 */

const REASONS: Record<EscalationReason, string> = {
  'no-candidates': 'no volunteer offers this help here',
  'no-acceptance': 'nobody said yes',
  'system-failure': 'the system could not finish matching',
};

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function requestText(line: Digest['overdue'][number] | Digest['escalated'][number]): string {
  const urgent = line.urgent ? 'URGENT – ' : '';
  return `${urgent}${line.reference}: ${helpHeadline(line)}, needed by ${formatDateShort(line.neededBy)}`;
}

export function dailyDigestEmail(input: {
  digest: Digest;
  dashboardUrl: string;
  contact: SchemeContact;
}): EmailContent {
  const { digest } = input;
  const sections = [
    digest.escalated.length > 0 && [
      emailHeading(`Still waiting for you (${digest.escalated.length})`),
      paragraph('Passed to you because no volunteer was found, and not arranged yet:'),
      emailList(
        ...digest.escalated.map(
          (line) => `${requestText(line)} (${line.reason ? REASONS[line.reason] : 'passed to you'})`,
        ),
      ),
    ],
    digest.overdue.length > 0 && [
      emailHeading(`Not marked done after the date (${digest.overdue.length})`),
      paragraph('A volunteer said yes, the date has passed, and they have not said they have helped:'),
      emailList(
        ...digest.overdue.map(
          (line) =>
            `${requestText(line)}, volunteer ${line.volunteerName ?? '(no longer on the roster)'}` +
            (line.reminderSentAt ? `, reminded ${formatDateShort(line.reminderSentAt)}` : ''),
        ),
      ),
    ],
    digest.unresponsive.length > 0 && [
      emailHeading(`Volunteers not answering (${digest.unresponsive.length})`),
      paragraph(
        'No reply to their last invites in a row. They may be away, or the emails may not reach them:',
      ),
      emailList(...digest.unresponsive.map((v) => `${v.name}: ${count(v.unanswered, 'invite', 'invites')}`)),
    ],
    digest.dbsExpired.length > 0 && [
      emailHeading(`DBS checks that have lapsed (${digest.dbsExpired.length})`),
      paragraph(
        'These volunteers are no longer asked for help that needs a DBS check until a new date is recorded:',
      ),
      emailList(...digest.dbsExpired.map((v) => `${v.name}: lapsed ${formatDateLong(v.expiresOn)}`)),
    ],
    digest.dbsExpiring.length > 0 && [
      emailHeading(`DBS checks lapsing in the next 30 days (${digest.dbsExpiring.length})`),
      emailList(...digest.dbsExpiring.map((v) => `${v.name}: lapses ${formatDateLong(v.expiresOn)}`)),
    ],
  ].filter((section) => section !== false);

  const total = itemCount(digest);
  const subject =
    total === 0
      ? `Daily digest for ${formatDateShort(digest.today)}: nothing needs you`
      : `Daily digest for ${formatDateShort(digest.today)}: ${count(total, 'thing needs', 'things need')} you`;
  return composeEmail(subject, [
    paragraph('Hello,'),
    paragraph(
      total === 0
        ? 'Nothing needs you today: no request is waiting, every arranged request is on time, and no DBS check lapses in the next 30 days.'
        : `Here is what needs you today (${formatDateLong(digest.today)}).`,
    ),
    ...sections.flat(),
    ...(digest.applicantsWaiting
      ? [
          paragraph(
            `${count(digest.applicantsWaiting, 'person has', 'people have')} applied to volunteer and ${digest.applicantsWaiting === 1 ? 'is' : 'are'} waiting for your checks and decision.`,
          ),
          emailLink('See who wants to volunteer', `${input.dashboardUrl}/applicants`),
        ]
      : []),
    ...(digest.dbsUndated > 0
      ? [
          paragraph(
            `${count(digest.dbsUndated, 'volunteer is', 'volunteers are')} marked DBS checked with no date. Add the date on their page so the system can tell you before it lapses.`,
          ),
        ]
      : []),
    emailButton('Open the dashboard', input.dashboardUrl),
    paragraph('This email does not include the names or contact details of the people asking for help.'),
    paragraph(input.contact.schemeName),
  ]);
}

/** The one friendly reminder, the day after the need-by date. No personal details: the volunteer has them. */
export function volunteerReminderEmail(input: {
  volunteerFirstName: string;
  summary: InviteSummary;
  contact: SchemeContact;
  doneUrl?: string;
  /** A later visit of regular help: the first visit's reference. */
  firstReference?: string;
  /** The volunteer's own details page (a fresh personal link). */
  profileUrl?: string;
}): EmailContent {
  const { summary, contact } = input;
  const partOf = input.firstReference ? ` (part of ${input.firstReference})` : '';
  return composeEmail(
    `Have you been able to help? – ${helpHeadline(summary)} (${summary.reference}${partOf})`,
    [
      paragraph(`Hello ${input.volunteerFirstName},`),
      paragraph(
        `Thank you again for saying yes to this request. It was needed by ${formatDateLong(summary.neededBy)}, and we have not heard that it is done yet.`,
      ),
      emailSummaryRows(summary, { firstReference: input.firstReference, chosen: true }),
      ...(input.doneUrl
        ? [
            paragraph('If you have helped, please tell us so we can close the request.'),
            emailButton('I have helped', input.doneUrl),
          ]
        : []),
      paragraph(
        `If you have not been able to help, or no longer can, please call ${emailPhone(contact.schemePhone)} so we can find someone else.`,
      ),
      paragraph('This is the only reminder we will send about this request.'),
      ...emailYourDetails(input.profileUrl),
      ...emailSignOff(contact),
    ],
  );
}
