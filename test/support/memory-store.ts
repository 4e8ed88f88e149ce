import { createHash } from 'node:crypto';
import type { MatchingSettings } from '../../shared/domain/matching.js';
import type { HelpType } from '../../shared/vocabulary/help-types.js';
import type {
  ActionToken,
  AuditEvent,
  Concern,
  EscalationReason,
  HelpRequest,
  HelpSeries,
  Invite,
  InviteStatus,
  RequestStatus,
  Volunteer,
} from '../../shared/domain/model.js';
import { ANSWERABLE_INVITE_STATUSES, OPEN_STATUSES } from '../../shared/domain/model.js';
import { coversArea } from '../../shared/vocabulary/postcode.js';
import { withAcceptance } from '../../shared/domain/availability.js';
import type {
  Applicant,
  ApplicantChecks,
  ApplicantStatus,
  ContactChange,
  ContactField,
  DeclineReason,
  ProfileLink,
  VolunteerAuditEvent,
} from '../../shared/domain/model.js';
import { toE164 } from '../../shared/util/phone.js';
import { canonicalFind } from '../../shared/store/lookup-dynamo.js';
import { UNANSWERED_INVITES_TO_CHASE } from '../../shared/domain/chase-rules.js';
import { CLAIMABLE_STATUSES, matchesClaimFilter } from '../../shared/domain/team.js';
import type { TeamMember } from '../../shared/domain/model.js';
import {
  MESSAGE_RETENTION_DAYS,
  messageIdFor,
  type MessageIntent,
  type StoredMessage,
} from '../../shared/domain/messages.js';
import {
  REPORT_FACT_FIELDS,
  type AcceptResult,
  type ClaimOutcome,
  type Clock,
  type ConfirmationSlotClaim,
  type CreateRequestOptions,
  type CreateRequestResult,
  type DuplicateKeyItem,
  type EmailMessage,
  type FindBy,
  type IdempotencyClaim,
  type Ids,
  type ListByStatusOptions,
  type Log,
  type Mailer,
  type MatchCandidate,
  type MessageClaim,
  type MessageOutcome,
  type Page,
  type RequestChanges,
  type RecordedFacts,
  type ReportStore,
  type ReportFacts,
  type Store,
  type Texter,
  type TextMessage,
} from '../../shared/domain/ports.js';

/**
 * An in-memory Store with the semantics of shared/store/dynamo.ts: the same conditional writes,
 * the same all-or-nothing transactions, the same results for the same races. Everything stored is
 * a copy, so a caller mutating an object it got back cannot change the "table".
 */

const clone = <T>(value: T): T => structuredClone(value);

/** What DynamoDB throws when a transaction's condition fails and the adapter does not map it. */
function transactionCancelled(reason: string): Error {
  const error = new Error(`Transaction cancelled: ${reason}`);
  error.name = 'TransactionCanceledException';
  return error;
}

const inviteKey = (requestId: string, volunteerId: string) => `${requestId}#${volunteerId}`;

interface TokenItem {
  requestId: string;
  volunteerId: string;
  expiresAt: number;
}

interface IdempotencyItem {
  requestId: string;
  reference: string;
  expiresAt: number;
}

type StoreMethod = keyof (Store & ReportStore);

export class MemoryStore implements Store, ReportStore {
  readonly requests = new Map<string, HelpRequest>();
  readonly references = new Map<string, string>();
  readonly idempotencyKeys = new Map<string, IdempotencyItem>();
  readonly invites = new Map<string, Invite>();
  readonly tokens = new Map<string, TokenItem>();
  readonly audit: AuditEvent[] = [];
  readonly volunteers = new Map<string, Volunteer>();
  readonly volunteerEmails = new Map<string, string>();
  readonly actionTokens = new Map<string, ActionToken>();
  /** A volunteer's personal links by hash, and which one of each purpose is current ("id|purpose"). */
  readonly profileLinks = new Map<string, ProfileLink>();
  readonly currentProfileLinks = new Map<string, string>();
  /** Addresses waiting for confirmation ("id|field"). */
  readonly contactChanges = new Map<string, ContactChange>();
  readonly volunteerAudit: VolunteerAuditEvent[] = [];
  readonly series = new Map<string, HelpSeries>();
  /** The messages that sent a confirmation, per recipient key and London day ("key|day"). */
  readonly confirmationClaimants = new Map<string, Set<string>>();
  /** The reports' record: each day's request facts by request id, and the day's expiry. */
  readonly reportDays = new Map<string, { facts: Map<string, ReportFacts>; expiresAt?: number }>();
  /** The outbox: MSG#id/MESSAGE, in the order written. */
  readonly messages = new Map<string, StoredMessage>();
  private messageCount = 0;
  /** Every call, by method name, in order: lets a test say "nothing was written". */
  readonly calls: StoreMethod[] = [];
  private readonly failures = new Map<StoreMethod, Error[]>();

  /** Makes the next call of `method` throw (once per call of this), like a throttled or unavailable table. */
  failNext(
    method: StoreMethod,
    error: Error = Object.assign(new Error('boom'), { name: 'InternalServerError' }),
  ) {
    const queue = this.failures.get(method) ?? [];
    queue.push(error);
    this.failures.set(method, queue);
  }

  /** Methods that change data, for "nothing was stored" assertions. */
  writes(): StoreMethod[] {
    const reads = new Set<StoreMethod>([
      'getRequest',
      'listAudit',
      'listInvites',
      'findInviteByTokenHash',
      'getVolunteer',
      'findVolunteerByEmail',
      'listVolunteers',
      'findVolunteersOffering',
      'listRequestsByStatus',
      'findActionToken',
      'listOpenConcerns',
      'getDuplicateKeys',
      'getSeries',
      'listActiveSeries',
      'findVolunteerByPhone',
      'listOpenInvites',
      'getMessage',
      'getApplicant',
      'listApplicants',
      'getVolunteers',
      'listVolunteerPage',
      'findPeople',
      'listVolunteersToWatch',
      'listVolunteerInvites',
      'listTeam',
      'getTeamMember',
      'findProfileLink',
      'getContactChange',
      'listVolunteerAudit',
      'getReportFacts',
      'listReportFacts',
      'listRequestIdsMade',
      // The sender's own bookkeeping: not a change any domain test means by "nothing was written".
      'claimMessage',
      'markMessageSent',
      'finishMessage',
      'releaseMessage',
    ]);
    return this.calls.filter((c) => !reads.has(c));
  }

