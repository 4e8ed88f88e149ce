import type { ApplicantInput } from '../schema/applicant.js';
import { toVolunteer, type Recipient } from './messages.js';
import { type Applicant, type ApplicantChecks, type DeclineReason, type Volunteer } from './model.js';

export type { ApplicantStore } from './ports.js';
import type { ApplicantStore, Clock, Ids, Log, VolunteerStore } from './ports.js';
import { DAY_SECONDS, epochSeconds } from '../vocabulary/time.js';

export const toApplicant = (applicantId: string): Recipient => ({ role: 'applicant', applicantId });

export interface ApplicantPorts {
  store: ApplicantStore & Pick<VolunteerStore, 'findVolunteerByEmail'>;
  clock: Clock;
  ids: Pick<Ids, 'volunteerId'>;
  log: Log;
}

export interface ApplicantSettings {
  applicationRetentionDays: number;
}

export type ApplyOutcome =
  | { kind: 'created'; applicantId: string }
  | { kind: 'duplicate'; applicantId: string }
  /** The honeypot was filled: answered like a success, nothing stored. */
  | { kind: 'ignored' };

/** A double click or a retried post comes back within a day; then the key may be used again. */
const IDEMPOTENCY_SECONDS = DAY_SECONDS;

function expiresAfter(at: Date, settings: ApplicantSettings): number {
  return epochSeconds(at) + settings.applicationRetentionDays * DAY_SECONDS;
}

export async function applyToJoin(
  input: ApplicantInput,
  settings: ApplicantSettings,
  ports: ApplicantPorts,
): Promise<ApplyOutcome> {
  if (input.website) {
    ports.log.warn('honeypot filled; application ignored');
    return { kind: 'ignored' };
  }
  const now = ports.clock.now();
  const id = ports.ids.volunteerId();
  const { idempotencyKey, ...offer } = input;
  delete offer.website;
  const applicant: Applicant = {
    ...offer,
    id,
    status: 'waiting',
    checks: {},
    createdAt: now.toISOString(),
    // Abandoned applications go too: nobody's details wait for ever in a queue no one looks at.
    expiresAt: expiresAfter(now, settings),
  };
  const result = await ports.store.createApplicant(
    applicant,
    idempotencyKey
      ? // Its own namespace: a request's key can never answer for an application.
        { key: `apply:${idempotencyKey}`, expiresAt: epochSeconds(now) + IDEMPOTENCY_SECONDS }
      : undefined,
    [{ kind: 'applicant-confirmation', to: toApplicant(id) }],
  );
  if (result.kind === 'duplicate') {
    ports.log.info('repeat application answered from idempotency key', { applicantId: result.applicantId });
    return result;
  }
  ports.log.info('application stored', { applicantId: id });
  return { kind: 'created', applicantId: id };
}

export type DecisionOutcome =
  | { kind: 'approved'; volunteerId: string }
  | { kind: 'declined' }
  | { kind: 'saved' }
  | { kind: 'not-found' }
  /** Approved or declined by someone else first. */
  | { kind: 'not-waiting' }
  /** Approval would make a second volunteer with this email address. */
  | { kind: 'email-taken' };

export async function recordChecks(
  applicantId: string,
  checks: ApplicantChecks,
  settings: ApplicantSettings,
  ports: ApplicantPorts,
): Promise<DecisionOutcome> {
  // Checks in progress keep the application: the expiry counts from the last thing the team did.
  const saved = await ports.store.saveApplicantChecks(
    applicantId,
    checks,
    expiresAfter(ports.clock.now(), settings),
  );
  if (!saved)
    return (await ports.store.getApplicant(applicantId)) ? { kind: 'not-waiting' } : { kind: 'not-found' };
  ports.log.info('applicant checks saved', { applicantId });
  return { kind: 'saved' };
}

/** The volunteer an approved applicant becomes: same id, their offer, the DBS date the team saw. */
export function volunteerFrom(applicant: Applicant, at: Date): Volunteer {
  const dbsCheckedOn = applicant.checks.dbsCheckedOn ?? applicant.dbsCheckedOn;
  return {
    id: applicant.id,
    name: applicant.name,
    email: applicant.email,
    ...(applicant.phone ? { phone: applicant.phone } : {}),
    ...(applicant.contactBy && applicant.contactBy !== 'email' ? { contactBy: applicant.contactBy } : {}),
    areas: applicant.areas,
    helpTypes: applicant.helpTypes,
    dbsChecked: Boolean(applicant.checks.dbsCheckedOn) || applicant.dbsChecked,
    ...(dbsCheckedOn ? { dbsCheckedOn } : {}),
    availability: applicant.availability,
    ...(applicant.weeklyLimit !== undefined ? { weeklyLimit: applicant.weeklyLimit } : {}),
    recentInvites: [],
    createdAt: at.toISOString(),
  };
}

export async function approveApplicant(
  applicantId: string,
  actor: string,
  ports: ApplicantPorts,
): Promise<DecisionOutcome> {
  const applicant = await ports.store.getApplicant(applicantId);
  if (!applicant) return { kind: 'not-found' };
  if (applicant.status !== 'waiting') return { kind: 'not-waiting' };
  if (await ports.store.findVolunteerByEmail(applicant.email)) return { kind: 'email-taken' };
  const volunteer = volunteerFrom(applicant, ports.clock.now());
  const result = await ports.store.approveApplicant(applicantId, volunteer, [
    { kind: 'applicant-welcome', to: toVolunteer(volunteer.id), dedupeKey: `welcome:${volunteer.id}` },
  ]);
  if (result === 'not-waiting') return { kind: 'not-waiting' };
  ports.log.info('applicant approved', { applicantId, volunteerId: volunteer.id, actor });
  return { kind: 'approved', volunteerId: volunteer.id };
}

export async function declineApplicant(
  applicantId: string,
  reason: DeclineReason,
  actor: string,
  settings: ApplicantSettings,
  ports: ApplicantPorts,
): Promise<DecisionOutcome> {
  const now = ports.clock.now();
  const declined = await ports.store.declineApplicant(
    applicantId,
    {
      decidedAt: now.toISOString(),
      decidedBy: actor,
      declineReason: reason,
      expiresAt: expiresAfter(now, settings),
    },
    [{ kind: 'applicant-declined', to: toApplicant(applicantId), facts: { reason } }],
  );
  if (!declined)
    return (await ports.store.getApplicant(applicantId)) ? { kind: 'not-waiting' } : { kind: 'not-found' };
  ports.log.info('applicant declined', { applicantId, reason, actor });
  return { kind: 'declined' };
}
