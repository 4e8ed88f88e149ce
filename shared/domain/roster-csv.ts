import { HELP_TYPES } from '../vocabulary/help-types.js';
import type { Volunteer } from './model.js';
import type { Clock, Ids, VolunteerStore } from './ports.js';
import { londonDate } from '../vocabulary/time.js';
import {
  emailKeyOf,
  parseVolunteer,
  VOLUNTEER_FIELDS,
  VOLUNTEER_LIMITS,
  type VolunteerField,
  type VolunteerInput,
  type VolunteerIssue,
} from '../schema/volunteer.js';

/**
 * The volunteer roster as a spreadsheet exports it. Every problem is reported with its file line so the
 * coordinator can fix the file in one pass, and nothing is written until the whole file is clean:
 * a half-imported roster is harder to reason about than a rejected one.
 */

/** Each volunteer field's column heading, as spreadsheet people write them. */
const COLUMN_OF = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  areas: 'areas',
  helpTypes: 'help_types',
  dbsChecked: 'dbs_checked',
  dbsCheckedOn: 'dbs_checked_on',
  contactBy: 'contact_by',
} as const satisfies Record<VolunteerField, string>;

type RosterColumn = (typeof COLUMN_OF)[VolunteerField];

/** The volunteer fields, in their order, under their column headings. */
export const ROSTER_COLUMNS: readonly RosterColumn[] = VOLUNTEER_FIELDS.map((field) => COLUMN_OF[field]);

/** Added later: files written before them (and people who do not track dates) may leave them out. */
const OPTIONAL_COLUMNS: ReadonlySet<RosterColumn> = new Set(['dbs_checked_on', 'contact_by']);

/** Cells that hold a list, items separated by semicolons. */
const LIST_FIELDS: ReadonlySet<VolunteerField> = new Set(['areas', 'helpTypes']);

export interface ParsedVolunteerRow extends VolunteerInput {
  /** File line the row starts on (the header is line 1), for messages. */
  line: number;
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

/** The schema's problem in the words of someone fixing a spreadsheet, naming the column and the value. */
function rosterMessage(issue: VolunteerIssue): string {
  const { problem, given = '' } = issue;
  const column = issue.field === 'form' ? 'a column' : COLUMN_OF[issue.field];
  switch (problem) {
    case 'missing':
      if (issue.field === 'areas')
        return 'areas is missing (postcode districts or sectors separated by ;, e.g. SP8 4;SP7 9;BA12)';
      if (issue.field === 'helpTypes')
        return 'help_types is missing (help types separated by ;, e.g. shopping;lift)';
      return `${column} is missing`;
    case 'too-long':
      return `${column} is ${issue.length ?? [...given].length} characters long (at most ${VOLUNTEER_LIMITS.name})`;
    case 'control':
    case 'line-break':
      return `${column} contains a control character`;
    case 'bidi':
      return `${column} contains a character that changes the direction of text`;
    case 'invisible':
      return `${column} has no letters or numbers`;
    case 'not-email':
      return `email ${show(given)} is not a valid email address`;
    case 'not-phone':
      return `phone ${show(given)} is not a UK phone number (for example 01632 960001 or 07700 900982)`;
    case 'not-area':
      return `area ${show(given)} is not a postcode district or sector (for example SP8 or SP8 4)`;
    case 'not-help-type':
      return `unknown help type ${show(given)} (use one of: ${HELP_TYPES.join(', ')})`;
    case 'not-yes-no':
      return `dbs_checked ${show(given)} should be yes or no (or empty for no)`;
    case 'not-date':
      return `dbs_checked_on ${show(given)} is not a date (write it like 2024-03-15 or 15/03/2024)`;
    case 'future-date':
      return `dbs_checked_on ${show(given)} is in the future`;
    case 'date-without-check':
      return 'dbs_checked_on has a date but dbs_checked is not yes';
    case 'not-contact-by':
      return `contact_by ${show(given)} should be email, text or both (or empty for email)`;
    case 'mobile-needed':
      return `contact_by is ${given}, so phone must be a UK mobile number (for example 07700 900982)`;
    case 'not-text':
    case 'unknown-field':
      return `${column} ${show(given)} is not valid`;
  }
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
  const cell = (field: VolunteerField): string =>
    (record.fields[columns.get(COLUMN_OF[field]) ?? -1] ?? '').trim();
  const input = Object.fromEntries(
    VOLUNTEER_FIELDS.map((field) => [field, LIST_FIELDS.has(field) ? splitList(cell(field)) : cell(field)]),
  );
  // A row with other problems still claims its address, so a later row with the same one is reported.
  const validEmail = emailKeyOf(cell('email'));
  const parsed = parseVolunteer(input, today);
  if (!parsed.ok)
    return { validEmail, errors: parsed.issues.map((issue) => `${at}: ${rosterMessage(issue)}`) };
  return { row: { line: record.line, ...parsed.value }, validEmail, errors: [] };
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
