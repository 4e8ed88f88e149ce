import { HELP_TYPES, isHelpType } from './help-types.js';
import type { HelpType } from './help-types.js';
import { isContactBy, type ContactBy, type Volunteer } from './model.js';
import { isUkMobile } from '../util/phone.js';
import type { Clock, Ids, VolunteerStore } from './ports.js';
import { isCalendarDate } from './dbs.js';
import { londonDate } from './time.js';

/**
 * The volunteer roster as a spreadsheet exports it. Every problem is reported with its file line so the
 * coordinator can fix the file in one pass, and nothing is written until the whole file is clean:
 * a half-imported roster is harder to reason about than a rejected one.
 */

export const ROSTER_COLUMNS = [
  'name',
  'email',
  'phone',
  'areas',
  'help_types',
  'dbs_checked',
  'dbs_checked_on',
  'contact_by',
] as const;
type RosterColumn = (typeof ROSTER_COLUMNS)[number];
/** Added later: files written before them (and people who do not track dates) may leave them out. */
const OPTIONAL_COLUMNS: ReadonlySet<RosterColumn> = new Set(['dbs_checked_on', 'contact_by']);

export interface ParsedVolunteerRow {
  /** File line the row starts on (the header is line 1), for messages. */
  line: number;
  name: string;
  /** Lower-cased: the key that matches a row to an existing volunteer. */
  email: string;
  /** Digits with an optional leading +44, no spaces. */
  phone?: string;
  areas: string[];
  helpTypes: HelpType[];
  dbsChecked: boolean;
  /** YYYY-MM-DD; only when the file has the dbs_checked_on column and the cell is filled in. */
  dbsCheckedOn?: string;
  /** Only when the file has the contact_by column and the cell is filled in; email otherwise. */
  contactBy?: ContactBy;
}

export interface ImportSummary {
  created: number;
  updated: number;
  errors: string[];
}

export interface RosterImportPorts {
  store: Pick<VolunteerStore, 'findVolunteerByEmail' | 'putVolunteers'>;
  ids: Pick<Ids, 'volunteerId'>;
  clock: Clock;
}

