import type { HelpType } from '../../vocabulary/help-types.js';
import type { HelpRequest, Invite, Volunteer } from '../model.js';
import type { Clock, DashboardStore, Ids, Log, RequestStore, VolunteerStore } from '../ports.js';
import { londonDate } from '../../vocabulary/time.js';
import { areasOverlap, splitAreas } from '../../vocabulary/postcode.js';
import { dbsStatus } from '../dbs.js';
import { addDaysToDate } from '../../vocabulary/time.js';
import { combineDateParts } from '../../schema/date-parts.js';
import { isTextProblem, textProblemMessage } from '../../schema/fields.js';
import {
  parseVolunteer,
  VOLUNTEER_FIELDS,
  VOLUNTEER_LIMITS,
  type VolunteerField,
  type VolunteerInput,
  type VolunteerIssue,
} from '../../schema/volunteer.js';
import { importRoster, parseRosterCsv, ROSTER_COLUMNS, type ImportSummary } from '../roster-csv.js';
import { csvCell } from '../../util/csv.js';

export interface VolunteerPorts {
  store: VolunteerStore & DashboardStore;
  ids: Pick<Ids, 'volunteerId'>;
  clock: Clock;
  log: Log;
}

export interface VolunteerFilters {
  helpType?: HelpType;
  area?: string;
  /** 'yes': only paused now; 'no': only available now. */
  paused?: 'yes' | 'no';
}

export function isPaused(volunteer: Pick<Volunteer, 'pausedUntil'>, now: Date): boolean {
  return volunteer.pausedUntil !== undefined && volunteer.pausedUntil > now.toISOString();
}

