import type {
  ActionToken,
  Applicant,
  ContactChange,
  ContactField,
  ProfileLink,
  VolunteerAuditEvent,
  ApplicantChecks,
  ApplicantStatus,
  AuditEvent,
  DeclineReason,
  CloseOutcome,
  Concern,
  EscalationReason,
  HelpRequest,
  HelpSeries,
  ClaimFilter,
  Invite,
  InviteStatus,
  RequestStatus,
  TeamMember,
  Volunteer,
} from './model.js';
import type { HelpType } from '../vocabulary/help-types.js';
import type { MessageIntent, StoredMessage } from './messages.js';

/** Time, injected so that domain rules (windows, expiry, "in the past") are testable and the sandbox can scale it. */
export interface Clock {
  now(): Date;
}

export interface Ids {
  requestId(): string;
  volunteerId(): string;
  /** Short human reference, e.g. GCK-7F3K2. */
  reference(): string;
  /** 32 random bytes, base64url: goes into an invite link, never stored. */
  inviteToken(): string;
  /**
   * 32 random bytes, base64url: a self-service link (cancel, done); only its hash is stored. Optional
   * so older Ids still satisfy the port; links fall back to a fresh random token without it.
   */
  actionToken?(): string;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: EmailMessage): Promise<void>;
}

/** A text message: an E.164 number and the rendered body (never more than the texts in shared/sms). */
export interface TextMessage {
  to: string;
  body: string;
}

/** Sends one SMS; AWS SDK errors pass through for the sender's classifier. */
export interface Texter {
  send(message: TextMessage): Promise<void>;
}

export type MetricName =
  'RequestsReceived' | 'InvitesSent' | 'Accepted' | 'Escalated' | 'TimeToAcceptSeconds';

/** Business metrics (CloudWatch through Powertools in AWS); optional so tests and scripts may leave it out. */
export interface Metrics {
  count(name: MetricName, value?: number): void;
  seconds(name: MetricName, value: number): void;
}