  /** Everything the table holds, serialised: for "this value is nowhere in the store" assertions. */
  dump(): string {
    return JSON.stringify({
      requests: [...this.requests.entries()],
      references: [...this.references.entries()],
      idempotencyKeys: [...this.idempotencyKeys.entries()],
      invites: [...this.invites.entries()],
      tokens: [...this.tokens.entries()],
      audit: this.audit,
      volunteers: [...this.volunteers.entries()],
      volunteerEmails: [...this.volunteerEmails.entries()],
      volunteerPhones: [...this.volunteerPhones.entries()],
      actionTokens: [...this.actionTokens.entries()],
      concerns: [...this.concerns.entries()],
      duplicateKeys: [...this.duplicateKeys.entries()],
      series: [...this.series.entries()],
      messages: [...this.messages.entries()],
      applicants: [...this.applicants.entries()],
      applicantIdempotencyKeys: [...this.applicantIdempotencyKeys.entries()],
      profileLinks: [...this.profileLinks.entries()],
      currentProfileLinks: [...this.currentProfileLinks.entries()],
      contactChanges: [...this.contactChanges.entries()],
      volunteerAudit: this.volunteerAudit,
      reportDays: [...this.reportDays.entries()].map(([day, { facts }]) => [day, [...facts.entries()]]),
    });
  }

  /** Messages not yet delivered (or given up on), oldest first: what the stream would still hand the sender. */
  pendingMessages(): StoredMessage[] {
    return [...this.messages.values()].filter((m) => !m.doneAt).map(clone);
  }

  /** The messages written so far, in order, as intents a test can compare. */
  messageIntents(): MessageIntent[] {
    return [...this.messages.values()].map(({ kind, to, requestId, facts }) => ({
      kind,
      to,
      ...(requestId ? { requestId } : {}),
      ...(facts ? { facts } : {}),
    }));
  }

  /**
   * Adds messages to the outbox, as the last items of the caller's transaction: all or nothing. A
   * derived id that exists already cancels the transaction, as the adapter's condition does.
   */
  private writeMessages(intents: readonly MessageIntent[] = []): void {
    const now = new Date();
    const items = intents.map((intent) => {
      const id = messageIdFor(intent, () => {
        this.messageCount++;
        return `msg-${String(this.messageCount).padStart(4, '0')}`;
      });
      return {
        ...clone(intent),
        id,
        createdAt: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + MESSAGE_RETENTION_DAYS * 86_400,
      };
    });
    if (items.some((m) => this.messages.has(m.id))) throw transactionCancelled('message already written');
    for (const item of items) this.messages.set(item.id, item);
  }

  /** Whether a transaction carrying these messages would be cancelled by one of them. */
  private messagesCollide(intents: readonly MessageIntent[] = []): boolean {
    return intents.some((i) => i.dedupeKey && this.messages.has(messageIdFor(i, () => '')));
  }

  /** Puts a request straight into the table (with its reference), bypassing createRequest's checks. */
  seedRequest(request: HelpRequest): void {
    this.requests.set(request.id, clone(request));
    this.references.set(request.reference, request.id);
  }

  /** Overwrites a stored invite as it is (e.g. to model one whose email went out before it was marked sent). */
  seedInvite(invite: Invite): void {
    this.invites.set(inviteKey(invite.requestId, invite.volunteerId), clone(invite));
  }

  private enter(method: StoreMethod): void {
    this.calls.push(method);
    const queue = this.failures.get(method);
    const error = queue?.shift();
    if (error) throw error;
  }

  // ---- requests -------------------------------------------------------------------------------

  async createRequest(
    request: HelpRequest,
    audit: AuditEvent,
    { idempotency, series, duplicateKeys = [], messages = [] }: CreateRequestOptions = {},
  ): Promise<CreateRequestResult> {
    this.enter('createRequest');
    const idempotencyTaken = idempotency ? this.idempotencyKeys.has(idempotency.key) : false;
    const referenceTaken = this.references.has(request.reference);
    const requestExists = this.requests.has(request.id);
    if (idempotency && idempotencyTaken) {
      const existing = this.idempotencyKeys.get(idempotency.key) as IdempotencyItem;
      return { kind: 'duplicate', requestId: existing.requestId, reference: existing.reference };
    }
    if (referenceTaken) return { kind: 'reference-taken' };
    if (requestExists) throw transactionCancelled('request id already exists');
    if (idempotency) {
      this.idempotencyKeys.set(idempotency.key, {
        requestId: request.id,
        reference: request.reference,
        expiresAt: idempotency.expiresAt,
      });
    }
    if (series && this.series.has(series.id)) throw transactionCancelled('series already exists');
    if (this.messagesCollide(messages)) throw transactionCancelled('message already written');
    this.writeMessages(messages);
    this.references.set(request.reference, request.id);
    this.requests.set(request.id, clone(request));
    this.audit.push(clone(audit));
    if (series) this.series.set(series.id, clone(series));
    for (const key of duplicateKeys) this.duplicateKeys.set(key.keyHash, clone(key));
    return { kind: 'created' };
  }

  async getRequest(requestId: string): Promise<HelpRequest | undefined> {
    this.enter('getRequest');
    const request = this.requests.get(requestId);
    return request ? clone(request) : undefined;
  }

  async startWave(requestId: string, wave: number, startedAt: string): Promise<HelpRequest | undefined> {
    this.enter('startWave');
    const request = this.requests.get(requestId);
    if (!request || !OPEN_STATUSES.includes(request.status)) return undefined;
    request.status = 'matching';
    request.wave = wave;
    request.waveStartedAt = startedAt;
    return clone(request);
  }

  async escalate(
    requestId: string,
    reason: EscalationReason,
    at: string,
    messages: MessageIntent[] = [],
  ): Promise<'escalated' | 'already-escalated' | 'not-open'> {
    this.enter('escalate');
    const request = this.requests.get(requestId);
    if (request && OPEN_STATUSES.includes(request.status)) {
      this.writeMessages(messages);
      request.status = 'escalated';
      request.escalatedAt = at;
      request.escalationReason = reason;
      return 'escalated';
    }
    return request?.status === 'escalated' ? 'already-escalated' : 'not-open';
  }

  async appendAudit(event: AuditEvent, messages: MessageIntent[] = []): Promise<void> {
    this.enter('appendAudit');
    this.writeMessages(messages);
    this.audit.push(clone(event));
  }

  async findRequestIdByReference(reference: string): Promise<string | undefined> {
    this.enter('findRequestIdByReference');
    return this.references.get(reference);
  }

  async eraseRequest(requestId: string): Promise<boolean> {
    this.enter('eraseRequest');
    const request = this.requests.get(requestId);
    if (!request) return false;
    this.requests.delete(requestId);
    this.references.delete(request.reference);
    for (const [key, invite] of this.invites) {
      if (invite.requestId !== requestId) continue;
      this.invites.delete(key);
      this.tokens.delete(invite.tokenHash);
      if (invite.previousTokenHash) this.tokens.delete(invite.previousTokenHash);
    }
    for (const [key, concern] of this.concerns)
      if (concern.requestId === requestId) this.concerns.delete(key);
    return true;
  }

  async listAudit(requestId: string): Promise<AuditEvent[]> {
    this.enter('listAudit');
    // Sort key AUDIT#at#ulid: time order; a stable sort keeps insertion order within one instant.
    return this.audit
      .filter((e) => e.requestId === requestId)
      .sort((a, b) => a.at.localeCompare(b.at))
      .map(clone);
  }

