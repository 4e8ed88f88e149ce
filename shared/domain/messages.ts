import { createHash } from 'node:crypto';
import type { SlotOnDate } from './availability.js';
import type { HelpType } from '../vocabulary/help-types.js';
import type { Language } from '../vocabulary/language.js';
import type { ConcernKind, ContactField, DeclineReason } from './model.js';
import type { RecurringFrequency } from '../vocabulary/choices.js';
import type { AcceptedDetails, EscalationView, InviteSummary, SchemeContact } from './views.js';

/**
 * The outbox's vocabulary. A state change says which messages it causes as intents (a kind, a
 * recipient by id, a few facts that are ids or enumerations), and the store writes them in the same
 * transaction as the change. The sender turns each into text later, for the recipient's channel and
 * language, so nothing rendered and no address is ever stored with a message.
 */
export const MESSAGE_KINDS = [
  /** "We have your request", with its reference and a cancel link; also the next visit of weekly help. */
  'requester-confirmation',
  /** A request held as a possible repeat of an earlier one: nobody is asked until the prescriber decides. */
  'prescriber-duplicate',
  /** "Can you help?" with a single-use respond link and a pause link. */
  'volunteer-invite',
  /** The full details, to the volunteer who said yes (or was arranged by hand, or holds the series). */
  'volunteer-details',
  /** "Someone is coming", with the volunteer's first name. */
  'requester-accepted',
  /** "Someone else said yes", to the others already invited. */
  'volunteer-taken',
  /** The prescriber took the request back from the volunteer it was arranged with. */
  'volunteer-no-longer-needed',
  /** The volunteer gave the task back; we are finding someone else. */
  'requester-released',
  /** Nobody could be found (or matching failed): the prescriber takes over. */
  'prescriber-escalation',
  /** A volunteer's welfare concern. */
  'prescriber-concern',
  /** Weekly help reached its review point. */
  'prescriber-series-review',
  /** The committed volunteer hears there are no more visits. */
  'volunteer-series-ended',
  /** The one friendly "have you helped?" the day after the need-by date. */
  'volunteer-reminder',
  /** A volunteer was paused because messages to them bounce, were reported as spam, or were refused. */
  'prescriber-volunteer-paused',
  /** The answer to a volunteer's text (help, paused, declined, taken, closed): by text only. */
  'volunteer-text-reply',
  /** "Thank you for offering to help; we will be in touch", to a person who applied to join. */
  'applicant-confirmation',
  /** The team approved an applicant: welcome, and what happens next. */
  'applicant-welcome',
  /** The team cannot take an applicant on now: a kind word. */
  'applicant-declined',
  /** A fresh link to a volunteer's own details page, which they asked for by email or text. */
  'volunteer-profile-link',
  /** To a volunteer's NEW email address or mobile: follow this link to start using it. */
  'volunteer-contact-confirm',
] as const;

export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * Kinds that only make sense as a text: the answer to a text goes back where it came from, never by
 * email, and is dropped rather than moved to another channel when the number cannot be texted.
 */
export const TEXT_ONLY_KINDS = ['volunteer-text-reply'] as const satisfies readonly MessageKind[];
export type TextOnlyKind = (typeof TEXT_ONLY_KINDS)[number];
/** Every kind that has an email wording. */
export type EmailKind = Exclude<MessageKind, TextOnlyKind>;

export function isTextOnly(kind: MessageKind): kind is TextOnlyKind {
  return (TEXT_ONLY_KINDS as readonly MessageKind[]).includes(kind);
}

/** The answers to a volunteer's text; shared/sms words them in the language they wrote in. */
export const SMS_REPLY_KINDS = [
  /** Anything we could not read: what to reply, and the phone line. */
  'sms-reply-help',
  /** YES or NO with no invite waiting for an answer (it was answered, taken or closed already). */
  'sms-reply-nothing-open',
  /** NO (or a YES after the invite was declined): thanks, we will ask someone else. */
  'sms-reply-declined',
  /** PAUSE: no invites until a date. */
  'sms-reply-paused',
  /** YES that lost the race: someone else said yes first. */
  'sms-reply-taken',
  /** YES or NO to a request that no longer needs anyone (cancelled, closed, expired). */
  'sms-reply-closed',
] as const;
export type SmsReplyKind = (typeof SMS_REPLY_KINDS)[number];

