import type { AvailabilitySlot } from '../vocabulary/availability.js';
import type { HelpType } from '../vocabulary/help-types.js';
import type { Language } from '../vocabulary/language.js';
import type { ContactBy, Frequency, RecurringFrequency } from '../vocabulary/choices.js';

export type RequestStatus =
  | 'received'
  | 'matching'
  | 'assigned'
  | 'escalated'
  | 'cancelled'
  | 'closed'
  /** A possible duplicate: stored, but nobody is invited until the prescriber decides. */
  | 'on-hold';

/** Statuses from which a volunteer may still take the request. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['received', 'matching'];

export interface Requester {
  /** The person who needs help. */
  name: string;
  /** The same name in English letters, when the name is written in another script (the Arabic form asks). */
  nameInEnglishLetters?: string;
  /** Set when someone asks on their behalf. */
  askedBy?: { name: string; relationship: string };
  phone?: string;
  email?: string;
  /** How they want our messages; absent on requests stored before it existed (email when there is one). */
  contactBy?: ContactBy;
  addressLine1: string;
  addressLine2?: string;
  town?: string;
  postcode: string;
}

export interface HelpRequest {
  id: string;
  /** Short human reference, e.g. GCK-7F3K2, shown to the requester and in every email. */
  reference: string;
  status: RequestStatus;
  helpType: HelpType;
  /**
   * Postcode sector ("SP8 4"): the only location a volunteer sees before accepting, and what matching
   * looks for. Requests stored before sectors hold the district.
   */
  area: string;
  neededBy: string;
  urgent: boolean;
  details?: string;
  /** The language the requester reads (their pages and emails); absent on requests stored before it existed. */
  language?: Language;
  requester: Requester;
  createdAt: string;
  /** Who entered it: "public-form", "api" or a prescriber's id. */
  enteredBy: string;
  wave: number;
  /** When the current wave started: its answers are due a response window later. */
  waveStartedAt?: string;
  assignedVolunteerId?: string;
  assignedAt?: string;
  escalatedAt?: string;
  escalationReason?: EscalationReason;
  /** Epoch seconds after which DynamoDB TTL deletes the request (set once it is closed). */
  expiresAt?: number;
  /** When it was closed or cancelled, by the prescriber or through a self-service link. */
  closedAt?: string;
  outcome?: CloseOutcome;
  /** The prescriber's short note on closing: free text, so it lives here (and expires), never in the audit. */
  closingNote?: string;
  /** Set when this looks like a second request for the same person and help: the earlier request's id. */
  possibleDuplicateOf?: string;
  /** Chase-ups (the daily digest): when the one friendly "have you helped?" reminder went to the volunteer. */
  reminderSentAt?: string;
  /** When its unanswered invites were counted against their volunteers, so a retried workflow step counts them once. */
  invitesSettledAt?: string;
  /** Recurring help: the series this request is one occurrence of (absent for one-off help). */
  seriesId?: string;
  /** 1 for the request the requester filed, then 2, 3, … for each occurrence the series creates. */
  occurrence?: number;
  /** How often the help recurs; absent (or 'once') for one-off help. */
  frequency?: Frequency;
  /** The prescriber handling it ("I'll handle this"): their stable id, never a name. */
  claimedBy?: string;
  claimedAt?: string;
}

// ---- recurring help ------------------------------------------------------------------

export const FREQUENCY_DAYS: Record<RecurringFrequency, number> = { weekly: 7, fortnightly: 14 };

export function isRecurring(frequency: Frequency | undefined): frequency is RecurringFrequency {
  return frequency === 'weekly' || frequency === 'fortnightly';
}

/** Why a series stopped making occurrences. */
export type SeriesEndReason =
  'requester' | 'prescriber' | 'limit' | 'no-longer-needed' | 'duplicate' | 'erased';

/**
 * Ongoing help (a weekly shop, a weekly call): each occurrence is its own request, with its own
 * reference, invites and audit. The series itself holds ids, counts and enumerations only, so it
 * carries no personal data: the next occurrence copies the requester from the one before.
 */
export interface HelpSeries {
  /** The first occurrence's request id. */
  id: string;
  frequency: RecurringFrequency;
  helpType: HelpType;
  area: string;
  status: 'active' | 'ended';
  /** Every occurrence's request id, in order. */
  requestIds: string[];
  /** The volunteer who said "every time": the next occurrence is theirs without asking anyone else. */
  committedVolunteerId?: string;
  committedAt?: string;
  createdAt: string;
  endedAt?: string;
  /** "requester", "system" or a prescriber's id. */
  endedBy?: string;
  endReason?: SeriesEndReason;
  /** Epoch seconds: set when it ends, so TTL removes it after the retention period. */
  expiresAt?: number;
}

/** How a case ended: the figures a social prescribing team reports to its commissioners. */
export const CLOSE_OUTCOMES = ['helped', 'no-longer-needed', 'referred-elsewhere', 'could-not-help'] as const;
/** 'duplicate' is set only by the prescriber's merge decision, so it is not one of the close form's choices. */
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number] | 'duplicate';