  async listRequestsByStatus(
    status: RequestStatus,
    options: ListByStatusOptions = {},
  ): Promise<HelpRequest[]> {
    this.enter('listRequestsByStatus');
    // The byStatus index: partition STATUS#status, sorted by createdAt.
    const found = [...this.requests.values()]
      .filter(
        (r) =>
          r.status === status &&
          (!options.createdFrom || r.createdAt >= options.createdFrom) &&
          (!options.createdBefore || r.createdAt < options.createdBefore) &&
          matchesClaimFilter(r, options.claim),
      )
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    if (options.newestFirst) found.reverse();
    return found.slice(0, options.limit ?? found.length).map(clone);
  }

  async getReportFacts(requestIds: readonly string[]): Promise<RecordedFacts[]> {
    this.enter('getReportFacts');
    return [...new Set(requestIds)].flatMap((id) => {
      const request = this.requests.get(id);
      if (!request) return [];
      const facts: Record<string, unknown> = {};
      for (const field of [...REPORT_FACT_FIELDS, 'expiresAt'] as const)
        if (request[field] !== undefined) facts[field] = request[field];
      return [facts as RecordedFacts];
    });
  }

  async recordReportFacts(facts: readonly RecordedFacts[]): Promise<void> {
    this.enter('recordReportFacts');
    for (const { expiresAt, ...one } of facts) {
      const day = one.createdAt.slice(0, 10);
      const record = this.reportDays.get(day) ?? { facts: new Map<string, ReportFacts>() };
      record.facts.set(one.id, clone(one));
      // Never lowered: the day lasts as long as its latest request.
      if (expiresAt !== undefined && expiresAt > (record.expiresAt ?? 0)) record.expiresAt = expiresAt;
      this.reportDays.set(day, record);
    }
  }

  async listRequestIdsMade(from: string, to: string): Promise<string[]> {
    this.enter('listRequestIdsMade');
    return [...this.requests.values()]
      .filter((r) => r.createdAt.slice(0, 10) >= from && r.createdAt.slice(0, 10) <= to)
      .map((r) => r.id);
  }

  async listReportFacts(from: string, to: string): Promise<ReportFacts[]> {
    this.enter('listReportFacts');
    return [...this.reportDays.entries()]
      .filter(([day]) => day >= from && day <= to)
      .flatMap(([, { facts }]) => [...facts.values()].map(clone));
  }

  async transitionRequest(
    requestId: string,
    from: readonly RequestStatus[],
    changes: RequestChanges,
    messages: MessageIntent[] = [],
  ): Promise<HelpRequest | undefined> {
    this.enter('transitionRequest');
    const request = this.requests.get(requestId);
    if (!request || !from.includes(request.status)) return undefined;
    this.writeMessages(messages);
    const { unset = [], ...fields } = changes;
    for (const [field, value] of Object.entries(fields)) {
      if (value !== undefined) (request as unknown as Record<string, unknown>)[field] = value;
    }
    if (unset.includes('assignedVolunteerId')) delete request.assignedVolunteerId;
    if (unset.includes('assignedAt')) delete request.assignedAt;
    return clone(request);
  }

  async mergeIntoEarlier(
    heldId: string,
    earlierId: string,
    closing: { closedAt: string; expiresAt: number },
    copy: { neededBy: string; urgent: boolean; details?: string },
    expect?: { assignedVolunteerId: string | undefined; messages?: MessageIntent[] },
  ): Promise<'merged' | 'not-on-hold' | 'earlier-ended' | 'volunteer-changed'> {
    this.enter('mergeIntoEarlier');
    const held = this.requests.get(heldId);
    const earlier = this.requests.get(earlierId);
    if (!held || held.status !== 'on-hold') return 'not-on-hold';
    if (!earlier || !['received', 'matching', 'escalated', 'assigned'].includes(earlier.status))
      return 'earlier-ended';
    if (expect && earlier.assignedVolunteerId !== expect.assignedVolunteerId) return 'volunteer-changed';
    this.writeMessages(expect?.messages);
    Object.assign(held, { status: 'closed', outcome: 'duplicate', ...closing });
    earlier.neededBy = copy.neededBy;
    earlier.urgent = copy.urgent;
    if (copy.details !== undefined) earlier.details = copy.details;
    return 'merged';
  }

  // ---- the team: claims and the team list ---------------------------------------------------------

  readonly team = new Map<string, TeamMember>();

  async claimRequest(requestId: string, prescriberId: string, at: string): Promise<ClaimOutcome> {
    this.enter('claimRequest');
    const request = this.requests.get(requestId);
    if (!request) return { kind: 'not-found' };
    if (request.claimedBy !== undefined && request.claimedBy !== prescriberId)
      return { kind: 'held', by: request.claimedBy };
    if (!CLAIMABLE_STATUSES.includes(request.status)) return { kind: 'not-claimable' };
    request.claimedBy = prescriberId;
    request.claimedAt ??= at;
    return { kind: 'claimed', request: clone(request) };
  }

  async releaseClaim(requestId: string, prescriberId: string): Promise<boolean> {
    this.enter('releaseClaim');
    const request = this.requests.get(requestId);
    if (!request || request.claimedBy !== prescriberId) return false;
    delete request.claimedBy;
    delete request.claimedAt;
    return true;
  }

  async listTeam(): Promise<TeamMember[]> {
    this.enter('listTeam');
    return [...this.team.values()].sort((a, b) => a.addedAt.localeCompare(b.addedAt)).map(clone);
  }

  async getTeamMember(memberId: string): Promise<TeamMember | undefined> {
    this.enter('getTeamMember');
    const member = this.team.get(memberId);
    return member && clone(member);
  }

  async putTeamMember(member: TeamMember): Promise<void> {
    this.enter('putTeamMember');
    this.team.set(member.id, clone(member));
  }

  async setTeamMemberEnabled(memberId: string, enabled: boolean): Promise<TeamMember | undefined> {
    this.enter('setTeamMemberEnabled');
    const member = this.team.get(memberId);
    if (!member) return undefined;
    member.enabled = enabled;
    return clone(member);
  }

  async createActionToken(token: ActionToken): Promise<void> {
    this.enter('createActionToken');
    if (this.actionTokens.has(token.tokenHash)) throw new Error('ConditionalCheckFailedException');
    this.actionTokens.set(token.tokenHash, clone(token));
  }

  async findActionToken(tokenHash: string): Promise<ActionToken | undefined> {
    this.enter('findActionToken');
    const token = this.actionTokens.get(tokenHash);
    return token ? clone(token) : undefined;
  }

  async releaseAssignment(
    requestId: string,
    volunteerId: string,
    tokenHash: string,
    at: string,
    messages: MessageIntent[] = [],
  ): Promise<'released' | 'not-assigned' | 'used'> {
    this.enter('releaseAssignment');
    const token = this.actionTokens.get(tokenHash);
    // Both conditions are checked in one transaction; a spent link is reported first, as the adapter does.
    if (!token || token.usedAt !== undefined) return 'used';
    const request = this.requests.get(requestId);
    if (!request || request.status !== 'assigned' || request.assignedVolunteerId !== volunteerId)
      return 'not-assigned';
    this.writeMessages(messages);
    request.status = 'matching';
    delete request.assignedVolunteerId;
    delete request.assignedAt;
    token.usedAt = at;
    return 'released';
  }