/** Structured logging with ids only; Powertools Logger satisfies it. */
export interface Log {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export type CreateRequestResult =
  | { kind: 'created' }
  | { kind: 'duplicate'; requestId: string; reference: string }
  | { kind: 'reference-taken' };

/** What is written with a new request, in its transaction. */
export interface CreateRequestOptions {
  idempotency?: IdempotencyClaim;
  /** Recurring help: the series record, stored with its first occurrence. */
  series?: HelpSeries;
  /**
   * The duplicate check's hashed match keys of a request not held as a repeat (one round trip fewer
   * than writing them after it, and never one without the other).
   */
  duplicateKeys?: DuplicateKeyItem[];
  /** The requester's confirmation (and a held request's notice to the prescriber). */
  messages?: MessageIntent[];
}

export interface IdempotencyClaim {
  key: string;
  /** Epoch seconds after which the key may be reused. */
  expiresAt: number;
}

/** 'conflict': the transaction was cancelled by a concurrent write, not by a condition; try again. */
export type AcceptResult = 'won' | 'request-not-open' | 'invite-not-open' | 'conflict';

export interface RequestStore {
  /**
   * Stores the request, its reference and first audit entry atomically, with whatever else the options
   * bring, in the same transaction; the idempotency key makes a repeat a no-op.
   */
  createRequest(
    request: HelpRequest,
    audit: AuditEvent,
    options?: CreateRequestOptions,
  ): Promise<CreateRequestResult>;
  getRequest(requestId: string): Promise<HelpRequest | undefined>;
  /**
   * Moves an open request into matching at the given wave, noting when the wave started (the dashboard
   * shows when its answers are due without reading the audit); undefined when it is no longer open.
   */
  startWave(requestId: string, wave: number, startedAt: string): Promise<HelpRequest | undefined>;
  /**
   * Marks an open request escalated. 'already-escalated' lets a retried escalation still send its email;
   * 'not-open' means it ended another way first (a volunteer accepted, it was cancelled).
   */
  escalate(
    requestId: string,
    reason: EscalationReason,
    at: string,
    /** The prescriber's message, written only with the escalation itself (not on 'already-escalated'). */
    messages?: MessageIntent[],
  ): Promise<'escalated' | 'already-escalated' | 'not-open'>;
  /** With messages: the entry and the messages it announces in one transaction. */
  appendAudit(event: AuditEvent, messages?: MessageIntent[]): Promise<void>;
  listAudit(requestId: string): Promise<AuditEvent[]>;
  findRequestIdByReference(reference: string): Promise<string | undefined>;
  /**
   * Right to erasure: deletes the request (all its personal data), its reference, its invites and
   * their links, keeping the audit trail, which holds ids only. False when there was no such request.
   */
  eraseRequest(requestId: string): Promise<boolean>;
  /** Requests in one status from the byStatus index (a Query, never a Scan), by createdAt. */
  listRequestsByStatus(status: RequestStatus, options?: ListByStatusOptions): Promise<HelpRequest[]>;
  /**
   * Moves a request to a new status only while it is in one of `from` (a conditional write, so two
   * people acting at once cannot both win); undefined when it was not, or does not exist.
   */
  transitionRequest(
    requestId: string,
    from: readonly RequestStatus[],
    changes: RequestChanges,
    /** Written only if the transition happens, in the same transaction. */
    messages?: MessageIntent[],
  ): Promise<HelpRequest | undefined>;
  /**
   * A held possible duplicate merged into the earlier request, in one transaction: the held one (while
   * still on hold) is closed as a duplicate, and the earlier one (while still active) takes the held
   * one's needed-by date, urgency and details, so nothing the person said the second time is lost.
   * With `expect`, the earlier one must still have the volunteer the caller read ('volunteer-changed'
   * when not: nothing is written), and `expect.messages` are written only if the merge happens.
   */
  mergeIntoEarlier(
    heldId: string,
    earlierId: string,
    closing: { closedAt: string; expiresAt: number },
    copy: { neededBy: string; urgent: boolean; details?: string },
    expect?: { assignedVolunteerId: string | undefined; messages?: MessageIntent[] },
  ): Promise<'merged' | 'not-on-hold' | 'earlier-ended' | 'volunteer-changed'>;
  createActionToken(token: ActionToken): Promise<void>;
  findActionToken(tokenHash: string): Promise<ActionToken | undefined>;
  /**
   * The assigned volunteer gives the task back through their release link, in one transaction: the
   * request goes from assigned (to this volunteer) back to matching without an assignee, and the link
   * is spent. 'not-assigned': it is no longer theirs; 'used': the link was spent already.
   */
  releaseAssignment(
    requestId: string,
    volunteerId: string,
    tokenHash: string,
    at: string,
    messages?: MessageIntent[],
  ): Promise<'released' | 'not-assigned' | 'used'>;
}

/**
 * What a report counts of a request: ids, dates and outcomes, never personal data. Not its status: the
 * figures do not depend on it, and leaving it out spares a write on every step of matching.
 */
export const REPORT_FACT_FIELDS = [
  'id',
  'helpType',
  'createdAt',
  'enteredBy',
  'assignedAt',
  'assignedVolunteerId',
  'escalatedAt',
  'outcome',
] as const satisfies readonly (keyof HelpRequest)[];

export type ReportFacts = Pick<HelpRequest, (typeof REPORT_FACT_FIELDS)[number]>;

/** A request's facts as recorded, with when its request expires (its day's record lasts as long). */
export type RecordedFacts = ReportFacts & Pick<HelpRequest, 'expiresAt'>;

/**
 * The reports' own record: each request's facts, kept under the day it was made (midnight to midnight
 * UTC), so a month's report reads about 31 items however many requests the month had. Kept up to date
 * from the table's stream; a request that expires or is erased stays counted in its day. Not part of
 * `Store`: only the report page and the record's own stream consumer use it, so no other function
 * bundles it.
 */
export interface ReportStore {
  /** These requests' facts, read consistently and only those fields: a stream record names the request only. */
  getReportFacts(requestIds: readonly string[]): Promise<RecordedFacts[]>;
  /** Puts each request's facts into its day's record; facts already there as they are are not written again. */
  recordReportFacts(facts: readonly RecordedFacts[]): Promise<void>;
  /** The facts recorded for requests made on the days from..to (YYYY-MM-DD, both included). */
  listReportFacts(from: string, to: string): Promise<ReportFacts[]>;
  /** The ids of every request made on the days from..to, in any status, from the byStatus index (ids only). */
  listRequestIdsMade(from: string, to: string): Promise<string[]>;
}

export interface ListByStatusOptions {
  /** Newest first (the dashboard's default order is oldest first). */
  newestFirst?: boolean;
  limit?: number;
  /** Inclusive lower bound on createdAt (ISO). */
  createdFrom?: string;
  /** Exclusive upper bound on createdAt (ISO). */
  createdBefore?: string;
  /** Only the requests a prescriber has claimed, or only unclaimed ones (a filter on the same Query). */
  claim?: ClaimFilter;
}

/** What a prescriber or self-service action changes on a request; the status key moves with the status. */
export interface RequestChanges {
  status: RequestStatus;
  assignedVolunteerId?: string;
  assignedAt?: string;
  closedAt?: string;
  outcome?: CloseOutcome;
  closingNote?: string;
  /** Also becomes the TTL attribute: the request is deleted after it. */
  expiresAt?: number;
  /** Fields removed in the same write: an assignment taken back. */
  unset?: readonly ('assignedVolunteerId' | 'assignedAt')[];
}

export interface InviteStore {
  listInvites(requestId: string): Promise<Invite[]>;
  /** Creates the invite and its token lookup; 'exists' when this volunteer already has an invite for the request. */
  createInvite(invite: Invite, messages?: MessageIntent[]): Promise<'created' | 'exists'>;
  /**
   * Gives a not-yet-sent invite a fresh token, for a send. The old link stops working, unless
   * `keepSent` says it already went on another channel: then it stays valid beside the new one (one
   * such link at most: a later retry replaces only the unsent one).
   */
  replaceToken(
    invite: Invite,
    newTokenHash: string,
    expiresAt: number,
    options?: { keepSent?: boolean },
  ): Promise<void>;
  /**
   * Marks a pending invite sent, and says what the invite is now: `sent`, or the status it had taken
   * meanwhile (a volunteer who answered fast, or another's accept that spent it while it went out).
   */
  markInviteSent(requestId: string, volunteerId: string): Promise<InviteStatus | undefined>;
  findInviteByTokenHash(tokenHash: string): Promise<Invite | undefined>;
  /** First accept wins: assigns the request and spends the invite in one transaction. */
  acceptInvite(invite: Invite, at: string, messages?: MessageIntent[]): Promise<AcceptResult>;
  declineInvite(invite: Invite, at: string): Promise<boolean>;
  /**
   * Spends these volunteers' open invites. Each one that had gone out (status `sent` at the moment of
   * the write, not when it was last read) gets `noticeFor` its volunteer in the same write, so every
   * volunteer who holds a link hears it was taken, and no one hears twice.
   */
  markInvitesTaken(
    requestId: string,
    volunteerIds: string[],
    noticeFor?: (volunteerId: string) => MessageIntent,
  ): Promise<void>;
}

/**
 * A volunteer as matching sees them. From the byOffer index, `areas` and `helpTypes` hold the offer
 * that matched (the index has one item per area and help type), not the whole profile's lists.
 */
export type MatchCandidate = Pick<
  Volunteer,
  | 'id'
  | 'areas'
  | 'helpTypes'
  | 'dbsChecked'
  | 'dbsCheckedOn'
  | 'pausedUntil'
  | 'recentInvites'
  | 'availability'
  | 'weeklyLimit'
  | 'recentAccepts'
>;

export interface VolunteerStore {
  putVolunteer(volunteer: Volunteer): Promise<void>;
  /** Batched writes with retries; callers validate the whole list first so a bad file writes nothing. */
  putVolunteers(volunteers: Volunteer[]): Promise<void>;
  getVolunteer(volunteerId: string): Promise<Volunteer | undefined>;
  findVolunteerByEmail(email: string): Promise<Volunteer | undefined>;
  listVolunteers(): Promise<Volunteer[]>;
  /**
   * Volunteers who offer this help type in this area, from the index (one Query, never a Scan), with
   * only what fair rotation needs: no name or contact details.
   */
  findVolunteersOffering(area: string, helpType: HelpType): Promise<MatchCandidate[]>;
  recordInvitesSent(volunteerIds: string[], at: string, keepSince: string): Promise<void>;
  /**
   * Counts an accepted job against the volunteer's weekly limit: this week's acceptance times, on the
   * profile and its offers (what matching reads). A removed volunteer is skipped.
   */
  recordAcceptance(volunteerId: string, at: string): Promise<void>;
  /** Deletes the profile, its email lookup and its offers; invites and audit keep only the id. */
  deleteVolunteer(volunteerId: string): Promise<void>;
}

// ---- welfare concerns and duplicate detection ----------------------------------------

/** A hashed match key's lookup item: which request first used it, until the duplicate window ends. */
export interface DuplicateKeyItem {
  keyHash: string;
  requestId: string;
  /** Epoch seconds: the end of the duplicate window (and the item's TTL). */
  expiresAt: number;
}

export interface CareStore {
  /** Stores a concern under its request; an open concern is listed on the dashboard until acknowledged. */
  putConcern(concern: Concern, messages?: MessageIntent[]): Promise<void>;
  /** Open (unacknowledged) concerns, oldest first, from the byStatus index (a Query, never a Scan). */
  listOpenConcerns(): Promise<Concern[]>;
  /** Marks an open concern acknowledged; undefined when there is no such open concern. */
  acknowledgeConcern(
    requestId: string,
    concernId: string,
    by: string,
    at: string,
  ): Promise<Concern | undefined>;
  getDuplicateKeys(keyHashes: string[]): Promise<DuplicateKeyItem[]>;
  putDuplicateKeys(items: DuplicateKeyItem[]): Promise<void>;
  /** Erasure: deletes these keys' lookup items while they still point at this request. */
  deleteDuplicateKeys(keyHashes: string[], requestId: string): Promise<void>;
}

/** Chase-ups and the daily digest: small conditional writes, so a retried step does its work once. */
export interface ChaseUpStore {
  /** Marks the one reminder as sent while the request is still assigned and has none; false otherwise. */
  markReminderSent(requestId: string, at: string, messages?: MessageIntent[]): Promise<boolean>;
  /** Marks a request's invites as counted (once); false when they already were or the request is gone. */
  markInvitesSettled(requestId: string, at: string): Promise<boolean>;
  /** Adds one to each volunteer's unanswered-in-a-row count; a removed volunteer is skipped. */
  recordUnansweredInvites(volunteerIds: string[]): Promise<void>;
  /** The volunteer answered an invite: the count starts again from 0. */
  resetUnansweredInvites(volunteerId: string): Promise<void>;
}

/** Recurring help: the series record, changed only by conditional writes. */
export interface SeriesStore {
  getSeries(seriesId: string): Promise<HelpSeries | undefined>;
  /** Active series, oldest first, from the byStatus index (a Query, never a Scan). */
  listActiveSeries(): Promise<HelpSeries[]>;
  /**
   * The next occurrence, its reference and its first audit entry, and the series moving on to it, in
   * one transaction: only while the series is active and `previousId` is still its latest occurrence,
   * so a retried or doubled close creates it once. 'stale': the series ended or already moved on.
   */
  createNextOccurrence(
    seriesId: string,
    previousId: string,
    request: HelpRequest,
    audit: AuditEvent,
    /** The next visit's confirmation, or the arranged volunteer's details and the requester's news. */
    messages?: MessageIntent[],
  ): Promise<'created' | 'stale' | 'reference-taken'>;
  /** The volunteer takes on every occurrence, while the series is active and nobody else has. */
  commitVolunteer(seriesId: string, volunteerId: string, at: string): Promise<boolean>;
  /** The committed volunteer stops (while they are the one committed); false otherwise. */
  stopCommitment(seriesId: string, volunteerId: string): Promise<boolean>;
  /** Ends an active series; undefined when it was not active (ended already, or no such series). */
  endSeries(
    seriesId: string,
    changes: { endedAt: string; endedBy: string; endReason: HelpSeries['endReason']; expiresAt: number },
    /** Decided from the series as it was read; written only if it was still active. */
    messages?: MessageIntent[],
  ): Promise<HelpSeries | undefined>;
}

/** One day's confirmations to one recipient, counted under a keyed hash of their address or number. */
export interface ConfirmationSlotClaim {
  /** keyedHash of the normalised address: the key never holds the address itself. */
  recipientKey: string;
  /** Who asks (an outbox message's id): the same claimant asking again is granted without counting twice. */
  claimant: string;
  /** The London date (YYYY-MM-DD) the count is for. */
  day: string;
  /** The most confirmations that day; a claim beyond it is refused. */
  limit: number;
  /** Epoch seconds: the counter's TTL, after its day has passed. */
  expiresAt: number;
}

export interface ConfirmationCapStore {
  /** Counts the claimant in with a conditional write; false (nothing counted) once the limit is reached. */
  claimConfirmationSlot(claim: ConfirmationSlotClaim): Promise<boolean>;
}

/** Text replies: who sent one, and which invites it may answer. */
export interface TextReplyStore {
  /** The volunteer with this phone number (any UK form), through its keyed-hash lookup; never a Scan. */
  findVolunteerByPhone(phone: string): Promise<Volunteer | undefined>;
  /** The volunteer's invites still waiting for an answer (sent or pending, not expired), newest first. */
  listOpenInvites(volunteerId: string, nowEpochSeconds: number): Promise<Invite[]>;
}

/** What a claim found: the message to send, or why not now. */
export type MessageClaim =
  | { kind: 'claimed'; message: StoredMessage }
  /** Every channel has been dealt with already (a retry, or a second delivery of the same record). */
  | { kind: 'done' }
  /** Another delivery holds the lease: try again later. */
  | { kind: 'busy' }
  | { kind: 'missing' };

/** How a message ended: when, and why a channel was refused or nothing was sent. */
export interface MessageOutcome {
  at: string;
  failedReason?: string;
  skippedReason?: string;
}

/** The outbox: message items and the sender's conditional marks. */
export interface MessageStore {
  getMessage(messageId: string): Promise<StoredMessage | undefined>;
  /**
   * Messages with no state change of their own to ride on (a bounce notice). Each is conditional on
   * its id, so with a dedupe key a retried write adds nothing.
   */
  putMessages(messages: MessageIntent[]): Promise<void>;
  /** Takes the lease while the message is not done and nobody else holds an unexpired lease. */
  claimMessage(messageId: string, leaseUntil: string, now: string): Promise<MessageClaim>;
  /**
   * Marks one channel sent, only if it was not already: false when it was. With `finish` (the last
   * channel, nothing else to do after it) the same write ends the message too, one write instead of two.
   */
  markMessageSent(
    messageId: string,
    channel: 'email' | 'text',
    at: string,
    finish?: MessageOutcome,
  ): Promise<boolean>;
  /** Ends the message (done, failed for good, or skipped) and gives the lease back. */
  finishMessage(messageId: string, outcome: MessageOutcome): Promise<void>;
  /** Gives the lease back without finishing, so a retry can claim it at once. */
  releaseMessage(messageId: string): Promise<void>;
}

/** Applications to join the team (see applicants.ts): never matched, until approved. */
export interface ApplicantStore {
  /**
   * Stores the application and its confirmation in one transaction; the idempotency claim makes a
   * repeated post answer with the first application.
   */
  createApplicant(
    applicant: Applicant,
    idempotency?: IdempotencyClaim,
    messages?: MessageIntent[],
  ): Promise<{ kind: 'created' } | { kind: 'duplicate'; applicantId: string }>;
  getApplicant(applicantId: string): Promise<Applicant | undefined>;
  /** Applications in one status, oldest first, from the byStatus index (a Query, never a Scan). */
  listApplicants(status: ApplicantStatus): Promise<Applicant[]>;
  /** Saves the checks of a waiting application (and its new expiry); undefined when it is not waiting. */
  saveApplicantChecks(
    applicantId: string,
    checks: ApplicantChecks,
    expiresAt: number,
  ): Promise<Applicant | undefined>;
  /**
   * In one transaction: the waiting application is deleted, the volunteer (profile, lookups, offers) is
   * written, and the welcome goes into the outbox. 'not-waiting': decided already, or gone.
   */
  approveApplicant(
    applicantId: string,
    volunteer: Volunteer,
    messages?: MessageIntent[],
  ): Promise<'approved' | 'not-waiting'>;
  /** Marks a waiting application declined, with its message; undefined when it was not waiting. */
  declineApplicant(
    applicantId: string,
    decision: { decidedAt: string; decidedBy: string; declineReason: DeclineReason; expiresAt: number },
    messages?: MessageIntent[],
  ): Promise<Applicant | undefined>;
}

/** One page of a list and where the next starts (an opaque cursor: ids only, never personal data). */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** What the dashboard searches by: exact after normalising, through keyed hashes (never a plain value in a key). */
export type FindBy = { kind: 'name' | 'email' | 'phone'; value: string };

/**
 * The dashboard's bounded reads: a page of the roster, a few named profiles, exact finds, and the
 * volunteers the digest lists. None reads the whole roster or every request.
 */
export interface DashboardStore {
  /** Profiles by id (BatchGetItem), in no particular order; ids with no profile are left out. */
  getVolunteers(volunteerIds: readonly string[]): Promise<Volunteer[]>;
  /** One page of the roster, oldest first, from the byStatus index. */
  listVolunteerPage(options: { limit: number; cursor?: string }): Promise<Page<Volunteer>>;
  /** The ids of requests and volunteers found by a name, email or phone (one Query of its search key). */
  findPeople(by: FindBy): Promise<{ requestIds: string[]; volunteerIds: string[] }>;
  /**
   * What the digest lists of the roster: volunteers with a DBS check dated on or before
   * `dbsCheckedOnOrBefore` or undated, and those with UNANSWERED_INVITES_TO_CHASE or more in a row.
   */
  listVolunteersToWatch(options: { dbsCheckedOnOrBefore: string }): Promise<Volunteer[]>;
  /** A volunteer's latest invites, newest first (one Query of the byStatus index, at most `limit`). */
  listVolunteerInvites(volunteerId: string, limit: number): Promise<Invite[]>;
}

export type ClaimOutcome =
  | { kind: 'claimed'; request: HelpRequest }
  /** Someone else has it: nothing was changed. */
  | { kind: 'held'; by: string }
  /** Closed or cancelled: there is nothing left to handle. */
  | { kind: 'not-claimable' }
  | { kind: 'not-found' };

/** A team of prescribers (team.ts): claims on requests, and the team list. */
export interface TeamStore {
  /**
   * Sets `claimedBy` only while the request is claimable and unclaimed (or already this prescriber's):
   * one conditional write, so of two at once exactly one wins.
   */
  claimRequest(requestId: string, prescriberId: string, at: string): Promise<ClaimOutcome>;
  /** Removes the claim only while it is this prescriber's; false otherwise. */
  releaseClaim(requestId: string, prescriberId: string): Promise<boolean>;
  /** The whole team, oldest first (one Query of its own key in the byStatus index). */
  listTeam(): Promise<TeamMember[]>;
  /**
   * One member's entry by id, read consistently (a disable written a moment ago is seen); undefined
   * when they have none.
   */
  getTeamMember(memberId: string): Promise<TeamMember | undefined>;
  putTeamMember(member: TeamMember): Promise<void>;
  /** Marks a listed member enabled or disabled; undefined when there is no such member. */
  setTeamMemberEnabled(memberId: string, enabled: boolean): Promise<TeamMember | undefined>;
}

/** A volunteer's own details page: their personal links, a change of address waiting, their audit. */
export interface ProfileStore {
  /**
   * Stores the link's hash as the volunteer's current link of its purpose, so the one before stops
   * working. False (nothing stored) when the volunteer is no longer on the roster.
   */
  saveProfileLink(link: ProfileLink): Promise<boolean>;
  /** The link with this hash while it is still its volunteer's current one of its purpose (expiry is the caller's). */
  findProfileLink(tokenHash: string): Promise<ProfileLink | undefined>;
  /** Stores a new address waiting for confirmation (replacing one waiting), with its message, in one transaction. */
  putContactChange(change: ContactChange, messages?: MessageIntent[]): Promise<void>;
  getContactChange(volunteerId: string, field: ContactField): Promise<ContactChange | undefined>;
  /** The change is applied or dropped: it and its confirmation link go. */
  deleteContactChange(volunteerId: string, field: ContactField): Promise<void>;
  appendVolunteerAudit(event: VolunteerAuditEvent): Promise<void>;
  /** A volunteer's audit, oldest first; kept after they leave (ids and enumerations only). */
  listVolunteerAudit(volunteerId: string): Promise<VolunteerAuditEvent[]>;
}

export type Store = DashboardStore &
  ProfileStore &
  RequestStore &
  InviteStore &
  VolunteerStore &
  CareStore &
  ChaseUpStore &
  SeriesStore &
  ConfirmationCapStore &
  TextReplyStore &
  MessageStore &
  ApplicantStore &
  TeamStore;