/**
 * A self-service link: the requester's "cancel", the winning volunteer's "done" and "release", or a
 * volunteer's own "pause" (sent with each invite). Only the hash is stored.
 */
export interface ActionToken {
  tokenHash: string;
  kind: 'cancel' | 'done' | 'release' | 'pause' | 'stop' | 'details';
  /** The request it acts on; absent on a pause link, which is bound to the volunteer alone. */
  requestId?: string;
  /** The volunteer a "done", "release", "pause", "stop" or "details" link was sent to. */
  volunteerId?: string;
  /** Epoch seconds: the link stops working and TTL removes it. */
  expiresAt: number;
  /** When a single-use link (release) was spent. */
  usedAt?: string;
}

export type EscalationReason = 'no-candidates' | 'no-acceptance' | 'system-failure';

export interface Volunteer {
  id: string;
  name: string;
  email: string;
  phone?: string;
  /** How they want invites and updates; email when absent. Texts need a UK mobile in `phone`. */
  contactBy?: ContactBy;
  /** When they replied STOP to our texts: no more texts (End User Messaging's opt-out list agrees). */
  smsOptedOutAt?: string;
  areas: string[];
  helpTypes: HelpType[];
  dbsChecked: boolean;
  /**
   * The date (YYYY-MM-DD) of the DBS check: it lapses `dbsValidForMonths` later. A volunteer stored
   * before dates were recorded has `dbsChecked` without one, which still counts (see domain/dbs.ts).
   */
  dbsCheckedOn?: string;
  /** Invites in a row that ended with no answer; any answer sets it back to 0. The digest lists 3 or more. */
  unansweredInvitesInARow?: number;
  /** ISO date-time until which the volunteer gets no invites. */
  pausedUntil?: string;
  /** ISO timestamps of recent invites (trimmed to the fairness window) for fair rotation. */
  recentInvites: string[];
  createdAt: string;
  /** When they can usually help (London time); absent: any time, as for everyone before it was asked. */
  availability?: AvailabilitySlot[];
  /** At most this many accepted jobs a London week (Monday to Sunday); absent: no limit. */
  weeklyLimit?: number;
  /** ISO timestamps of this week's acceptances, for the weekly limit (older ones are dropped). */
  recentAccepts?: string[];
}

export type InviteStatus = 'pending' | 'sent' | 'accepted' | 'declined' | 'taken';
/**
 * Invites that can still be answered (accepted, declined or taken). Pending counts: the invite may have
 * reached the volunteer before it was marked sent.
 */
export const ANSWERABLE_INVITE_STATUSES: readonly InviteStatus[] = ['sent', 'pending'];

export interface Invite {
  requestId: string;
  volunteerId: string;
  wave: number;
  tokenHash: string;
  /**
   * A link of this invite that was already sent on one channel when a retry of the other channel made
   * a new one: it keeps working, so an email sent before a throttled text's retry still answers.
   */
  previousTokenHash?: string;
  status: InviteStatus;
  createdAt: string;
  /** Epoch seconds: the link stops working, and TTL removes the invite. */
  expiresAt: number;
  respondedAt?: string;
}

export type AuditType =
  | 'received'
  | 'wave-started'
  | 'invited'
  | 'accepted'
  | 'declined'
  | 'escalated'
  | 'matching-finished'
  | 'assigned-by-hand'
  | 'matching-rerun'
  | 'cancelled'
  | 'closed'
  | 'erased'
  /** The assigned volunteer gave the task back through their release link; matching runs again. */
  | 'released'
  // Welfare concerns and possible duplicates (see concerns.ts and duplicates.ts).
  | 'concern-raised'
  | 'concern-acknowledged'
  | 'duplicate-suspected'
  | 'duplicate-merged'
  | 'duplicate-treated-as-new'
  /** The prescriber took an arranged request back from a volunteer who dropped out. */
  | 'unassigned'
  | 'reminder-sent'
  // Recurring help (see series.ts).
  /** The volunteer who accepted took on every occurrence. */
  | 'series-committed'
  /** The committed volunteer (or the prescriber for them) stopped: the next occurrence is matched again. */
  | 'series-stopped'
  /** This occurrence made the next one (data: nextId, occurrence). */
  | 'series-continued'
  /** The next occurrence went straight to the committed volunteer. */
  | 'assigned-by-series'
  | 'series-ended'
  // A team of prescribers (see team.ts).
  /** A prescriber said they will handle the request. */
  | 'claimed'
  /** The prescriber handling it gave it back to the team. */
  | 'claim-released';

export interface AuditEvent {
  requestId: string;
  at: string;
  type: AuditType;
  /** Who did it: "system", a volunteer id, or a prescriber id. Never a name. */
  actor: string;
  /** Ids and enumerations only: audit entries outlive erasure, so no personal data goes here. */
  data?: Record<string, string | number | boolean>;
}

// ---- safeguarding and welfare concerns ----------------------------------------------

/** What a volunteer can tick; free text goes in the concern's note, never in the audit. */
export const CONCERN_KINDS = ['seemed-unwell', 'no-food', 'no-answer', 'home-unsafe', 'other'] as const;
export type ConcernKind = (typeof CONCERN_KINDS)[number];