  // ---- invites --------------------------------------------------------------------------------

  async listInvites(requestId: string): Promise<Invite[]> {
    this.enter('listInvites');
    // Sort key INVITE#volunteerId.
    return [...this.invites.values()]
      .filter((i) => i.requestId === requestId)
      .sort((a, b) => a.volunteerId.localeCompare(b.volunteerId))
      .map(clone);
  }

  async createInvite(invite: Invite, messages: MessageIntent[] = []): Promise<'created' | 'exists'> {
    this.enter('createInvite');
    if (this.invites.has(inviteKey(invite.requestId, invite.volunteerId))) return 'exists';
    if (this.tokens.has(invite.tokenHash)) throw transactionCancelled('token hash already exists');
    this.writeMessages(messages);
    this.invites.set(inviteKey(invite.requestId, invite.volunteerId), clone(invite));
    this.tokens.set(invite.tokenHash, {
      requestId: invite.requestId,
      volunteerId: invite.volunteerId,
      expiresAt: invite.expiresAt,
    });
    return 'created';
  }

  async replaceToken(
    invite: Invite,
    newTokenHash: string,
    expiresAt: number,
    options: { keepSent?: boolean } = {},
  ): Promise<void> {
    this.enter('replaceToken');
    const stored = this.invites.get(inviteKey(invite.requestId, invite.volunteerId));
    if (!stored || stored.status !== 'pending' || stored.tokenHash !== invite.tokenHash)
      throw transactionCancelled('invite is not pending');
    const keepCurrent = options.keepSent === true && stored.previousTokenHash === undefined;
    if (keepCurrent) stored.previousTokenHash = stored.tokenHash;
    else this.tokens.delete(invite.tokenHash);
    stored.tokenHash = newTokenHash;
    stored.expiresAt = expiresAt;
    this.tokens.set(newTokenHash, {
      requestId: invite.requestId,
      volunteerId: invite.volunteerId,
      expiresAt,
    });
  }

  async markInviteSent(requestId: string, volunteerId: string): Promise<InviteStatus | undefined> {
    this.enter('markInviteSent');
    const stored = this.invites.get(inviteKey(requestId, volunteerId));
    if (stored?.status === 'pending') stored.status = 'sent';
    return stored?.status;
  }

  async findInviteByTokenHash(tokenHash: string): Promise<Invite | undefined> {
    this.enter('findInviteByTokenHash');
    const token = this.tokens.get(tokenHash);
    if (!token) return undefined;
    const invite = this.invites.get(inviteKey(token.requestId, token.volunteerId));
    return invite ? clone(invite) : undefined;
  }

  async acceptInvite(invite: Invite, at: string, messages: MessageIntent[] = []): Promise<AcceptResult> {
    this.enter('acceptInvite');
    const request = this.requests.get(invite.requestId);
    const stored = this.invites.get(inviteKey(invite.requestId, invite.volunteerId));
    const requestOk = request !== undefined && OPEN_STATUSES.includes(request.status);
    const inviteOk =
      stored !== undefined &&
      ANSWERABLE_INVITE_STATUSES.includes(stored.status) &&
      stored.tokenHash === invite.tokenHash;
    // Same precedence as the adapter: the invite's condition is reported first.
    if (!inviteOk) return 'invite-not-open';
    if (!requestOk) return 'request-not-open';
    this.writeMessages(messages);
    request.status = 'assigned';
    request.assignedVolunteerId = invite.volunteerId;
    request.assignedAt = at;
    stored.status = 'accepted';
    stored.respondedAt = at;
    return 'won';
  }

  async declineInvite(invite: Invite, at: string): Promise<boolean> {
    this.enter('declineInvite');
    const stored = this.invites.get(inviteKey(invite.requestId, invite.volunteerId));
    if (
      !stored ||
      !ANSWERABLE_INVITE_STATUSES.includes(stored.status) ||
      stored.tokenHash !== invite.tokenHash
    ) {
      return false;
    }
    stored.status = 'declined';
    stored.respondedAt = at;
    return true;
  }

  async markInvitesTaken(
    requestId: string,
    volunteerIds: string[],
    noticeFor?: (volunteerId: string) => MessageIntent,
  ): Promise<void> {
    this.enter('markInvitesTaken');
    for (const volunteerId of volunteerIds) {
      const stored = this.invites.get(inviteKey(requestId, volunteerId));
      if (!stored || (stored.status !== 'sent' && stored.status !== 'pending')) continue;
      if (stored.status === 'sent' && noticeFor) this.writeMessages([noticeFor(volunteerId)]);
      stored.status = 'taken';
    }
  }

  // ---- volunteers -----------------------------------------------------------------------------

  /** VOLPHONE#: E.164 here (the adapter keys it by a keyed hash of the same). */
  readonly volunteerPhones = new Map<string, string>();

  private put(volunteer: Volunteer): void {
    // As the adapter does: a changed email or phone frees the old lookup.
    const previous = this.volunteers.get(volunteer.id);
    if (previous && previous.email.toLowerCase() !== volunteer.email.toLowerCase()) {
      this.volunteerEmails.delete(previous.email.toLowerCase());
    }
    const previousPhone = previous?.phone ? toE164(previous.phone) : undefined;
    const phone = volunteer.phone ? toE164(volunteer.phone) : undefined;
    if (previousPhone && previousPhone !== phone) this.volunteerPhones.delete(previousPhone);
    this.volunteers.set(volunteer.id, clone(volunteer));
    this.volunteerEmails.set(volunteer.email.toLowerCase(), volunteer.id);
    if (phone) this.volunteerPhones.set(phone, volunteer.id);
  }

  async findVolunteerByPhone(phone: string): Promise<Volunteer | undefined> {
    this.enter('findVolunteerByPhone');
    const e164 = toE164(phone);
    const id = e164 ? this.volunteerPhones.get(e164) : undefined;
    const volunteer = id ? this.volunteers.get(id) : undefined;
    return volunteer ? clone(volunteer) : undefined;
  }

