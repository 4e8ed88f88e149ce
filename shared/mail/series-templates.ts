import { HELP_TYPE_LABELS, type HelpType } from '../vocabulary/help-types.js';
import type { RecurringFrequency } from '../vocabulary/choices.js';
import type { SchemeContact } from '../domain/views.js';
import {
  composeEmail as email,
  emailButton as linkButton,
  emailReference,
  emailRows as rows,
  emailSignOff as signOff,
  emailYourDetails as yourDetails,
  helpHeadline as headline,
  paragraph as p,
  type EmailContent,
} from './templates.js';

/** Recurring help: the emails only a series sends. */

export const FREQUENCY_WORDS: Record<RecurringFrequency, { adjective: string; every: string }> = {
  weekly: { adjective: 'weekly', every: 'every week' },
  fortnightly: { adjective: 'fortnightly', every: 'every two weeks' },
};

/** The committed volunteer hears that there will be no more visits, so nobody waits for next week. */
export function volunteerSeriesEndedEmail(input: {
  volunteerFirstName: string;
  reference: string;
  helpType: HelpType;
  area: string;
  frequency: RecurringFrequency;
  contact: SchemeContact;
  /** The volunteer's own details page (a fresh personal link). */
  profileUrl?: string;
}): EmailContent {
  const words = FREQUENCY_WORDS[input.frequency];
  return email(`No more ${words.adjective} visits – ${headline(input)} (${input.reference})`, [
    p(`Hello ${input.volunteerFirstName},`),
    p(
      `The ${words.adjective} help you have been giving (${HELP_TYPE_LABELS[input.helpType]} in ${input.area}) has now ended, so there are no more visits to arrange.`,
    ),
    p(
      'If you have a visit already arranged, the details email for it still stands unless we call you. Thank you for all your help.',
    ),
    ...yourDetails(input.profileUrl),
    ...signOff(input.contact),
  ]);
}

/** The prescriber decides whether ongoing help goes on after its review point. */
export function prescriberSeriesReviewEmail(input: {
  reference: string;
  helpType: HelpType;
  area: string;
  frequency: RecurringFrequency;
  occurrences: number;
  seriesUrl: string;
  schemeName: string;
}): EmailContent {
  const words = FREQUENCY_WORDS[input.frequency];
  return email(`Review ongoing help: ${input.reference} – ${headline(input)}`, [
    p('Hello,'),
    p(
      `The ${words.adjective} help for ${emailReference(input.reference)} has reached ${input.occurrences} visits, its review point, so no more are being arranged. If it is still needed, file a new request for the person (by phone entry on the dashboard).`,
    ),
    rows(
      ['Reference', emailReference(input.reference)],
      ['Help needed', HELP_TYPE_LABELS[input.helpType]],
      ['Area', input.area],
      ['How often', words.every],
      ['Visits so far', String(input.occurrences)],
    ),
    linkButton('Open the series', input.seriesUrl),
    p('This email does not include the person’s name or contact details.'),
    p(input.schemeName),
  ]);
}
