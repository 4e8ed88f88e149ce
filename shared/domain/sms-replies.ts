import { pauseVolunteer } from './admin/volunteers.js';
import { isOpen, type MatchingSettings } from './matching.js';
import type { Language } from '../vocabulary/language.js';
import type { MessageIntent, SmsReplyKind } from './messages.js';
import type { Invite, Volunteer } from './model.js';
import type { Ids } from './ports.js';
import { answerInvite, type RespondPorts } from './respond.js';
import { addDaysToDate, epochSeconds, londonDate } from '../vocabulary/time.js';
import type { RespondView } from './views.js';

/**
 * Two-way texts: a volunteer answers an invite by replying to it. The reply goes through the same
 * conditional accept as the link, so a YES racing a click has exactly one winner.
 */

export type ReplyAction = 'yes' | 'no' | 'pause' | 'stop' | 'other';

/** How long PAUSE stops invites: a week, the shortest choice on the pause page. */
export const TEXT_PAUSE_DAYS = 7;

/**
 * Whole-message keywords, after normalising case, punctuation and Arabic letter forms. Only whole
 * messages count: "no problem, I'll go" must not decline, so anything unclear gets the help text.
 * The stop words are End User Messaging's default opt-out keywords: the number's opt-out list acts on
 * them whatever we do, so we record the same.
 */
const KEYWORDS: Record<Exclude<ReplyAction, 'other'>, readonly string[]> = {
  yes: [
    'yes',
    'y',
    'yes please',
    'yes i can',
    'yes i can help',
    'yes thanks',
    'yeah',
    'yep',
    'ok',
    'نعم',
    'اجل',
    'ايوه',
  ],
  no: ['no', 'n', 'no thanks', 'no thank you', 'no sorry', 'sorry no', 'cant', 'لا', 'لا شكرا'],
  pause: ['pause', 'break', 'توقف مؤقت', 'ايقاف مؤقت'],
  stop: [
    'stop',
    'stopall',
    'unsubscribe',
    'cancel',
    'end',
    'quit',
    'optout',
    'opt out',
    'opt-out',
    'remove',
    'stop all',
    'الغاء',
    'ايقاف',
    'توقف',
  ],
};

const ACTION_OF_WORDS = new Map<string, Exclude<ReplyAction, 'other'>>(
  Object.entries(KEYWORDS).flatMap(([action, words]) =>
    words.map((word) => [word, action as Exclude<ReplyAction, 'other'>] as const),
  ),
);

/** Lower case, no punctuation or emoji, one space between words; Arabic without vowel marks and with one alef. */
export function normaliseReply(body: string): string {
  return body
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[أإآ]/g, 'ا')
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseReply(body: string): ReplyAction {
  return ACTION_OF_WORDS.get(normaliseReply(body)) ?? 'other';
}

export type { SmsReplyKind } from './messages.js';

/** One answer to a volunteer's text, as the outcome reports it. */
export interface SmsReplyIntent {
  kind: SmsReplyKind;
  to: { role: 'volunteer'; volunteerId: string };
  requestId?: string;
  facts?: Record<string, string | number | boolean>;
}

export type TextReplyOutcome =
  /** A number not on the roster: nothing is sent, and nothing about the number is logged. */
  | { kind: 'unknown-sender' }
  | {
      kind: 'answered';
      action: ReplyAction;
      volunteerId: string;
      requestId?: string;
      /** YES / NO: what the shared answer path decided. */
      view?: RespondView['kind'];
      replies: SmsReplyIntent[];
    };

export interface TextReplyPorts extends RespondPorts {
  ids: Pick<Ids, 'volunteerId' | 'actionToken'>;
}

export interface TextReply {
  /** The volunteer's number, E.164, as End User Messaging reports it. */
  from: string;
  body: string;
  /**
   * End User Messaging's id for this text. The answer goes into the outbox under a message id made from
   * it, so a redelivered text (SNS and Lambda both retry) is answered once.
   */
  id?: string;
}

/** Arabic letters anywhere in the text: the answer is written in Arabic too. */
export function languageOfReply(body: string): Language {
  return /[\u0600-\u06FF]/.test(body) ? 'ar' : 'en';
}

/**
 * The outbox messages for a reply's answers. The volunteer's answer itself (accept, decline, pause) is
 * stored first and is idempotent, so a retried text stores the same answer and, by its id, the same
 * messages: nothing is lost between the two writes and nothing goes twice.
 */