  async listOpenInvites(volunteerId: string, nowEpochSeconds: number): Promise<Invite[]> {
    this.enter('listOpenInvites');
    // The byStatus index under VOLINVITES#volunteerId, newest first by createdAt.
    return [...this.invites.values()]
      .filter(
        (i) =>
          i.volunteerId === volunteerId &&
          ANSWERABLE_INVITE_STATUSES.includes(i.status) &&
          i.expiresAt > nowEpochSeconds,
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map(clone);
  }

  async putVolunteer(volunteer: Volunteer): Promise<void> {
    this.enter('putVolunteer');
    this.put(volunteer);
  }

  async putVolunteers(volunteers: Volunteer[]): Promise<void> {
    this.enter('putVolunteers');
    for (const volunteer of volunteers) this.put(volunteer);
  }

  async getVolunteer(volunteerId: string): Promise<Volunteer | undefined> {
    this.enter('getVolunteer');
    const volunteer = this.volunteers.get(volunteerId);
    return volunteer ? clone(volunteer) : undefined;
  }

  async findVolunteerByEmail(email: string): Promise<Volunteer | undefined> {
    this.enter('findVolunteerByEmail');
    const id = this.volunteerEmails.get(email.toLowerCase());
    const volunteer = id ? this.volunteers.get(id) : undefined;
    return volunteer ? clone(volunteer) : undefined;
  }

  async listVolunteers(): Promise<Volunteer[]> {
    this.enter('listVolunteers');
    // The byStatus index sorts by createdAt.
    return [...this.volunteers.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(clone);
  }

  // ---- the dashboard's bounded reads (shared/store/dashboard-dynamo.ts) ------------------

  async getVolunteers(volunteerIds: readonly string[]): Promise<Volunteer[]> {
    this.enter('getVolunteers');
    return [...new Set(volunteerIds)].flatMap((id) => {
      const volunteer = this.volunteers.get(id);
      return volunteer ? [clone(volunteer)] : [];
    });
  }

  async listVolunteerPage(options: { limit: number; cursor?: string }): Promise<Page<Volunteer>> {
    this.enter('listVolunteerPage');
    // The byStatus index: createdAt order; the cursor is the last id of the page before.
    const all = [...this.volunteers.values()].sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    );
    const after = options.cursor ? all.findIndex((v) => v.id === options.cursor) + 1 : 0;
    const items = all.slice(after, after + options.limit);
    const last = items.at(-1);
    return {
      items: items.map(clone),
      ...(last && after + options.limit < all.length ? { cursor: last.id } : {}),
    };
  }

  async findPeople(by: FindBy): Promise<{ requestIds: string[]; volunteerIds: string[] }> {
    this.enter('findPeople');
    const wanted = canonicalFind(by.kind, by.value);
    if (wanted === undefined) return { requestIds: [], volunteerIds: [] };
    const matches = (person: { name: string; email?: string; phone?: string }) => {
      const value = by.kind === 'name' ? person.name : by.kind === 'email' ? person.email : person.phone;
      return value !== undefined && canonicalFind(by.kind, value) === wanted;
    };
    return {
      requestIds: [...this.requests.values()].filter((r) => matches(r.requester)).map((r) => r.id),
      volunteerIds: [...this.volunteers.values()].filter(matches).map((v) => v.id),
    };
  }

  async listVolunteerInvites(volunteerId: string, limit: number): Promise<Invite[]> {
    this.enter('listVolunteerInvites');
    return [...this.invites.values()]
      .filter((i) => i.volunteerId === volunteerId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit)
      .map(clone);
  }

  async listVolunteersToWatch(options: { dbsCheckedOnOrBefore: string }): Promise<Volunteer[]> {
    this.enter('listVolunteersToWatch');
    return [...this.volunteers.values()]
      .filter(
        (v) =>
          (v.dbsChecked && (v.dbsCheckedOn ?? '0000-00-00') <= options.dbsCheckedOnOrBefore) ||
          (v.unansweredInvitesInARow ?? 0) >= UNANSWERED_INVITES_TO_CHASE,
      )
      .map(clone);
  }

  async findVolunteersOffering(area: string, helpType: HelpType): Promise<MatchCandidate[]> {
    this.enter('findVolunteersOffering');
    // The byOffer index: one offer item per area and help type, sorted by volunteer id, carrying
    // only what fair rotation reads (never a name or contact details); the area's own offers and its
    // district's.
    return [...this.volunteers.values()]
      .filter((v) => coversArea(v.areas, area) && v.helpTypes.includes(helpType))
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((v) => ({
        id: v.id,
        areas: [area],
        helpTypes: [helpType],
        dbsChecked: v.dbsChecked,
        ...(v.dbsCheckedOn ? { dbsCheckedOn: v.dbsCheckedOn } : {}),
        ...(v.pausedUntil ? { pausedUntil: v.pausedUntil } : {}),
        recentInvites: [...v.recentInvites],
        ...(v.availability ? { availability: [...v.availability] } : {}),
        ...(v.weeklyLimit !== undefined ? { weeklyLimit: v.weeklyLimit } : {}),
        ...(v.recentAccepts ? { recentAccepts: [...v.recentAccepts] } : {}),
      }));
  }

  async deleteVolunteer(volunteerId: string): Promise<void> {
    this.enter('deleteVolunteer');
    const volunteer = this.volunteers.get(volunteerId);
    if (volunteer) this.volunteerEmails.delete(volunteer.email.toLowerCase());
    const phone = volunteer?.phone ? toE164(volunteer.phone) : undefined;
    if (phone) this.volunteerPhones.delete(phone);
    this.volunteers.delete(volunteerId);
    for (const purpose of ['profile', 'confirm-email', 'confirm-phone'])
      this.currentProfileLinks.delete(`${volunteerId}|${purpose}`);
    for (const field of ['email', 'phone']) this.contactChanges.delete(`${volunteerId}|${field}`);
  }

  // ---- a volunteer's own details page (shared/store/profile-dynamo.ts) ------------------------

  async saveProfileLink(link: ProfileLink): Promise<boolean> {
    this.enter('saveProfileLink');
    if (!this.volunteers.has(link.volunteerId)) return false;
    this.profileLinks.set(link.tokenHash, clone(link));
    this.currentProfileLinks.set(`${link.volunteerId}|${link.purpose}`, link.tokenHash);
    return true;
  }

  async findProfileLink(tokenHash: string): Promise<ProfileLink | undefined> {
    this.enter('findProfileLink');
    const link = this.profileLinks.get(tokenHash);
    if (!link || this.currentProfileLinks.get(`${link.volunteerId}|${link.purpose}`) !== tokenHash)
      return undefined;
    return clone(link);
  }

  async putContactChange(change: ContactChange, messages: MessageIntent[] = []): Promise<void> {
    this.enter('putContactChange');
    if (this.messagesCollide(messages)) throw transactionCancelled('message already written');
    this.contactChanges.set(`${change.volunteerId}|${change.field}`, clone(change));
    this.currentProfileLinks.delete(`${change.volunteerId}|confirm-${change.field}`);
    this.writeMessages(messages);
  }

  async getContactChange(volunteerId: string, field: ContactField): Promise<ContactChange | undefined> {
    this.enter('getContactChange');
    const change = this.contactChanges.get(`${volunteerId}|${field}`);
    return change ? clone(change) : undefined;
  }

  async deleteContactChange(volunteerId: string, field: ContactField): Promise<void> {
    this.enter('deleteContactChange');
    this.contactChanges.delete(`${volunteerId}|${field}`);
    this.currentProfileLinks.delete(`${volunteerId}|confirm-${field}`);
  }

  async appendVolunteerAudit(event: VolunteerAuditEvent): Promise<void> {
    this.enter('appendVolunteerAudit');
    this.volunteerAudit.push(clone(event));
  }

  async listVolunteerAudit(volunteerId: string): Promise<VolunteerAuditEvent[]> {
    this.enter('listVolunteerAudit');
    return this.volunteerAudit
      .filter((e) => e.volunteerId === volunteerId)
      .sort((a, b) => a.at.localeCompare(b.at))
      .map(clone);
  }

  async recordInvitesSent(volunteerIds: string[], at: string, keepSince: string): Promise<void> {
    this.enter('recordInvitesSent');
    for (const id of volunteerIds) {
      const volunteer = this.volunteers.get(id);
      if (!volunteer) continue;
      volunteer.recentInvites = [...volunteer.recentInvites.filter((t) => t >= keepSince), at];
    }
  }

  async recordAcceptance(volunteerId: string, at: string): Promise<void> {
    this.enter('recordAcceptance');
    const volunteer = this.volunteers.get(volunteerId);
    if (volunteer) volunteer.recentAccepts = withAcceptance(volunteer.recentAccepts, new Date(at));
  }

  // ---- applications to join (shared/store/applicants-dynamo.ts) --------------------------------

  /** APP#id/APPLICANT. */
  readonly applicants = new Map<string, Applicant>();
  /** IDEM#key items that answer for an application. */
  readonly applicantIdempotencyKeys = new Map<string, string>();

  async createApplicant(
    applicant: Applicant,
    idempotency?: IdempotencyClaim,
    messages: MessageIntent[] = [],
  ): Promise<{ kind: 'created' } | { kind: 'duplicate'; applicantId: string }> {
    this.enter('createApplicant');
    if (idempotency) {
      const earlier = this.applicantIdempotencyKeys.get(idempotency.key);
      if (earlier) return { kind: 'duplicate', applicantId: earlier };
      if (this.idempotencyKeys.has(idempotency.key)) throw transactionCancelled('idempotency key taken');
    }
    if (this.applicants.has(applicant.id)) throw transactionCancelled('applicant exists');
    this.writeMessages(messages);
    if (idempotency) this.applicantIdempotencyKeys.set(idempotency.key, applicant.id);
    this.applicants.set(applicant.id, clone(applicant));
    return { kind: 'created' };
  }

  async getApplicant(applicantId: string): Promise<Applicant | undefined> {
    this.enter('getApplicant');
    const applicant = this.applicants.get(applicantId);
    return applicant ? clone(applicant) : undefined;
  }

  async listApplicants(status: ApplicantStatus): Promise<Applicant[]> {
    this.enter('listApplicants');
    return [...this.applicants.values()]
      .filter((a) => a.status === status)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(clone);
  }

  async saveApplicantChecks(
    applicantId: string,
    checks: ApplicantChecks,
    expiresAt: number,
  ): Promise<Applicant | undefined> {
    this.enter('saveApplicantChecks');
    const applicant = this.applicants.get(applicantId);
    if (applicant?.status !== 'waiting') return undefined;
    applicant.checks = clone(checks);
    applicant.expiresAt = expiresAt;
    return clone(applicant);
  }

  async approveApplicant(
    applicantId: string,
    volunteer: Volunteer,
    messages: MessageIntent[] = [],
  ): Promise<'approved' | 'not-waiting'> {
    this.enter('approveApplicant');
    if (this.applicants.get(applicantId)?.status !== 'waiting') return 'not-waiting';
    this.writeMessages(messages);
    this.applicants.delete(applicantId);
    this.put(volunteer);
    return 'approved';
  }

  async declineApplicant(
    applicantId: string,
    decision: { decidedAt: string; decidedBy: string; declineReason: DeclineReason; expiresAt: number },
    messages: MessageIntent[] = [],
  ): Promise<Applicant | undefined> {
    this.enter('declineApplicant');
    const applicant = this.applicants.get(applicantId);
    if (applicant?.status !== 'waiting') return undefined;
    this.writeMessages(messages);
    Object.assign(applicant, { ...decision, status: 'declined' });
    return clone(applicant);
  }

  // ---- welfare concerns and duplicate keys (shared/store/care-dynamo.ts) --------------

  /** REQ#requestId/CONCERN#id; erasing the request deletes them (see eraseRequest). */
  readonly concerns = new Map<string, Concern>();
  /** DUPKEY#hash: the request that first used a match key, until the window ends. */
  readonly duplicateKeys = new Map<string, DuplicateKeyItem>();

  async putConcern(concern: Concern, messages: MessageIntent[] = []): Promise<void> {
    this.enter('putConcern');
    const key = `${concern.requestId}#${concern.id}`;
    if (this.concerns.has(key)) throw new Error('ConditionalCheckFailedException');
    this.writeMessages(messages);
    this.concerns.set(key, clone(concern));
  }

  async listOpenConcerns(): Promise<Concern[]> {
    this.enter('listOpenConcerns');
    // The byStatus index under CONCERNS#open, sorted by raisedAt.
    return [...this.concerns.values()]
      .filter((c) => !c.acknowledgedAt)
      .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt))
      .map(clone);
  }

  async acknowledgeConcern(
    requestId: string,
    concernId: string,
    by: string,
    at: string,
  ): Promise<Concern | undefined> {
    this.enter('acknowledgeConcern');
    const concern = this.concerns.get(`${requestId}#${concernId}`);
    if (!concern || concern.acknowledgedAt) return undefined;
    concern.acknowledgedAt = at;
    concern.acknowledgedBy = by;
    return clone(concern);
  }

  async getDuplicateKeys(keyHashes: string[]): Promise<DuplicateKeyItem[]> {
    this.enter('getDuplicateKeys');
    return keyHashes.flatMap((hash) => {
      const item = this.duplicateKeys.get(hash);
      return item ? [clone(item)] : [];
    });
  }

  async deleteDuplicateKeys(keyHashes: string[], requestId: string): Promise<void> {
    this.enter('deleteDuplicateKeys');
    for (const hash of keyHashes) {
      if (this.duplicateKeys.get(hash)?.requestId === requestId) this.duplicateKeys.delete(hash);
    }
  }

  async putDuplicateKeys(items: DuplicateKeyItem[]): Promise<void> {
    this.enter('putDuplicateKeys');
    for (const item of items) this.duplicateKeys.set(item.keyHash, clone(item));
  }

  // ---- per-recipient confirmation cap ------------------------------------------------------------

  async claimConfirmationSlot(claim: ConfirmationSlotClaim): Promise<boolean> {
    this.enter('claimConfirmationSlot');
    const key = `${claim.recipientKey}|${claim.day}`;
    const claimants = this.confirmationClaimants.get(key) ?? new Set<string>();
    if (claimants.has(claim.claimant)) return true;
    if (claimants.size >= claim.limit) return false;
    this.confirmationClaimants.set(key, claimants.add(claim.claimant));
    return true;
  }

  // ---- chase-ups (daily digest) ---------------------------------------------------------------

  async markReminderSent(requestId: string, at: string, messages: MessageIntent[] = []): Promise<boolean> {
    this.enter('markReminderSent');
    const request = this.requests.get(requestId);
    if (!request || request.status !== 'assigned' || request.reminderSentAt !== undefined) return false;
    this.writeMessages(messages);
    request.reminderSentAt = at;
    return true;
  }

  async markInvitesSettled(requestId: string, at: string): Promise<boolean> {
    this.enter('markInvitesSettled');
    const request = this.requests.get(requestId);
    if (!request || request.invitesSettledAt !== undefined) return false;
    request.invitesSettledAt = at;
    return true;
  }

  async recordUnansweredInvites(volunteerIds: string[]): Promise<void> {
    this.enter('recordUnansweredInvites');
    for (const id of volunteerIds) {
      const volunteer = this.volunteers.get(id);
      if (volunteer) volunteer.unansweredInvitesInARow = (volunteer.unansweredInvitesInARow ?? 0) + 1;
    }
  }

  async resetUnansweredInvites(volunteerId: string): Promise<void> {
    this.enter('resetUnansweredInvites');
    const volunteer = this.volunteers.get(volunteerId);
    if (volunteer && (volunteer.unansweredInvitesInARow ?? 0) > 0) volunteer.unansweredInvitesInARow = 0;
  }

  // ---- recurring help ---------------------------------------------------------------

  async getSeries(seriesId: string): Promise<HelpSeries | undefined> {
    this.enter('getSeries');
    const series = this.series.get(seriesId);
    return series ? clone(series) : undefined;
  }

  async listActiveSeries(): Promise<HelpSeries[]> {
    this.enter('listActiveSeries');
    return [...this.series.values()]
      .filter((s) => s.status === 'active')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map(clone);
  }

  async createNextOccurrence(
    seriesId: string,
    previousId: string,
    request: HelpRequest,
    audit: AuditEvent,
    messages: MessageIntent[] = [],
  ): Promise<'created' | 'stale' | 'reference-taken'> {
    this.enter('createNextOccurrence');
    const series = this.series.get(seriesId);
    if (!series || series.status !== 'active' || series.requestIds.at(-1) !== previousId) return 'stale';
    if (this.references.has(request.reference)) return 'reference-taken';
    if (this.requests.has(request.id)) throw transactionCancelled('request id already exists');
    this.writeMessages(messages);
    series.requestIds.push(request.id);
    this.references.set(request.reference, request.id);
    this.requests.set(request.id, clone(request));
    this.audit.push(clone(audit));
    return 'created';
  }

  async commitVolunteer(seriesId: string, volunteerId: string, at: string): Promise<boolean> {
    this.enter('commitVolunteer');
    const series = this.series.get(seriesId);
    if (!series || series.status !== 'active' || series.committedVolunteerId !== undefined) return false;
    series.committedVolunteerId = volunteerId;
    series.committedAt = at;
    return true;
  }

  async stopCommitment(seriesId: string, volunteerId: string): Promise<boolean> {
    this.enter('stopCommitment');
    const series = this.series.get(seriesId);
    if (!series || series.committedVolunteerId !== volunteerId) return false;
    delete series.committedVolunteerId;
    delete series.committedAt;
    return true;
  }

  async endSeries(
    seriesId: string,
    changes: { endedAt: string; endedBy: string; endReason: HelpSeries['endReason']; expiresAt: number },
    messages: MessageIntent[] = [],
  ): Promise<HelpSeries | undefined> {
    this.enter('endSeries');
    const series = this.series.get(seriesId);
    if (!series || series.status !== 'active') return undefined;
    this.writeMessages(messages);
    Object.assign(series, { status: 'ended', ...changes });
    return clone(series);
  }

  // ---- the outbox (shared/store/messages-dynamo.ts) --------------------------------------------

  async getMessage(messageId: string): Promise<StoredMessage | undefined> {
    this.enter('getMessage');
    const message = this.messages.get(messageId);
    return message ? clone(message) : undefined;
  }

  async putMessages(messages: MessageIntent[]): Promise<void> {
    this.enter('putMessages');
    // One conditional put each: one written already is skipped, the others still go.
    for (const intent of messages) {
      if (!this.messagesCollide([intent])) this.writeMessages([intent]);
    }
  }

  async claimMessage(messageId: string, leaseUntil: string, now: string): Promise<MessageClaim> {
    this.enter('claimMessage');
    const message = this.messages.get(messageId);
    if (!message) return { kind: 'missing' };
    if (message.doneAt) return { kind: 'done' };
    if (message.leaseUntil && message.leaseUntil >= now) return { kind: 'busy' };
    message.leaseUntil = leaseUntil;
    return { kind: 'claimed', message: clone(message) };
  }

  async markMessageSent(
    messageId: string,
    channel: 'email' | 'text',
    at: string,
    finish?: MessageOutcome,
  ): Promise<boolean> {
    this.enter('markMessageSent');
    const message = this.messages.get(messageId);
    const field = channel === 'email' ? 'sentEmailAt' : 'sentTextAt';
    if (!message || message[field] || (finish && message.doneAt)) return false;
    message[field] = at;
    if (finish) this.endMessage(message, finish);
    return true;
  }

  async finishMessage(messageId: string, outcome: MessageOutcome): Promise<void> {
    this.enter('finishMessage');
    const message = this.messages.get(messageId);
    if (!message || message.doneAt) return;
    this.endMessage(message, outcome);
  }

  private endMessage(message: StoredMessage, outcome: MessageOutcome): void {
    message.doneAt = outcome.at;
    if (outcome.failedReason) message.failedReason = outcome.failedReason;
    if (outcome.skippedReason) message.skippedReason = outcome.skippedReason;
    delete message.leaseUntil;
  }

  async releaseMessage(messageId: string): Promise<void> {
    this.enter('releaseMessage');
    delete this.messages.get(messageId)?.leaseUntil;
  }
}