const NAME_MAX = 100;
const EMAIL_MAX = 254;
const DISTRICT = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;
const UK_PHONE = /^(?:\+44|0)\d{9,10}$/;
const EMAIL =
  /^[^\s@<>()[\]\\,;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$/;
const TRUE_WORDS = new Set(['yes', 'y', 'true', '1']);
const FALSE_WORDS = new Set(['no', 'n', 'false', '0', '']);

interface CsvRecord {
  line: number;
  fields: string[];
  /** Set when the record's quoting is broken, so its values cannot be trusted. */
  problem?: string;
}

/** Shows a bad value the way the operator typed it, but escaped and bounded so a binary file cannot flood the terminal. */
function show(value: string): string {
  const limit = 60;
  const shortened = value.length > limit ? `${value.slice(0, limit)}…` : value;
  return JSON.stringify(shortened);
}

function hasControlCharacter(value: string): boolean {
  return [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function isLineBreak(c: string | undefined): boolean {
  return c === '\n' || c === '\r';
}

/** RFC 4180 records. A quoted value may span lines, so each record remembers the line it starts on. */
function readRecords(text: string): { records: CsvRecord[]; unclosedQuote?: string } {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;

  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let problem: string | undefined;

    for (;;) {
      let value = '';
      // People type "a, b" after a comma; a space before an opening quote should not cost them the quoting.
      let quoteAt = i;
      while (isBlank(text[quoteAt])) quoteAt++;
      if (text[quoteAt] === '"') {
        i = quoteAt + 1;
        let closed = false;
        while (i < n) {
          const c = text[i] as string;
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\r' && text[i + 1] === '\n') {
            value += '\n';
            i += 2;
            line++;
            continue;
          }
          if (isLineBreak(c)) line++;
          value += c;
          i++;
        }
        if (!closed) {
          // Everything after an unmatched quote is one value, so nothing further can be trusted.
          return {
            records,
            unclosedQuote: `line ${startLine}: value ${fields.length + 1} opens a double quote that is never closed`,
          };
        }
        while (isBlank(text[i])) i++;
        const next = text[i];
        if (next !== undefined && next !== ',' && !isLineBreak(next)) {
          problem ??= `line ${startLine}: value ${fields.length + 1} has text after its closing double quote (write a quote inside a quoted value as "")`;
          while (i < n && text[i] !== ',' && !isLineBreak(text[i])) i++;
        }
      } else {
        // A stray quote inside an unquoted value is kept as typed: rejecting it would help no one.
        const start = i;
        while (i < n && text[i] !== ',' && !isLineBreak(text[i])) i++;
        value = text.slice(start, i);
      }
      fields.push(value);

      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
      else if (i < n) i++;
      line++;
      break;
    }

    if (problem) records.push({ line: startLine, fields, problem });
    // Spreadsheets pad the end of a sheet with rows of empty cells; they are blank lines too.
    else if (fields.some((field) => field.trim() !== '')) records.push({ line: startLine, fields });
  }
  return { records };
}

/** Spreadsheet users write "Help types" or "DBS-checked"; they mean the same column. */
function normaliseHeading(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

function readHeader(record: CsvRecord): { columns?: Map<RosterColumn, number>; errors: string[] } {
  const errors: string[] = [];
  const at = `line ${record.line}`;
  const columns = new Map<RosterColumn, number>();
  record.fields.forEach((raw, index) => {
    const heading = normaliseHeading(raw);
    if (heading === '') {
      errors.push(`${at}: column ${index + 1} has no heading`);
    } else if (!(ROSTER_COLUMNS as readonly string[]).includes(heading)) {
      errors.push(
        `${at}: unknown column ${show(raw.trim())} (the columns are: ${ROSTER_COLUMNS.join(', ')})`,
      );
    } else if (columns.has(heading as RosterColumn)) {
      errors.push(`${at}: column "${heading}" appears more than once`);
    } else {
      columns.set(heading as RosterColumn, index);
    }
  });
  for (const column of ROSTER_COLUMNS) {
    if (!columns.has(column) && !OPTIONAL_COLUMNS.has(column))
      errors.push(`${at}: missing column "${column}"`);
  }
  return errors.length > 0 ? { errors } : { columns, errors };
}

function splitList(raw: string): string[] {
  return raw
    .split(';')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** "Text", "SMS" and "email" as people write them in a spreadsheet. */
function contactByOf(raw: string): ContactBy | undefined {
  const word = raw.trim().toLowerCase();
  if (word === 'sms' || word === 'texts' || word === 'text message') return 'text';
  return isContactBy(word) ? word : undefined;
}

/** A DBS date as typed: 2024-03-15 or, as UK spreadsheets show it, 15/03/2024. */
function readDate(raw: string): string | undefined {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
  const iso = uk ? `${uk[3]}-${uk[2]?.padStart(2, '0')}-${uk[1]?.padStart(2, '0')}` : raw;
  return isCalendarDate(iso) ? iso : undefined;
}

function readRow(
  record: CsvRecord,
  columns: Map<RosterColumn, number>,
  today: string | undefined,
): { row?: ParsedVolunteerRow; validEmail?: string; errors: string[] } {
  const at = `line ${record.line}`;
  if (record.problem) return { errors: [record.problem] };
  if (record.fields.length !== columns.size) {
    return {
      errors: [
        `${at}: expected ${columns.size} values but found ${record.fields.length} (put a value that contains a comma in double quotes)`,
      ],
    };
  }
  const cell = (column: RosterColumn): string => (record.fields[columns.get(column) ?? -1] ?? '').trim();
  const errors: string[] = [];

  // A quoted name may carry a line break or tab from the spreadsheet cell; it is one line in an email.
  const name = cell('name').replace(/\s+/g, ' ');
  if (name === '') errors.push(`${at}: name is missing`);
  else if (hasControlCharacter(name)) errors.push(`${at}: name contains a control character`);
  else if ([...name].length > NAME_MAX)
    errors.push(`${at}: name is ${[...name].length} characters long (at most ${NAME_MAX})`);

  const rawEmail = cell('email');
  const email = rawEmail.toLowerCase();
  const emailIsValid = email.length <= EMAIL_MAX && EMAIL.test(email);
  if (email === '') errors.push(`${at}: email is missing`);
  else if (!emailIsValid) errors.push(`${at}: email ${show(rawEmail)} is not a valid email address`);
  const validEmail = emailIsValid ? email : undefined;

  const rawPhone = cell('phone');
  const phone = rawPhone.replace(/[\s()-]/g, '');
  if (phone !== '' && !UK_PHONE.test(phone))
    errors.push(
      `${at}: phone ${show(rawPhone)} is not a UK phone number (for example 01632 960001 or 07700 900982)`,
    );

  const areaItems = splitList(cell('areas'));
  if (areaItems.length === 0)
    errors.push(`${at}: areas is missing (postcode districts separated by ;, e.g. GL50;GL51)`);
  const areas: string[] = [];
  for (const item of areaItems) {
    const district = item.toUpperCase();
    if (!DISTRICT.test(district))
      errors.push(`${at}: area ${show(item)} is not a postcode district (for example GL50)`);
    else if (!areas.includes(district)) areas.push(district);
  }

  const helpTypeItems = splitList(cell('help_types'));
  if (helpTypeItems.length === 0)
    errors.push(`${at}: help_types is missing (help types separated by ;, e.g. shopping;lift)`);
  const helpTypes: HelpType[] = [];
  for (const item of helpTypeItems) {
    const id = item.toLowerCase();
    if (!isHelpType(id))
      errors.push(`${at}: unknown help type ${show(item)} (use one of: ${HELP_TYPES.join(', ')})`);
    else if (!helpTypes.includes(id)) helpTypes.push(id);
  }

  const rawDbs = cell('dbs_checked');
  const dbs = rawDbs.toLowerCase();
  const dbsChecked = TRUE_WORDS.has(dbs);
  if (!dbsChecked && !FALSE_WORDS.has(dbs))
    errors.push(`${at}: dbs_checked ${show(rawDbs)} should be yes or no (or empty for no)`);

  const rawDbsDate = cell('dbs_checked_on');
  const dbsCheckedOn = rawDbsDate === '' ? undefined : readDate(rawDbsDate);
  if (rawDbsDate !== '' && dbsCheckedOn === undefined)
    errors.push(
      `${at}: dbs_checked_on ${show(rawDbsDate)} is not a date (write it like 2024-03-15 or 15/03/2024)`,
    );
  else if (dbsCheckedOn !== undefined && today !== undefined && dbsCheckedOn > today)
    errors.push(`${at}: dbs_checked_on ${show(rawDbsDate)} is in the future`);
  else if (dbsCheckedOn !== undefined && !dbsChecked)
    errors.push(`${at}: dbs_checked_on has a date but dbs_checked is not yes`);

  const rawContactBy = cell('contact_by');
  const contactBy = rawContactBy === '' ? undefined : contactByOf(rawContactBy);
  if (rawContactBy !== '' && contactBy === undefined)
    errors.push(`${at}: contact_by ${show(rawContactBy)} should be email, text or both (or empty for email)`);
  else if ((contactBy === 'text' || contactBy === 'both') && !isUkMobile(phone))
    errors.push(
      `${at}: contact_by is ${contactBy}, so phone must be a UK mobile number (for example 07700 900982)`,
    );

  if (errors.length > 0) return { validEmail, errors };
  const row: ParsedVolunteerRow = { line: record.line, name, email, areas, helpTypes, dbsChecked };
  if (contactBy !== undefined) row.contactBy = contactBy;
  if (phone !== '') row.phone = phone;
  if (dbsCheckedOn !== undefined) row.dbsCheckedOn = dbsCheckedOn;
  return { row, validEmail, errors };
}

/**
 * Reads and checks a whole roster without touching anything; `errors` lists every problem found, in file
 * order. `today` (a London date) lets it reject DBS dates in the future. `hasDbsDates`: the file has the
 * dbs_checked_on column, so an empty cell means "no date" rather than "not in this file".
 */
export function parseRosterCsv(
  text: string,
  today?: string,
): { rows: ParsedVolunteerRow[]; errors: string[]; hasDbsDates?: boolean; hasContactBy?: boolean } {
  const withoutBom = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const { records, unclosedQuote } = readRecords(withoutBom);
  const tail = unclosedQuote ? [unclosedQuote] : [];
  const [headerRecord, ...dataRecords] = records;
  if (!headerRecord) {
    const empty = `line 1: the file is empty (expected a header: ${ROSTER_COLUMNS.join(',')})`;
    return { rows: [], errors: tail.length > 0 ? tail : [empty] };
  }
  if (headerRecord.problem) return { rows: [], errors: [headerRecord.problem, ...tail] };
  const header = readHeader(headerRecord);
  if (!header.columns) return { rows: [], errors: [...header.errors, ...tail] };
  const columns = header.columns;

  const rows: ParsedVolunteerRow[] = [];
  const errors: string[] = [];
  const firstLineByEmail = new Map<string, number>();
  for (const record of dataRecords) {
    const { row, validEmail, errors: rowErrors } = readRow(record, columns, today);
    errors.push(...rowErrors);
    if (validEmail === undefined) continue;
    const first = firstLineByEmail.get(validEmail);
    if (first !== undefined) {
      errors.push(`line ${record.line}: duplicate of line ${first} (same email)`);
      continue;
    }
    firstLineByEmail.set(validEmail, record.line);
    if (row) rows.push(row);
  }
  errors.push(...tail);

  if (errors.length === 0 && rows.length === 0)
    errors.push(`line ${headerRecord.line}: the header is not followed by any volunteers`);
  return {
    rows,
    errors,
    hasDbsDates: columns.has('dbs_checked_on'),
    hasContactBy: columns.has('contact_by'),
  };
}

/**
 * Creates new volunteers and updates known ones (matched by email), in one all-or-nothing write.
 * An update keeps what the roster does not carry: id, createdAt, invite history and any pause.
 */
export async function importRoster(text: string, ports: RosterImportPorts): Promise<ImportSummary> {
  const { rows, errors, hasDbsDates, hasContactBy } = parseRosterCsv(text, londonDate(ports.clock.now()));
  if (errors.length > 0) return { created: 0, updated: 0, errors };

  const now = ports.clock.now().toISOString();
  const volunteers: Volunteer[] = [];
  let created = 0;
  let updated = 0;
  for (const row of rows) {
    const existing = await ports.store.findVolunteerByEmail(row.email);
    const fromRow = {
      name: row.name,
      email: row.email,
      areas: row.areas,
      helpTypes: row.helpTypes,
      dbsChecked: row.dbsChecked,
      ...(row.phone ? { phone: row.phone } : {}),
      ...(row.dbsCheckedOn ? { dbsCheckedOn: row.dbsCheckedOn } : {}),
      ...(row.contactBy ? { contactBy: row.contactBy } : {}),
    };
    if (existing) {
      // The roster is the source of truth for its columns, so an empty phone cell removes the old number.
      const volunteer: Volunteer = { ...existing, ...fromRow };
      if (!row.phone) delete volunteer.phone;
      // A file without the date column keeps the dates already recorded, unless the check is gone.
      if (row.dbsCheckedOn) volunteer.dbsCheckedOn = row.dbsCheckedOn;
      else if (hasDbsDates || !row.dbsChecked) delete volunteer.dbsCheckedOn;
      // Likewise a file without contact_by keeps each volunteer's choice; an empty cell means email.
      if (hasContactBy && !row.contactBy) delete volunteer.contactBy;
      volunteers.push(volunteer);
      updated++;
    } else {
      volunteers.push({ id: ports.ids.volunteerId(), recentInvites: [], createdAt: now, ...fromRow });
      created++;
    }
  }
  await ports.store.putVolunteers(volunteers);
  return { created, updated, errors: [] };
}