export type Recipient =
  | { role: 'requester'; requestId: string }
  | { role: 'volunteer'; volunteerId: string }
  /** A person who applied to join: not a volunteer until approved. */
  | { role: 'applicant'; applicantId: string }
  | { role: 'prescriber' };

/** Ids, counts and enumerations only: a message item never holds personal data. */
export type MessageFacts = Record<string, string | number | boolean>;

export interface MessageIntent {
  kind: MessageKind;
  to: Recipient;
  requestId?: string;
  facts?: MessageFacts;
  /**
   * Set when a retried step could write the same message twice: the message id is derived from it and
   * the write is conditional, so the retry changes nothing. Without it the id is fresh, and the state
   * change's own condition keeps a retry from writing a second copy.
   */
  dedupeKey?: string;
}

export type { ContactBy } from '../vocabulary/choices.js';
export type { Channel } from './contact.js';

/** A message item as stored (pk MSG#id, sk MESSAGE). */
export interface StoredMessage extends MessageIntent {
  id: string;
  createdAt: string;
  /** Epoch seconds: TTL removes the item; it holds ids only, so it is kept a while to explain what was sent. */
  expiresAt: number;
  sentEmailAt?: string;
  sentTextAt?: string;
  /** Set when no channel is left to try: every channel went, or was refused for good, or was not needed. */
  doneAt?: string;
  /** A cleaned error name: why a channel was refused for good. */
  failedReason?: string;
  /** Why nothing was sent: the recipient is gone, or the message no longer applies. */
  skippedReason?: string;
  /** A delivery in progress holds the item until then, so two deliveries never both send. */
  leaseUntil?: string;
}

/** How long a message item stays after it is written (ids only; TTL removes it). */
export const MESSAGE_RETENTION_DAYS = 30;

export const toRequester = (requestId: string): Recipient => ({ role: 'requester', requestId });
export const toVolunteer = (volunteerId: string): Recipient => ({ role: 'volunteer', volunteerId });
export const TO_PRESCRIBER: Recipient = { role: 'prescriber' };

/** The id a message is stored under: derived from its dedupe key, or fresh. Never personal data. */
export function messageIdFor(intent: MessageIntent, fresh: () => string): string {
  if (!intent.dedupeKey) return fresh();
  return createHash('sha256').update(intent.dedupeKey, 'utf8').digest('base64url').slice(0, 32);
}

/** Who gets a message, by id, for logs and for the store's recipient fields. */
export function recipientId(to: Recipient): string {
  switch (to.role) {
    case 'requester':
      return `requester:${to.requestId}`;
    case 'volunteer':
      return `volunteer:${to.volunteerId}`;
    case 'applicant':
      return `applicant:${to.applicantId}`;
    case 'prescriber':
      return 'prescriber';
  }
}

// ---- what a message shows: plain views, built by the sender, turned into text by a renderer ----

export type ArrangedBy = 'accepted' | 'asked-by-prescriber' | 'series';
export type PauseReason = 'bounce' | 'complaint' | 'rejected';