// ---- mailer -------------------------------------------------------------------------------------

export class FakeMailer implements Mailer {
  /** Messages that were delivered. */
  readonly sent: EmailMessage[] = [];
  /** Every send, delivered or not. */
  readonly attempts: EmailMessage[] = [];
  private failuresLeft = 0;
  private readonly failingAddresses = new Set<string>();

  /** The next `count` sends throw, whoever they are to. */
  failNext(count = 1): this {
    this.failuresLeft += count;
    return this;
  }

  /** Every send to this address throws until `recoverFor` is called. */
  failFor(address: string): this {
    this.failingAddresses.add(address.toLowerCase());
    return this;
  }

  recoverFor(address: string): this {
    this.failingAddresses.delete(address.toLowerCase());
    return this;
  }

  /** Delivered messages to one address. */
  to(address: string): EmailMessage[] {
    return this.sent.filter((m) => m.to.toLowerCase() === address.toLowerCase());
  }

  async send(message: EmailMessage): Promise<void> {
    this.attempts.push(message);
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw Object.assign(new Error('email service unavailable'), { name: 'Throttling' });
    }
    if (this.failingAddresses.has(message.to.toLowerCase())) {
      throw Object.assign(new Error('address rejected'), { name: 'MessageRejected' });
    }
    this.sent.push(message);
  }
}