/** The whole roster from the byStatus index (a Query), filtered here: only the CSV download reads it all. */
export async function listVolunteers(
  filters: VolunteerFilters,
  ports: Pick<VolunteerPorts, 'store' | 'clock'>,
) {
  const now = ports.clock.now();
  const all = await ports.store.listVolunteers();
  return all
    .filter(
      (v) =>
        (!filters.helpType || v.helpTypes.includes(filters.helpType)) &&
        (!filters.area || v.areas.some((area) => areasOverlap(area, filters.area ?? ''))) &&
        (!filters.paused || isPaused(v, now) === (filters.paused === 'yes')),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Volunteers on one page of the roster. */
export const ROSTER_PAGE_SIZE = 25;
/** Reads of the roster one filtered page may make (each at most ROSTER_PAGE_SIZE profiles). */
const FILTER_READS = 8;

export interface RosterPage {
  volunteers: Volunteer[];
  /** Where the next page starts, when there is one (an opaque cursor: ids and a date, no personal data). */
  next?: string;
  /** The full name searched for, when the page is a search. */
  search?: string;
}

/**
 * One page of the roster, never the whole of it: 25 in the order they joined (one bounded Query), or
 * everyone with exactly this full name (a keyed-hash lookup: the key holds no name). The filters narrow
 * the page read.
 *
 * Why not in order of name: DynamoDB can only sort by a key, and a key sorted by name would have to
 * hold the name (or a prefix of it), which the table's keys must never do. An exact, normalised name
 * search through a keyed hash finds a person at once whatever the roster's size, and a page of 25 in
 * joining order is sorted by name on screen.
 */
export async function loadRosterPage(
  options: { filters: VolunteerFilters; cursor?: string; search?: string },
  ports: { store: Pick<DashboardStore, 'listVolunteerPage' | 'findPeople' | 'getVolunteers'>; clock: Clock },
): Promise<RosterPage> {
  const now = ports.clock.now();
  const { filters } = options;
  const keep = (v: Volunteer) =>
    (!filters.helpType || v.helpTypes.includes(filters.helpType)) &&
    (!filters.area || v.areas.some((area) => areasOverlap(area, filters.area ?? ''))) &&
    (!filters.paused || isPaused(v, now) === (filters.paused === 'yes'));
  const byName = (a: Volunteer, b: Volunteer) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  const search = options.search?.trim();
  if (search) {
    const found = await ports.store.findPeople({ kind: 'name', value: search });
    const volunteers = await ports.store.getVolunteers(found.volunteerIds);
    return { volunteers: volunteers.filter(keep).sort(byName), search };
  }
  // With filters, read on until a page is full, but never more than FILTER_READS pages of the roster:
  // the next link carries on from where this stopped.
  const volunteers: Volunteer[] = [];
  let cursor = options.cursor;
  for (let reads = 0; reads < FILTER_READS && volunteers.length < ROSTER_PAGE_SIZE; reads++) {
    const page = await ports.store.listVolunteerPage({
      limit: ROSTER_PAGE_SIZE - volunteers.length,
      cursor,
    });
    volunteers.push(...page.items.filter(keep));
    cursor = page.cursor;
    if (!cursor) break;
  }
  return { volunteers: volunteers.sort(byName), ...(cursor ? { next: cursor } : {}) };
}

/** Days before a DBS check lapses that the roster starts to warn, as the digest does. */
const DBS_WARN_DAYS = 30;

export type DbsTag = 'none' | 'undated' | 'valid' | 'lapses-soon' | 'lapsed';

/** What the roster shows of a volunteer's activity and checks, from their profile alone (no extra reads). */
export interface RosterActivity {
  lastInvitedAt?: string;
  /** Invites in the fairness window (recent invites are kept only that long). */
  recentInvites: number;
  unansweredInARow: number;
  dbs: DbsTag;
  dbsExpiresOn?: string;
}

export function rosterActivity(
  volunteer: Volunteer,
  today: string,
  dbsValidForMonths: number,
): RosterActivity {
  const status = dbsStatus(volunteer, today, dbsValidForMonths);
  const dbs: DbsTag =
    status.kind === 'expired'
      ? 'lapsed'
      : status.kind === 'valid'
        ? status.expiresOn <= addDaysToDate(today, DBS_WARN_DAYS)
          ? 'lapses-soon'
          : 'valid'
        : status.kind;
  const lastInvitedAt = [...volunteer.recentInvites].sort().at(-1);
  return {
    ...(lastInvitedAt ? { lastInvitedAt } : {}),
    recentInvites: volunteer.recentInvites.length,
    unansweredInARow: volunteer.unansweredInvitesInARow ?? 0,
    dbs,
    ...(status.kind === 'valid' || status.kind === 'expired' ? { dbsExpiresOn: status.expiresOn } : {}),
  };
}

/** The areas a volunteer lists that the scheme does not serve (none overlaps a service area). */
export function areasOutsideService(areas: readonly string[], serviceAreas: readonly string[]): string[] {
  return areas.filter((area) => !serviceAreas.some((served) => areasOverlap(area, served)));
}

/** Invites a volunteer's page lists, newest first. */
export const HISTORY_SHOWN = 20;

export interface HistoryLine {
  invite: Invite;
  /** The request, while it is still kept (closed requests expire with their retention period). */
  request?: HelpRequest;
}

/**
 * A volunteer's recent history: their latest invites (one bounded Query of the index that holds them
 * by volunteer) with the requests they were for; an accepted one is a job they took.
 */
export async function loadVolunteerHistory(
  volunteerId: string,
  ports: { store: Pick<DashboardStore, 'listVolunteerInvites'> & Pick<RequestStore, 'getRequest'> },
): Promise<HistoryLine[]> {
  const invites = await ports.store.listVolunteerInvites(volunteerId, HISTORY_SHOWN);
  const requests = await Promise.all(invites.map((invite) => ports.store.getRequest(invite.requestId)));
  return invites.map((invite, i) => ({ invite, ...(requests[i] ? { request: requests[i] } : {}) }));
}

export type { VolunteerInput };

export interface FieldError {
  field: string;
  message: string;
}

const FORM_MESSAGES: Record<VolunteerField, string> = {
  name: 'Enter the volunteer’s name',
  email: 'Enter an email address in the correct format, like name@example.com',
  phone: 'Enter a UK phone number, like 01632 960 001 or 07700 900 982',
  areas: 'Enter postcode districts or sectors separated by commas, like SP8 4, SP7 9, BA12',
  helpTypes: 'Select at least one kind of help',
  dbsChecked: 'Select yes if they have had a DBS check, or no',
  dbsCheckedOn: 'Enter the date of the DBS check, today or earlier, like 15 3 2024',
  contactBy: 'Select how they want invites: email, text or both',
};

/** The schema's problem in the words of a person at the form, on the field it shows against. */
function formError(issue: VolunteerIssue): FieldError {
  const { field, problem } = issue;
  if (field === 'form') return { field, message: `Unexpected field: ${(issue.given ?? '').slice(0, 100)}` };
  if (problem === 'mobile-needed')
    return { field: 'phone', message: 'Enter a UK mobile number for texts, like 07700 900 982' };
  if (field === 'name' && problem === 'too-long')
    return { field, message: `Name must be ${VOLUNTEER_LIMITS.name} characters or fewer` };
  if (field === 'name' && isTextProblem(problem))
    return { field, message: textProblemMessage(problem, 'Name') };
  return { field, message: FORM_MESSAGES[field] };
}

/** Reads the add/edit form through the volunteer schema, with messages for a person at a form. */
export function parseVolunteerForm(
  fields: Record<string, string>,
  helpTypes: readonly string[],
  /** London date; with it, a DBS date in the future is refused. */
  today?: string,
): { value?: VolunteerInput; errors: FieldError[] } {
  // Checkboxes repeat a field, so help types arrive as their own list; areas are typed in one box.
  const { areas, ...rest } = combineDateParts(fields, 'dbsCheckedOn');
  delete rest.helpTypes;
  // The date boxes only count with "Yes": a date left behind after choosing "No" is not a check.
  if (fields.dbsChecked !== 'yes') delete rest.dbsCheckedOn;
  const parsed = parseVolunteer(
    { ...rest, areas: splitAreas(areas ?? ''), helpTypes: [...helpTypes] },
    today,
  );
  if (parsed.ok) {
    // Email is what no choice means: the form stores no preference for it.
    const { contactBy, ...value } = parsed.value;
    return { errors: [], value: { ...value, ...(contactBy && contactBy !== 'email' ? { contactBy } : {}) } };
  }
  // One message per field: the first problem found is the one to fix first.
  const errors: FieldError[] = [];
  for (const error of parsed.issues.map(formError)) {
    if (!errors.some((e) => e.field === error.field)) errors.push(error);
  }
  return { errors };
}

export type SaveResult =
  { kind: 'saved'; volunteer: Volunteer } | { kind: 'email-taken' } | { kind: 'not-found' };

export async function addVolunteer(
  input: VolunteerInput,
  actor: string,
  ports: VolunteerPorts,
): Promise<SaveResult> {
  if (await ports.store.findVolunteerByEmail(input.email)) return { kind: 'email-taken' };
  const volunteer: Volunteer = {
    id: ports.ids.volunteerId(),
    ...input,
    recentInvites: [],
    createdAt: ports.clock.now().toISOString(),
  };
  await ports.store.putVolunteer(volunteer);
  ports.log.info('volunteer added', { volunteerId: volunteer.id, actor });
  return { kind: 'saved', volunteer };
}

/** Keeps what the form does not carry: id, createdAt, invite history and any pause. */
export async function editVolunteer(
  id: string,
  input: VolunteerInput,
  actor: string,
  ports: VolunteerPorts,
): Promise<SaveResult> {
  const existing = await ports.store.getVolunteer(id);
  if (!existing) return { kind: 'not-found' };
  const other = await ports.store.findVolunteerByEmail(input.email);
  if (other && other.id !== id) return { kind: 'email-taken' };
  const volunteer: Volunteer = { ...existing, ...input };
  if (!input.phone) delete volunteer.phone;
  if (!input.dbsCheckedOn) delete volunteer.dbsCheckedOn;
  if (!input.contactBy) delete volunteer.contactBy;
  await ports.store.putVolunteer(volunteer);
  ports.log.info('volunteer edited', { volunteerId: id, actor });
  return { kind: 'saved', volunteer };
}

/** Paused until the end of that day (London midnight is close enough: UTC 23:59), or resumed with no date. */
export async function pauseVolunteer(
  id: string,
  untilDate: string | undefined,
  actor: string,
  ports: VolunteerPorts,
): Promise<SaveResult> {
  const existing = await ports.store.getVolunteer(id);
  if (!existing) return { kind: 'not-found' };
  const volunteer: Volunteer = { ...existing };
  if (untilDate) volunteer.pausedUntil = `${untilDate}T23:59:59.000Z`;
  else delete volunteer.pausedUntil;
  await ports.store.putVolunteer(volunteer);
  ports.log.info(untilDate ? 'volunteer paused' : 'volunteer resumed', { volunteerId: id, actor });
  return { kind: 'saved', volunteer };
}

/**
 * Deletes the volunteer's personal data (profile, email lookup, offers). Requests, invites and the
 * audit keep only the id, which no longer leads to a person: past assignments stay, anonymised.
 */
export async function removeVolunteer(id: string, actor: string, ports: VolunteerPorts): Promise<boolean> {
  const existing = await ports.store.getVolunteer(id);
  if (!existing) return false;
  await ports.store.deleteVolunteer(id);
  ports.log.info('volunteer removed', { volunteerId: id, actor });
  return true;
}

export interface ImportPreview {
  errors: string[];
  added: { name: string; email: string }[];
  updated: { name: string; email: string; changes: string[] }[];
  unchanged: number;
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** What an import would do, row by row, without writing anything. */
export async function previewImport(
  text: string,
  ports: Pick<VolunteerPorts, 'store' | 'clock'>,
): Promise<ImportPreview> {
  const { rows, errors, hasDbsDates, hasContactBy } = parseRosterCsv(text, londonDate(ports.clock.now()));
  const preview: ImportPreview = { errors, added: [], updated: [], unchanged: 0 };
  if (errors.length > 0) return preview;
  for (const row of rows) {
    const existing = await ports.store.findVolunteerByEmail(row.email);
    if (!existing) {
      preview.added.push({ name: row.name, email: row.email });
      continue;
    }
    const changes = [
      existing.name !== row.name && 'name',
      (existing.phone ?? '') !== (row.phone ?? '') && 'phone',
      !same([...existing.areas].sort(), [...row.areas].sort()) && 'areas',
      !same([...existing.helpTypes].sort(), [...row.helpTypes].sort()) && 'help types',
      (existing.dbsChecked !== row.dbsChecked ||
        (hasDbsDates && (existing.dbsCheckedOn ?? '') !== (row.dbsCheckedOn ?? ''))) &&
        'DBS check',
      hasContactBy && (existing.contactBy ?? 'email') !== (row.contactBy ?? 'email') && 'contact preference',
    ].filter((c): c is string => Boolean(c));
    if (changes.length > 0) preview.updated.push({ name: row.name, email: row.email, changes });
    else preview.unchanged++;
  }
  return preview;
}

/** All or nothing, through the importer the command line uses. */
export async function runImport(text: string, actor: string, ports: VolunteerPorts): Promise<ImportSummary> {
  const summary = await importRoster(text, ports);
  if (summary.errors.length === 0)
    ports.log.info('roster imported', { created: summary.created, updated: summary.updated, actor });
  return summary;
}

/** Each field as its roster cell; keyed by field, so the export follows the importer's columns. */
const CELL_OF: Record<VolunteerField, (v: Volunteer) => string> = {
  name: (v) => csvCell(v.name),
  email: (v) => csvCell(v.email),
  // Phones are validated digits (an optional +44), so no formula guard that would break a re-import.
  phone: (v) => csvCell(v.phone ?? '', { guardFormula: false }),
  areas: (v) => csvCell(v.areas.join(';'), { guardFormula: false }),
  helpTypes: (v) => csvCell(v.helpTypes.join(';'), { guardFormula: false }),
  dbsChecked: (v) => (v.dbsChecked ? 'yes' : 'no'),
  dbsCheckedOn: (v) => (v.dbsChecked ? (v.dbsCheckedOn ?? '') : ''),
  contactBy: (v) => v.contactBy ?? 'email',
};

/** The roster in the importer's own format, so an export can be edited and imported back. */
export function rosterCsv(volunteers: readonly Volunteer[]): string {
  const lines = [ROSTER_COLUMNS.join(',')];
  for (const v of volunteers) lines.push(VOLUNTEER_FIELDS.map((field) => CELL_OF[field](v)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
