import { describe, expect, it } from 'vitest';
import { parseVolunteerForm } from '../../../shared/domain/admin/volunteers.js';
import { parseRosterCsv, ROSTER_COLUMNS } from '../../../shared/domain/roster-csv.js';
import { parseVolunteer, VOLUNTEER_FIELDS } from '../../../shared/schema/volunteer.js';

const valid = {
  name: 'Asha Patel',
  email: 'asha@example.org',
  phone: '07700 900 101',
  areas: ['GL50'],
  helpTypes: ['shopping'],
  dbsChecked: 'yes',
  dbsCheckedOn: '2024-03-15',
  contactBy: 'both',
};
const TODAY = '2026-03-10';

const problemsOf = (input: unknown) => {
  const parsed = parseVolunteer(input, TODAY);
  return parsed.ok ? [] : parsed.issues.map((i) => [i.field, i.problem]);
};

/** One roster row with the columns in the schema's order. */
const rosterRow = (cells: Record<string, string>) =>
  `${ROSTER_COLUMNS.join(',')}\n${ROSTER_COLUMNS.map((c) => cells[c] ?? '').join(',')}\n`;
const goodCells = {
  name: 'Asha Patel',
  email: 'asha@example.org',
  phone: '07700900101',
  areas: 'GL50',
  help_types: 'shopping',
  dbs_checked: 'yes',
};

describe('the volunteer schema', () => {
  it('normalises: NFC, trimmed, one line, lower-cased email, compact phone, upper-cased areas', () => {
    const parsed = parseVolunteer(
      {
        ...valid,
        name: '  Zoe\u0301\n  Smith ',
        email: ' Asha@Example.ORG ',
        areas: ['gl50', 'GL50', ' gl51 '],
        helpTypes: ['lift', 'shopping'],
      },
      TODAY,
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        name: 'Zoé Smith',
        email: 'asha@example.org',
        phone: '07700900101',
        areas: ['GL50', 'GL51'],
        helpTypes: ['shopping', 'lift'],
        dbsChecked: true,
        dbsCheckedOn: '2024-03-15',
        contactBy: 'both',
      },
    });
  });

  it.each([
    ['NUL', 'Ann\u0000', 'control'],
    ['backspace', 'An\u0008n', 'control'],
    ['escape', '\u001b[31mAnn', 'control'],
    ['a C1 control', 'Ann\u0085', 'control'],
    ['a vertical tab', 'Ann\u000bSmith', 'control'],
    ['a right-to-left override', 'Ann\u202eevil', 'bidi'],
    ['a left-to-right isolate', 'Ann\u2066x', 'bidi'],
    ['zero-width spaces only', '\u200b\u200b', 'invisible'],
    ['Hangul fillers only', '\u3164\u3164', 'invisible'],
  ])('refuses a name with %s', (_label, name, problem) => {
    expect(problemsOf({ ...valid, name })).toEqual([['name', problem]]);
  });

  it.each([
    'a@-example.org',
    '.a@example.org',
    'a.@example.org',
    'a@example..org',
    'a@example',
    'jo\u0000@example.org',
  ])('refuses the email %j', (email) => {
    expect(problemsOf({ ...valid, email })).toEqual([['email', 'not-email']]);
  });

  it.each(['notes', '__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'refuses an unknown field named %j',
    (key) => {
      const input = Object.fromEntries([...Object.entries(valid), [key, 'x']]);
      expect(problemsOf(input)).toEqual([['form', 'unknown-field']]);
    },
  );

  it('reports every problem of a row, in field order, each bad list item on its own', () => {
    expect(
      problemsOf({
        ...valid,
        phone: '123',
        areas: ['Cheltenham', 'GL50', 'Gloucester'],
        helpTypes: ['knitting'],
        dbsChecked: 'no',
        contactBy: 'text',
      }),
    ).toEqual([
      ['phone', 'not-phone'],
      ['areas', 'not-area'],
      ['areas', 'not-area'],
      ['helpTypes', 'not-help-type'],
      ['dbsCheckedOn', 'date-without-check'],
      ['contactBy', 'mobile-needed'],
    ]);
  });

  it('refuses values that are not text, and an input that is not an object', () => {
    expect(problemsOf({ ...valid, name: 42, areas: 'GL50' })).toEqual([
      ['name', 'not-text'],
      ['areas', 'not-text'],
    ]);
    expect(problemsOf(['Asha'])).toEqual([['form', 'not-text']]);
  });

  it('gives the roster its columns in the field order', () => {
    expect(ROSTER_COLUMNS).toHaveLength(VOLUNTEER_FIELDS.length);
    expect(ROSTER_COLUMNS).toEqual([
      'name',
      'email',
      'phone',
      'areas',
      'help_types',
      'dbs_checked',
      'dbs_checked_on',
      'contact_by',
    ]);
  });
});

describe('the form and the roster import refuse the same things, each in its own words', () => {
  const form = { name: 'Asha Patel', email: 'asha@example.org', areas: 'GL50', dbsChecked: 'no' };

  it.each([
    [
      'a right-to-left override',
      'Ann\u202eevil',
      'Name must not contain characters that change the direction of text',
      'name contains a character that changes the direction of text',
    ],
    [
      'an escape',
      'Ann\u001b[2J',
      'Name must not contain hidden control characters',
      'name contains a control character',
    ],
    [
      'nothing visible',
      '\u200b\u2800',
      'Name must contain letters or numbers',
      'name has no letters or numbers',
    ],
  ])('a name with %s', (_label, name, formMessage, rosterMessage) => {
    expect(parseVolunteerForm({ ...form, name }, ['lift']).errors).toEqual([
      { field: 'name', message: formMessage },
    ]);
    expect(parseRosterCsv(rosterRow({ ...goodCells, name: `"${name}"` })).errors).toEqual([
      `line 2: ${rosterMessage}`,
    ]);
  });

  it('an email a mail server would refuse', () => {
    expect(parseVolunteerForm({ ...form, email: 'a@example..org' }, ['lift']).errors).toEqual([
      { field: 'email', message: 'Enter an email address in the correct format, like name@example.com' },
    ]);
    expect(parseRosterCsv(rosterRow({ ...goodCells, email: '.a@example.org' })).errors).toEqual([
      'line 2: email ".a@example.org" is not a valid email address',
    ]);
  });

  it('a form field it does not know, however it is named', () => {
    for (const key of ['notes', '__proto__', 'constructor']) {
      const fields = Object.fromEntries([...Object.entries(form), [key, 'x']]);
      expect(parseVolunteerForm(fields, ['lift'])).toEqual({
        errors: [{ field: 'form', message: `Unexpected field: ${key}` }],
      });
    }
  });
});