export interface MessageViews {
  'requester-confirmation': {
    reference: string;
    helpType: HelpType;
    /** What, when and where, repeated so the requester can check them: the area, never the address. */
    area?: string;
    neededBy?: string;
    contact: SchemeContact;
    language?: Language;
    cancelUrl?: string;
    /** Recurring help: this is a later visit, to be matched, needed by this date. */
    nextVisitBy?: string;
    /** Held as a possible repeat of an earlier request: the team looks first, nobody is asked yet. */
    held?: boolean;
    /** A later visit of regular help: the first visit's reference, the one the family knows. */
    firstReference?: string;
  };
  'prescriber-duplicate': {
    reference: string;
    originalReference?: string;
    helpType: HelpType;
    area: string;
    dashboardUrl: string;
    schemeName: string;
  };
  'volunteer-invite': {
    volunteerFirstName: string;
    summary: InviteSummary;
    respondUrl: string;
    contact: SchemeContact;
    /** When this wave's window closes (ISO instant): answers after it may find someone else said yes. */
    answerBy: string;
    /** When the sender wrote it (ISO instant): what "today" and "tomorrow" in the answer-by time mean. */
    writtenAt?: string;
    pauseUrl?: string;
    firstReference?: string;
    /** The first of the volunteer's usual times before the need-by date: why they are asked. */
    availableOn?: SlotOnDate;
    /** The volunteer's own details page (a fresh personal link; the one before stops working). */
    profileUrl?: string;
  };
  'volunteer-details': {
    volunteerFirstName: string;
    details: AcceptedDetails;
    contact: SchemeContact;
    arrangedBy: ArrangedBy;
    /** Sent again because the date or details changed (a later request was merged into this one). */
    changed?: boolean;
    series?: { frequency: RecurringFrequency; committed: boolean };
    doneUrl?: string;
    releaseUrl?: string;
    stopUrl?: string;
    /** The details page, for the text: a text never carries the person's name or address. */
    detailsUrl?: string;
    firstReference?: string;
    /** The volunteer's own details page (a fresh personal link; the one before stops working). */
    profileUrl?: string;
  };
  'requester-accepted': {
    reference: string;
    volunteerFirstName: string;
    contact: SchemeContact;
    language?: Language;
    nextVisitBy?: string;
    firstReference?: string;
  };
  'volunteer-taken': {
    volunteerFirstName: string;
    summary: InviteSummary;
    contact: SchemeContact;
    firstReference?: string;
    /** The volunteer's own details page (a fresh personal link; the one before stops working). */
    profileUrl?: string;
  };
  'volunteer-no-longer-needed': {
    volunteerFirstName: string;
    summary: InviteSummary;
    contact: SchemeContact;
    firstReference?: string;
    /** The volunteer's own details page (a fresh personal link; the one before stops working). */
    profileUrl?: string;
  };
  'requester-released': {
    reference: string;
    contact: SchemeContact;
    language?: Language;
    firstReference?: string;
  };
  'prescriber-escalation': { escalation: EscalationView; dashboardUrl?: string; contact: SchemeContact };
  'prescriber-concern': {
    reference: string;
    helpType: HelpType;
    area: string;
    kinds: readonly ConcernKind[];
    hasNote: boolean;
    dashboardUrl: string;
    schemeName: string;
  };
  'prescriber-series-review': {
    reference: string;
    helpType: HelpType;
    area: string;
    frequency: RecurringFrequency;
    occurrences: number;
    seriesUrl: string;
    schemeName: string;
  };
  'volunteer-series-ended': {
    volunteerFirstName: string;
    reference: string;
    helpType: HelpType;
    area: string;
    frequency: RecurringFrequency;
    contact: SchemeContact;
    /** The volunteer's own details page (a fresh personal link; the one before stops working). */
    profileUrl?: string;
  };
  'volunteer-reminder': {
    volunteerFirstName: string;
    summary: InviteSummary;
    contact: SchemeContact;
    doneUrl?: string;
    firstReference?: string;
    /** The volunteer's own details page (a fresh personal link; the one before stops working). */
    profileUrl?: string;
  };
  'prescriber-volunteer-paused': {
    volunteerName: string;
    volunteerEmail: string;
    reason: PauseReason;
    schemeName: string;
  };
  'volunteer-text-reply': {
    reply: SmsReplyKind;
    contact: SchemeContact;
    /** sms-reply-paused: the last day of the pause, YYYY-MM-DD. */
    until?: string;
    /** The language the volunteer's own text was written in. */
    language?: Language;
  };
  'applicant-confirmation': { firstName: string; contact: SchemeContact; language?: Language };
  'applicant-welcome': { volunteerFirstName: string; contact: SchemeContact; profileUrl?: string };
  'applicant-declined': {
    firstName: string;
    reason: DeclineReason;
    contact: SchemeContact;
    language?: Language;
  };
  'volunteer-profile-link': { volunteerFirstName: string; profileUrl: string; contact: SchemeContact };
  'volunteer-contact-confirm': {
    volunteerFirstName: string;
    field: ContactField;
    confirmUrl: string;
    contact: SchemeContact;
  };
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** Texts exist for some kinds only; the rest go by email. */
export interface TextRenderer {
  renders(kind: MessageKind): boolean;
  render<K extends MessageKind>(kind: K, view: MessageViews[K]): string;
}

/** Turns a view into words: shared/mail for email, shared/sms for texts. */
export interface Renderers {
  email<K extends EmailKind>(kind: K, view: MessageViews[K]): EmailContent;
  sms?: TextRenderer;
}
