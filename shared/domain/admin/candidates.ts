import type { SchemeSettings } from '../../config.js';
import { acceptedThisWeek, availableBefore, underWeeklyLimit } from '../availability.js';
import { hasCurrentDbsCheck } from '../dbs.js';
import type { HelpRequest, Invite, Volunteer } from '../model.js';
import type { MatchCandidate } from '../ports.js';
import { coversArea } from '../../vocabulary/postcode.js';
import { DAY_SECONDS, londonDate } from '../../vocabulary/time.js';

/** Why a volunteer is a poor fit for a request; the prescriber may still choose them, after confirming. */
export type FitProblem = 'not-offered' | 'paused' | 'no-dbs' | 'not-available' | 'week-full';

export interface CandidateFacts {
  volunteerId: string;
  problems: FitProblem[];
  /** Invites in the fairness window: the fewer, the less they have been asked lately. */
  recentInvites: number;
  lastInvitedAt?: string;
  pausedUntil?: string;
  /** What came of this request's own invite to them, if they had one. */
  askedForThis?: Invite['status'];
  /** Their own "at most N jobs a week", if they set one. */
  weeklyLimit?: number;
  /** Jobs they have taken this week, by saying yes or arranged by hand: the fewer, the freer they are. */
  acceptedThisWeek: number;
  /** When they last took a job on (kept across weeks: the newest acceptance is always kept). */
  lastHelpedAt?: string;
}

export type FitSettings = Pick<
  SchemeSettings,
  'dbsRequiredHelpTypes' | 'dbsValidForMonths' | 'fairnessWindowDays'
>;

/** How well one volunteer fits a request today: pure, from what the offer index carries. */
export function candidateFacts(
  volunteer: MatchCandidate,
  request: Pick<HelpRequest, 'helpType' | 'area'> & Partial<Pick<HelpRequest, 'neededBy'>>,
  invites: readonly Invite[],
  settings: FitSettings,
  now: Date,
): CandidateFacts {
  const nowIso = now.toISOString();
  const windowStart = new Date(
    now.getTime() - settings.fairnessWindowDays * DAY_SECONDS * 1000,
  ).toISOString();
  const recent = volunteer.recentInvites.filter((at) => at >= windowStart).sort();
  const problems: FitProblem[] = [];
  if (!volunteer.helpTypes.includes(request.helpType) || !coversArea(volunteer.areas, request.area))
    problems.push('not-offered');
  const paused = volunteer.pausedUntil !== undefined && volunteer.pausedUntil > nowIso;
  if (paused) problems.push('paused');
  if (
    settings.dbsRequiredHelpTypes.includes(request.helpType) &&
    !hasCurrentDbsCheck(volunteer, londonDate(now), settings.dbsValidForMonths)
  )
    problems.push('no-dbs');
  // As matching judges them: none of their usual times before it is needed, or their week is full.
  if (request.neededBy !== undefined && !availableBefore(volunteer, now, request.neededBy))
    problems.push('not-available');
  if (!underWeeklyLimit(volunteer, now)) problems.push('week-full');
  const invite = invites.find((i) => i.volunteerId === volunteer.id);
  const lastHelpedAt = [...(volunteer.recentAccepts ?? [])].sort().at(-1);
  return {
    volunteerId: volunteer.id,
    problems,
    recentInvites: recent.length,
    ...(recent.length > 0 ? { lastInvitedAt: recent.at(-1) } : {}),
    ...(paused && volunteer.pausedUntil ? { pausedUntil: volunteer.pausedUntil } : {}),
    ...(invite ? { askedForThis: invite.status } : {}),
    ...(volunteer.weeklyLimit !== undefined ? { weeklyLimit: volunteer.weeklyLimit } : {}),
    acceptedThisWeek: acceptedThisWeek(volunteer.recentAccepts, now),
    ...(lastHelpedAt ? { lastHelpedAt } : {}),
  };
}

/**
 * The ranked list for arranging by hand: good fits first (offers this help here, not paused, a DBS
 * check where the help needs one), someone who turned this request down last, then whoever has the
 * fewest jobs this week and the longest since they last helped (never first), then fair rotation of
 * invites (fewest recent, longest since the last), then id so the order is stable.
 */
export function rankCandidates(facts: readonly CandidateFacts[]): CandidateFacts[] {
  const declined = (f: CandidateFacts) => (f.askedForThis === 'declined' ? 1 : 0);
  return [...facts].sort(
    (a, b) =>
      a.problems.length - b.problems.length ||
      declined(a) - declined(b) ||
      a.acceptedThisWeek - b.acceptedThisWeek ||
      (a.lastHelpedAt ?? '').localeCompare(b.lastHelpedAt ?? '') ||
      a.recentInvites - b.recentInvites ||
      (a.lastInvitedAt ?? '').localeCompare(b.lastInvitedAt ?? '') ||
      a.volunteerId.localeCompare(b.volunteerId),
  );
}

/** A whole profile as the offer index would show it, for someone found by name rather than by offer. */
export function asCandidate(volunteer: Volunteer): MatchCandidate {
  return {
    id: volunteer.id,
    areas: volunteer.areas,
    helpTypes: volunteer.helpTypes,
    dbsChecked: volunteer.dbsChecked,
    ...(volunteer.dbsCheckedOn ? { dbsCheckedOn: volunteer.dbsCheckedOn } : {}),
    ...(volunteer.pausedUntil ? { pausedUntil: volunteer.pausedUntil } : {}),
    recentInvites: volunteer.recentInvites,
    ...(volunteer.availability ? { availability: volunteer.availability } : {}),
    ...(volunteer.weeklyLimit !== undefined ? { weeklyLimit: volunteer.weeklyLimit } : {}),
    ...(volunteer.recentAccepts ? { recentAccepts: volunteer.recentAccepts } : {}),
  };
}

/** The words for a fit problem, for the list and the confirm step. */
export const FIT_PROBLEM_TEXT: Record<FitProblem, string> = {
  'not-offered': 'does not offer this help in this area',
  paused: 'is paused',
  'no-dbs': 'has no current DBS check, and this help needs one',
  'not-available': 'is not usually free before it is needed',
  'week-full': 'has already taken as many jobs this week as they said they would',
};
