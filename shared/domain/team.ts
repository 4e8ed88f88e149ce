import type { Prescriber } from '../auth/claims.js';
import { isEmail } from '../schema/fields.js';
import {
  OPEN_STATUSES,
  type ClaimFilter,
  type HelpRequest,
  type RequestStatus,
  type TeamMember,
} from './model.js';
import type { ClaimOutcome, Clock, Log, Store } from './ports.js';

/**
 * A team of prescribers sharing one queue. Each request can be claimed by one of them ("I'll handle
 * this") with a conditional write, so two pressing at once get one winner, and given back. The audit
 * records a prescriber's stable id (Cognito's `sub`); the page shows the name from the team list, a
 * handful of items read with one Query, so no name is copied into audit entries or keys.
 */

/** Requests a prescriber may claim: any that is still someone's to act on. */
export const CLAIMABLE_STATUSES: readonly RequestStatus[] = [
  ...OPEN_STATUSES,
  'escalated',
  'assigned',
  'on-hold',
];

/** The user pool's side: accounts are made and switched off there (Cognito in AWS, the local pool). */
export interface PrescriberAccounts {
  /** Creates the account (its temporary password goes to the email) in the prescribers group, and admins when asked. */
  create(input: {
    email: string;
    admin: boolean;
  }): Promise<{ kind: 'created'; id: string } | { kind: 'exists' }>;
  disable(memberId: string): Promise<void>;
  enable(memberId: string): Promise<void>;
}

/** Whether a signed-in prescriber may act on the dashboard now. */
export type PrescriberStanding = 'active' | 'disabled';

/**
 * Asked on every dashboard request. A token stays valid until it expires (up to an hour) whatever
 * happens to its account, so an admin's disable is honoured here, from the team list, rather than
 * left to Cognito. A prescriber with no entry (an account made before the team list) keeps the access
 * their token's group gives them.
 */
export async function standingOf(
  prescriber: Prescriber,
  store: Pick<Store, 'getTeamMember'>,
): Promise<PrescriberStanding> {
  const member = await store.getTeamMember(prescriber.id);
  return member?.enabled === false ? 'disabled' : 'active';
}

/** Which requests the dashboard lists: the signed-in prescriber's, nobody's, or all. */
export const CLAIM_FILTERS = ['everyone', 'mine', 'unclaimed'] as const;
export type ClaimFilterName = (typeof CLAIM_FILTERS)[number];

/** The ?show= of the dashboard as a filter; anything unknown shows everyone's. */
export function claimFilterOf(
  show: string | undefined,
  prescriber: Prescriber,
): { name: ClaimFilterName; filter?: ClaimFilter } {
  if (show === 'mine') return { name: 'mine', filter: { kind: 'mine', prescriberId: prescriber.id } };
  if (show === 'unclaimed') return { name: 'unclaimed', filter: { kind: 'unclaimed' } };
  return { name: 'everyone' };
}

/** Whether a request passes a filter: the memory store's rule, and the one the pages check against. */
export function matchesClaimFilter(
  request: Pick<HelpRequest, 'claimedBy'>,
  filter: ClaimFilter | undefined,
): boolean {
  if (!filter) return true;
  return filter.kind === 'mine' ? request.claimedBy === filter.prescriberId : request.claimedBy === undefined;
}

export interface TeamPorts {
  store: Pick<Store, 'claimRequest' | 'releaseClaim' | 'appendAudit' | 'listTeam'>;
  clock: Clock;
  log: Log;
}

/** "I'll handle this": the claim, and an audit entry naming who, when it is new. */
export async function claimRequest(
  requestId: string,
  prescriber: Prescriber,
  ports: TeamPorts,
): Promise<ClaimOutcome> {
  const at = ports.clock.now().toISOString();
  const outcome = await ports.store.claimRequest(requestId, prescriber.id, at);
  // Pressing it twice is not a second claim: the entry is written when the claim is new.
  if (outcome.kind === 'claimed' && outcome.request.claimedAt === at) {
    await ports.store.appendAudit({ requestId, at, type: 'claimed', actor: prescriber.id });
    ports.log.info('request claimed', { requestId });
  }
  return outcome;
}

/** "Give back": only the prescriber who has it can give it back. */
export async function giveBack(
  requestId: string,
  prescriber: Prescriber,
  ports: TeamPorts,
): Promise<'released' | 'not-yours'> {
  if (!(await ports.store.releaseClaim(requestId, prescriber.id))) return 'not-yours';
  await ports.store.appendAudit({
    requestId,
    at: ports.clock.now().toISOString(),
    type: 'claim-released',
    actor: prescriber.id,
  });
  ports.log.info('request given back', { requestId });
  return 'released';
}

/** Each team member's name by id, for the pages. */
export async function teamNames(store: Pick<Store, 'listTeam'>): Promise<Record<string, string>> {
  const team = await store.listTeam();
  return Object.fromEntries(team.map((member) => [member.id, member.name]));
}

// ---- managing the team (admins only) ----------------------------------------------------------------

export const TEAM_NAME_MAX = 80;

export type AddPrescriberResult =
  | { kind: 'added'; member: TeamMember }
  | { kind: 'invalid'; errors: { field: 'name' | 'email'; message: string }[] }
  | { kind: 'exists' };

export interface TeamAdminPorts {
  store: Pick<Store, 'putTeamMember' | 'setTeamMemberEnabled' | 'listTeam'>;
  accounts: PrescriberAccounts;
  clock: Clock;
  log: Log;
}

/** An admin adds a prescriber: the account in the user pool first, then the team list's entry. */
export async function addPrescriber(
  input: { name: string; email: string; admin: boolean },
  ports: TeamAdminPorts,
): Promise<AddPrescriberResult> {
  const name = input.name.trim().replace(/\s+/g, ' ');
  const email = input.email.trim().toLowerCase();
  const errors: { field: 'name' | 'email'; message: string }[] = [];
  if (name === '') errors.push({ field: 'name', message: 'Enter their name' });
  else if (name.length > TEAM_NAME_MAX)
    errors.push({ field: 'name', message: `Name must be ${TEAM_NAME_MAX} characters or fewer` });
  if (!isEmail(email))
    errors.push({
      field: 'email',
      message: 'Enter an email address in the correct format, like name@example.org',
    });
  if (errors.length > 0) return { kind: 'invalid', errors };
  const created = await ports.accounts.create({ email, admin: input.admin });
  if (created.kind === 'exists') return { kind: 'exists' };
  const member: TeamMember = {
    id: created.id,
    name,
    email,
    admin: input.admin,
    enabled: true,
    addedAt: ports.clock.now().toISOString(),
  };
  await ports.store.putTeamMember(member);
  ports.log.info('prescriber added', { memberId: member.id, admin: input.admin });
  return { kind: 'added', member };
}

/**
 * An admin disables or enables a prescriber's account. Nobody disables themselves, so the team always
 * keeps the admin who is acting.
 */
export async function setPrescriberEnabled(
  memberId: string,
  enabled: boolean,
  actor: Prescriber,
  ports: TeamAdminPorts,
): Promise<'done' | 'not-found' | 'self'> {
  if (memberId === actor.id && !enabled) return 'self';
  const team = await ports.store.listTeam();
  if (!team.some((member) => member.id === memberId)) return 'not-found';
  if (enabled) await ports.accounts.enable(memberId);
  else await ports.accounts.disable(memberId);
  await ports.store.setTeamMemberEnabled(memberId, enabled);
  ports.log.info(enabled ? 'prescriber enabled' : 'prescriber disabled', { memberId });
  return 'done';
}