/**
 * A volunteer's worry about the person they helped. Special category data: it lives under the request
 * (same table, same KMS key), expires with it, and is deleted with it on erasure.
 */
export interface Concern {
  id: string;
  requestId: string;
  volunteerId: string;
  kinds: ConcernKind[];
  /** The volunteer's own words, up to CONCERN_NOTE_MAX characters. */
  note?: string;
  raisedAt: string;
  acknowledgedAt?: string;
  /** The prescriber's id. */
  acknowledgedBy?: string;
  /** Epoch seconds: the request's own expiry, so the concern never outlives it. */
  expiresAt: number;
}

// ---- applications to join ----------------------------------------------------------------

/**
 * A person who asked to join the team. An applicant is not a volunteer: they have no offers, so no
 * wave can find them, until the team has made its checks and approved them. Approval makes them a
 * volunteer under the same id and deletes the application; a declined or abandoned application is
 * deleted by TTL after `applicationRetentionDays`.
 */
export type ApplicantStatus = 'waiting' | 'declined';

/** What the scheme checks before anyone helps; recorded on the dashboard as it happens. */
export interface ApplicantChecks {
  idSeen?: boolean;
  /** YYYY-MM-DD: the DBS check the team has seen (it may differ from the date the applicant gave). */
  dbsCheckedOn?: string;
  referencesTaken?: boolean;
  inductionDone?: boolean;
}

export const DECLINE_REASONS = ['no-need-in-area', 'checks-not-met', 'could-not-reach', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export function isDeclineReason(value: unknown): value is DeclineReason {
  return typeof value === 'string' && (DECLINE_REASONS as readonly string[]).includes(value);
}

export interface Applicant {
  id: string;
  name: string;
  email: string;
  phone?: string;
  contactBy?: ContactBy;
  /** Their home postcode: for the team, who may meet them; never matched on. */
  postcode: string;
  areas: string[];
  helpTypes: HelpType[];
  availability: AvailabilitySlot[];
  weeklyLimit?: number;
  dbsChecked: boolean;
  dbsCheckedOn?: string;
  /** The language they applied in: their confirmation and any decline are written in it. */
  language: Language;
  status: ApplicantStatus;
  checks: ApplicantChecks;
  /** ISO: when they applied (the queue's order). */
  createdAt: string;
  decidedAt?: string;
  /** The prescriber's id. */
  decidedBy?: string;
  declineReason?: DeclineReason;
  /** Epoch seconds: TTL deletes the application (abandoned while waiting, or declined). */
  expiresAt: number;
}

// ---- a volunteer's own details page ------------------------------------------------------

/**
 * What a volunteer's personal link opens: their details page, or the confirmation of a new email
 * address or mobile number. Only the SHA-256 of the token is stored; each volunteer has one current
 * link of each purpose, so a new one revokes the one before.
 */
export type ProfileLinkPurpose = 'profile' | 'confirm-email' | 'confirm-phone';

export interface ProfileLink {
  tokenHash: string;
  volunteerId: string;
  purpose: ProfileLinkPurpose;
  /** Epoch seconds: the link stops working and TTL removes it. */
  expiresAt: number;
}

/** The two addresses a volunteer confirms through the new address before it replaces the old one. */
export type ContactField = 'email' | 'phone';

/** A new email address or mobile number, waiting for its confirmation; the old one stays until then. */
export interface ContactChange {
  volunteerId: string;
  field: ContactField;
  /** The new address or number, normalised. Personal data: kept on the volunteer's own item, never in a key. */
  value: string;
  requestedAt: string;
  /** Epoch seconds: an unconfirmed change lapses and TTL removes it. */
  expiresAt: number;
}

export type VolunteerAuditType =
  'profile-changed' | 'contact-change-requested' | 'contact-change-confirmed' | 'paused' | 'resumed' | 'left';

/**
 * A volunteer's own change, kept beside their profile (not under a request). Ids, field names and
 * enumerations only: it outlives their leaving, when everything else about them is erased.
 */
export interface VolunteerAuditEvent {
  volunteerId: string;
  at: string;
  type: VolunteerAuditType;
  /** The volunteer's id when they acted through their own link. Never a name. */
  actor: string;
  data?: Record<string, string | number | boolean>;
}

// ---- the team of prescribers -----------------------------------------------------------

/** One prescriber on the team list: what the pages show for an id. */
export interface TeamMember {
  /** Cognito's `sub`: the id the audit and claims record. */
  id: string;
  /** How the pages name them ("Handled by Sam Taylor"). */
  name: string;
  /** Their sign-in address, shown on the team page only. */
  email: string;
  /** In the admins group too (the group is what grants it; this is for the page). */
  admin: boolean;
  /** False once an admin has disabled the account: they cannot sign in. */
  enabled: boolean;
  addedAt: string;
}

/** What the store filters a byStatus Query on. */
export type ClaimFilter = { kind: 'mine'; prescriberId: string } | { kind: 'unclaimed' };