// ---- clock, ids, log ----------------------------------------------------------------------------

/** 10:00 on Tuesday 10 March 2026, London (GMT): "today" is 2026-03-10. */
export const DEFAULT_NOW = '2026-03-10T10:00:00.000Z';

export class FakeClock implements Clock {
  private current: Date;

  constructor(at: string | Date = DEFAULT_NOW) {
    this.current = new Date(at);
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(at: string | Date): void {
    this.current = new Date(at);
  }

  advanceSeconds(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Counter-based ids: req-0001, vol-0001, GCK-00001; invite tokens are real 43-character base64url strings. */
export class FakeIds implements Ids {
  private requests = 0;
  private volunteers = 0;
  private references = 0;
  private invites = 0;
  private actions = 0;
  private readonly queuedReferences: string[] = [];
  /** Every invite token handed out, in order: the raw links a test can "click". */
  readonly issuedTokens: string[] = [];
  readonly issuedReferences: string[] = [];
  /** Self-service tokens (cancel, done), kept apart so invite tokens keep their order. */
  readonly issuedActionTokens: string[] = [];

  /** The next references returned, before the counter resumes (to force a collision). */
  queueReferences(...references: string[]): this {
    this.queuedReferences.push(...references);
    return this;
  }

  requestId(): string {
    this.requests++;
    return `req-${String(this.requests).padStart(4, '0')}`;
  }

  volunteerId(): string {
    this.volunteers++;
    return `vol-${String(this.volunteers).padStart(4, '0')}`;
  }

  reference(): string {
    const queued = this.queuedReferences.shift();
    if (queued) {
      this.issuedReferences.push(queued);
      return queued;
    }
    this.references++;
    let n = this.references;
    let code = '';
    for (let i = 0; i < 5; i++) {
      code = (REFERENCE_ALPHABET[n % 32] ?? '0') + code;
      n = Math.floor(n / 32);
    }
    const reference = `GCK-${code}`;
    this.issuedReferences.push(reference);
    return reference;
  }

  inviteToken(): string {
    this.invites++;
    const token = createHash('sha256').update(`invite-token-${this.invites}`).digest().toString('base64url');
    this.issuedTokens.push(token);
    return token;
  }

  actionToken(): string {
    this.actions++;
    const token = createHash('sha256').update(`action-token-${this.actions}`).digest().toString('base64url');
    this.issuedActionTokens.push(token);
    return token;
  }
}

export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  extra?: Record<string, unknown>;
}

export class RecordingLog implements Log {
  readonly entries: LogEntry[] = [];

  info(message: string, extra?: Record<string, unknown>): void {
    this.entries.push({ level: 'info', message, extra });
  }

  warn(message: string, extra?: Record<string, unknown>): void {
    this.entries.push({ level: 'warn', message, extra });
  }

  error(message: string, extra?: Record<string, unknown>): void {
    this.entries.push({ level: 'error', message, extra });
  }

  at(level: LogEntry['level']): LogEntry[] {
    return this.entries.filter((e) => e.level === level);
  }

  /** All entries as one string, for "no personal data in the logs" assertions. */
  text(): string {
    return JSON.stringify(this.entries);
  }
}

// ---- settings and fixtures ----------------------------------------------------------------------

export const TEST_BASE_URL = 'https://help.example.org';

export function testSettings(overrides: Partial<MatchingSettings> = {}): MatchingSettings {
  return {
    schemeName: 'Community Kindness',
    schemePhone: '01632 960 000',
    senderEmail: 'help@example.org',
    prescriberEmail: 'prescriber@example.org',
    serviceAreas: ['GL50', 'GL51', 'GL52', 'GL53', 'GL54'],
    waveSize: 2,
    maxWaves: 2,
    responseWindowSeconds: 7200,
    urgentResponseWindowSeconds: 1800,
    dbsRequiredHelpTypes: ['friendly-chat', 'lift', 'practical-help'],
    retentionDays: 90,
    applicationRetentionDays: 60,
    profileLinkDays: 30,
    fairnessWindowDays: 30,
    duplicateWindowDays: 7,
    submitRateLimitPer5Minutes: 100,
    dbsValidForMonths: 36,
    digestHour: 7,
    seriesMaxOccurrences: 12,
    confirmationsPerRecipientPerDay: 3,
    lookupHashSecret: 'test-lookup-hash-secret',
    sms: { monthlySpendLimitUsd: 1 },
    publicBaseUrl: TEST_BASE_URL,
    ...overrides,
  };
}

export function aVolunteer(overrides: Partial<Volunteer> & Pick<Volunteer, 'id'>): Volunteer {
  return {
    name: `Volunteer ${overrides.id}`,
    email: `${overrides.id}@volunteers.example.org`,
    areas: ['GL50'],
    helpTypes: ['shopping'],
    dbsChecked: false,
    recentInvites: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function aRequest(overrides: Partial<HelpRequest> = {}): HelpRequest {
  return {
    id: 'req-seeded',
    reference: 'GCK-SEED1',
    status: 'received',
    helpType: 'shopping',
    area: 'GL50',
    neededBy: '2026-03-14',
    urgent: false,
    details: 'Milk, bread and a newspaper',
    requester: {
      name: 'Mary Testperson',
      phone: '07700 900 982',
      email: 'mary@example.com',
      addressLine1: '12 Acacia Avenue',
      town: 'Cheltenham',
      postcode: 'GL50 1AB',
    },
    createdAt: '2026-03-10T09:00:00.000Z',
    enteredBy: 'public-form',
    wave: 0,
    ...overrides,
  };
}

/** A complete, valid form submission for 2026-03-10 (the default clock's today). */
export function aValidPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Mary Testperson',
    onBehalf: 'no',
    phone: '07700 900982',
    email: 'mary@example.com',
    addressLine1: '12 Acacia Avenue',
    postcode: 'GL50 1AB',
    helpType: 'shopping',
    details: 'Milk and bread',
    neededBy: '2026-03-14',
    consent: 'yes',
    ...overrides,
  };
}

/** Texts, as End User Messaging would take them: delivered ones are kept, a failure can be queued. */
export class FakeTexter implements Texter {
  readonly sent: TextMessage[] = [];
  private failuresLeft = 0;

  /** The next `count` sends throw End User Messaging's throttling error. */
  failNext(count = 1): this {
    this.failuresLeft += count;
    return this;
  }

  to(phone: string): TextMessage[] {
    return this.sent.filter((m) => m.to === phone);
  }

  async send(message: TextMessage): Promise<void> {
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw Object.assign(new Error('rate exceeded'), { name: 'ThrottlingException' });
    }
    this.sent.push(message);
  }
}

export interface TestPorts {
  store: MemoryStore;
  mailer: FakeMailer;
  texter: FakeTexter;
  clock: FakeClock;
  ids: FakeIds;
  log: RecordingLog;
}

export function testPorts(): TestPorts {
  return {
    store: new MemoryStore(),
    mailer: new FakeMailer(),
    texter: new FakeTexter(),
    clock: new FakeClock(),
    ids: new FakeIds(),
    log: new RecordingLog(),
  };
}
