import type { SchemeSettings } from '../config.js';
import { TO_PRESCRIBER } from './messages.js';
import type { Log, MessageStore, VolunteerStore } from './ports.js';

/** The part of an SES event notification (through SNS) that matters here. */
export interface SesEvent {
  eventType?: string;
  notificationType?: string;
  /** The id SES gave the email: with the volunteer's id, it makes a redelivered event tell the prescriber once. */
  mail?: { messageId?: string };
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
 * the volunteer is paused and the prescriber told (through the outbox), so the roster can be put right.
 */
export async function handleEmailEvent(
  event: SesEvent,
  _settings: Pick<SchemeSettings, 'prescriberEmail' | 'schemeName'>,
  ports: {
    store: Pick<VolunteerStore, 'findVolunteerByEmail' | 'putVolunteer'> & Pick<MessageStore, 'putMessages'>;
    log: Log;
  },
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
    const sesMessageId = event.mail?.messageId;
    await ports.store.putMessages([
      {
        kind: 'prescriber-volunteer-paused',
        to: TO_PRESCRIBER,
        facts: { volunteerId: volunteer.id, reason: type === 'Bounce' ? 'bounce' : 'complaint' },
        ...(sesMessageId ? { dedupeKey: `ses-event:${sesMessageId}:${volunteer.id}` } : {}),
      },
    ]);
  }
  ports.log.info('email event handled', {
    type: type ?? 'unknown',
    paused: outcome.pausedVolunteerIds.length,
    otherRecipients: outcome.otherRecipients,
  });
  return outcome;
}
