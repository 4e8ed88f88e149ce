import type { SchemeSettings } from '../config.js';
import { escapeHtml } from '../web/html.js';
import type { Log, Mailer, VolunteerStore } from './ports.js';

/** The part of an SES event notification (through SNS) that matters here. */
export interface SesEvent {
  eventType?: string;
  notificationType?: string;
  bounce?: { bounceType?: string; bouncedRecipients?: { emailAddress?: string }[] };
  complaint?: { complainedRecipients?: { emailAddress?: string }[] };
}

/** Far enough ahead to mean "until someone fixes it"; the dashboard's pause control can lift it. */
export const PAUSED_UNTIL_FIXED = '9999-12-31T00:00:00.000Z';

export interface EmailEventOutcome {
  pausedVolunteerIds: string[];
  /** Recipients that are not volunteers (a requester's address): counted, never logged. */
  otherRecipients: number;
}

/**
 * An address that bounces for good, or whose owner marked us as spam, must stop getting invites:
 * the volunteer is paused and the prescriber told, so the roster can be put right.
 */
export async function handleEmailEvent(
  event: SesEvent,
  settings: Pick<SchemeSettings, 'prescriberEmail' | 'schemeName'>,
  ports: { store: Pick<VolunteerStore, 'findVolunteerByEmail' | 'putVolunteer'>; mailer: Mailer; log: Log },
): Promise<EmailEventOutcome> {
  const type = event.eventType ?? event.notificationType;
  const recipients =
    type === 'Bounce' && event.bounce?.bounceType === 'Permanent'
      ? (event.bounce.bouncedRecipients ?? [])
      : type === 'Complaint'
        ? (event.complaint?.complainedRecipients ?? [])
        : [];
  const outcome: EmailEventOutcome = { pausedVolunteerIds: [], otherRecipients: 0 };
  for (const address of recipients.map((r) => r.emailAddress).filter((a): a is string => Boolean(a))) {
    const volunteer = await ports.store.findVolunteerByEmail(address);
    if (!volunteer) {
      outcome.otherRecipients++;
      continue;
    }
    if (volunteer.pausedUntil !== PAUSED_UNTIL_FIXED) {
      await ports.store.putVolunteer({ ...volunteer, pausedUntil: PAUSED_UNTIL_FIXED });
    }
    outcome.pausedVolunteerIds.push(volunteer.id);
    const why = type === 'Bounce' ? 'cannot be delivered (it bounced)' : 'was reported as spam by its owner';
    await ports.mailer.send({
      to: settings.prescriberEmail,
      subject: `Volunteer paused: emails to ${volunteer.name} ${type === 'Bounce' ? 'bounce' : 'were reported as spam'}`,
      text: [
        'Hello,',
        '',
        `Email to ${volunteer.name} (${volunteer.email}) ${why}.`,
        'We have paused them so that requests go to volunteers who can be reached.',
        '',
        'What to do: check their email address with them, correct it on the volunteer roster, and lift the pause.',
        '',
        settings.schemeName,
      ].join('\n'),
      html: `<p>Hello,</p><p>Email to ${escapeHtml(volunteer.name)} (${escapeHtml(volunteer.email)}) ${why}.</p><p>We have paused them so that requests go to volunteers who can be reached.</p><p><strong>What to do:</strong> check their email address with them, correct it on the volunteer roster, and lift the pause.</p><p>${escapeHtml(settings.schemeName)}</p>`,
    });
  }
  ports.log.info('email event handled', {
    type: type ?? 'unknown',
    paused: outcome.pausedVolunteerIds.length,
    otherRecipients: outcome.otherRecipients,
  });
  return outcome;
}