export function replyMessages(
  replies: readonly SmsReplyIntent[],
  reply: TextReply,
  language: Language,
): MessageIntent[] {
  return replies.map((intent, index) => ({
    kind: 'volunteer-text-reply',
    to: intent.to,
    ...(intent.requestId ? { requestId: intent.requestId } : {}),
    facts: { ...intent.facts, reply: intent.kind, language },
    ...(reply.id ? { dedupeKey: `text-reply:${reply.id}:${index}` } : {}),
  }));
}

export async function handleTextReply(
  reply: TextReply,
  settings: MatchingSettings,
  ports: TextReplyPorts,
): Promise<TextReplyOutcome> {
  const volunteer = await ports.store.findVolunteerByPhone(reply.from);
  if (!volunteer) {
    ports.log.info('text reply from a number not on the roster');
    return { kind: 'unknown-sender' };
  }
  const action = parseReply(reply.body);
  const answered = async (
    replies: SmsReplyIntent[],
    extra: { requestId?: string; view?: RespondView['kind'] } = {},
  ) => {
    if (replies.length > 0)
      await ports.store.putMessages(replyMessages(replies, reply, languageOfReply(reply.body)));
    ports.log.info('text reply', { volunteerId: volunteer.id, action, ...extra });
    return { kind: 'answered' as const, action, volunteerId: volunteer.id, ...extra, replies };
  };
  const to = { role: 'volunteer' as const, volunteerId: volunteer.id };

  switch (action) {
    case 'stop':
      await recordOptOut(volunteer, ports);
      // End User Messaging answers STOP itself and blocks the number: nothing more from us.
      return answered([]);
    case 'pause': {
      const until = await pauseForAWeek(volunteer, ports);
      return answered([{ kind: 'sms-reply-paused', to, facts: { until } }]);
    }
    case 'other':
      return answered([{ kind: 'sms-reply-help', to }]);
    case 'yes':
    case 'no': {
      const invite = await latestOpenInvite(volunteer.id, ports);
      if (!invite) return answered([{ kind: 'sms-reply-nothing-open', to }]);
      const view = await answerInvite(
        invite.tokenHash,
        action === 'yes' ? 'accept' : 'decline',
        settings,
        ports,
      );
      const requestId = invite.requestId;
      const answer = replyTo(view.kind);
      return answered(answer ? [{ kind: answer, to, requestId }] : [], { requestId, view: view.kind });
    }
  }
}

/**
 * The invite a YES or NO answers: the newest one still waiting whose request still needs someone.
 * An older open invite is answered only by its link, which names the request.
 */
async function latestOpenInvite(volunteerId: string, ports: TextReplyPorts): Promise<Invite | undefined> {
  const now = ports.clock.now();
  for (const invite of await ports.store.listOpenInvites(volunteerId, epochSeconds(now))) {
    const request = await ports.store.getRequest(invite.requestId);
    if (request && isOpen(request)) return invite;
  }
  return undefined;
}

/** The winner hears nothing here: the details message that follows an accept is their answer. */
function replyTo(view: RespondView['kind']): SmsReplyKind | undefined {
  switch (view) {
    case 'accepted':
    case 'already-accepted':
      return undefined;
    case 'declined':
    case 'already-declined':
      return 'sms-reply-declined';
    case 'taken':
      return 'sms-reply-taken';
    case 'closed':
    case 'expired':
    case 'invalid':
    case 'open':
      return 'sms-reply-closed';
  }
}

/** A week from today, never shortening a longer pause already in place (the prescriber's, or a bounce's). */
async function pauseForAWeek(volunteer: Volunteer, ports: TextReplyPorts): Promise<string> {
  const until = addDaysToDate(londonDate(ports.clock.now()), TEXT_PAUSE_DAYS);
  const current = volunteer.pausedUntil?.slice(0, 10);
  if (current && current >= until) return current;
  await pauseVolunteer(volunteer.id, until, volunteer.id, ports);
  return until;
}

/**
 * Kept on the profile so nobody texts them again (the sender checks it before End User Messaging
 * would refuse): a volunteer who asked for texts only is reached by email from now on.
 */
async function recordOptOut(volunteer: Volunteer, ports: TextReplyPorts): Promise<void> {
  if (volunteer.smsOptedOutAt) return;
  await ports.store.putVolunteer({ ...volunteer, smsOptedOutAt: ports.clock.now().toISOString() });
  ports.log.info('volunteer opted out of texts', { volunteerId: volunteer.id });
}
