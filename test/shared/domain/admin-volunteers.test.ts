import { beforeEach, describe, expect, it } from 'vitest';
import {
  addVolunteer,
  editVolunteer,
  listVolunteers,
  parseVolunteerForm,
  pauseVolunteer,
  previewImport,
  removeVolunteer,
  rosterCsv,
  runImport,
} from '../../../shared/domain/admin/volunteers.js';
import { parseRosterCsv } from '../../../shared/domain/roster-csv.js';
import { aRequest, aVolunteer, testPorts, type TestPorts } from '../../support/memory-store.js';

let ports: TestPorts;
const ACTOR = 'prescriber-sub';

beforeEach(async () => {
  ports = testPorts();
  await ports.store.putVolunteers([
    aVolunteer({
      id: 'vol-a',
      name: 'Alice Able',
      email: 'alice@example.org',
      areas: ['GL50'],
      helpTypes: ['shopping'],
    }),
    aVolunteer({
      id: 'vol-b',
      name: 'Bob Baker',
      email: 'bob@example.org',
      areas: ['GL51'],
      helpTypes: ['lift'],
      pausedUntil: '2026-04-01T23:59:59.000Z',
    }),
  ]);
});

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

const HEADER = 'name,email,phone,areas,help_types,dbs_checked';

describe('importing a roster from the dashboard', () => {
  it('reports a bad email, an unknown help type and a duplicate row by line, and imports nothing', async () => {
    const csv = [
      HEADER,
      'Carol Cole,carol@example.org,,GL50,shopping,yes',
      'Dan Dee,not-an-email,,GL50,shopping,no',
      'Erin Eve,erin@example.org,,GL52,shopping;gardening,no',
      'Carol Again,CAROL@example.org,,GL53,lift,no',
    ].join('\n');
    const preview = await previewImport(csv, ports);
    expect(preview.errors).toEqual([
      expect.stringMatching(/^line 3: email "not-an-email" is not a valid email address/),
      expect.stringMatching(/^line 4: unknown help type "gardening"/),
      'line 5: duplicate of line 2 (same email)',
    ]);
    const writesBefore = ports.store.writes().length;
    const summary = await runImport(csv, ACTOR, ports);
    expect(summary.errors).toHaveLength(3);
    expect(summary.created + summary.updated).toBe(0);
    expect(ports.store.writes()).toHaveLength(writesBefore);
    expect(await ports.store.findVolunteerByEmail('carol@example.org')).toBeUndefined();
  });

  it('previews what will be added and what will change, then imports it', async () => {
    const csv = [
      HEADER,
      'Alice Able,alice@example.org,07700900999,GL50,shopping,no',
      'Bob Baker,bob@example.org,,GL51,lift,no',
      'Carol Cole,carol@example.org,,GL50,shopping,yes',
    ].join('\n');
    const preview = await previewImport(csv, ports);
    expect(preview).toEqual({
      errors: [],
      added: [{ name: 'Carol Cole', email: 'carol@example.org' }],
      updated: [{ name: 'Alice Able', email: 'alice@example.org', changes: ['phone'] }],
      unchanged: 1,
    });
    expect(await runImport(csv, ACTOR, ports)).toEqual({ created: 1, updated: 2, errors: [] });
    // The pause is kept: the roster does not carry it.
    expect((await ports.store.getVolunteer('vol-b'))?.pausedUntil).toBe('2026-04-01T23:59:59.000Z');
  });
});

describe('exporting the roster', () => {
  it('writes the importer’s format, so the export imports back cleanly, and guards against formulas', async () => {
    await ports.store.putVolunteer(
      aVolunteer({
        id: 'vol-c',
        name: '=HYPERLINK("x"), Esq',
        email: 'c@example.org',
        phone: '+447700900123',
      }),
    );
    await ports.store.putVolunteer(
      aVolunteer({ id: 'vol-d', email: 'd@example.org', dbsChecked: true, dbsCheckedOn: '2024-03-15' }),
    );
    const csv = rosterCsv(await listVolunteers({}, ports));
    expect(csv.split('\r\n')[0]).toBe(`${HEADER},dbs_checked_on,contact_by`);
    expect(csv).toContain(`"'=HYPERLINK(""x""), Esq"`);
    const parsed = parseRosterCsv(csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => r.email).sort()).toEqual([
      'alice@example.org',
      'bob@example.org',
      'c@example.org',
      'd@example.org',
    ]);
    expect(parsed.rows.find((r) => r.email === 'c@example.org')?.phone).toBe('+447700900123');
    expect(parsed.rows.find((r) => r.email === 'd@example.org')?.dbsCheckedOn).toBe('2024-03-15');
  });
});

describe('managing one volunteer', () => {
  it('filters by help type, area and whether paused now', async () => {
    expect((await listVolunteers({ helpType: 'lift' }, ports)).map((v) => v.id)).toEqual(['vol-b']);
    expect((await listVolunteers({ area: 'GL50' }, ports)).map((v) => v.id)).toEqual(['vol-a']);
    expect((await listVolunteers({ paused: 'yes' }, ports)).map((v) => v.id)).toEqual(['vol-b']);
    expect((await listVolunteers({ paused: 'no' }, ports)).map((v) => v.id)).toEqual(['vol-a']);
  });

  it('filters by sector and district: a district lists its sectors, a sector its own and the district’s', async () => {
    await ports.store.putVolunteers([
      aVolunteer({ id: 'vol-town', name: 'Tess Town', email: 'tess@example.org', areas: ['SP8 4'] }),
      aVolunteer({ id: 'vol-vale', name: 'Vic Vale', email: 'vic@example.org', areas: ['SP8 5'] }),
      aVolunteer({ id: 'vol-all', name: 'Wyn Whole', email: 'wyn@example.org', areas: ['SP8'] }),
    ]);
    const ids = async (area: string) => (await listVolunteers({ area }, ports)).map((v) => v.id).sort();
    expect(await ids('SP8 4')).toEqual(['vol-all', 'vol-town']);
    expect(await ids('SP8 5')).toEqual(['vol-all', 'vol-vale']);
    expect(await ids('SP8')).toEqual(['vol-all', 'vol-town', 'vol-vale']);
  });

  it('takes sectors typed in the form’s one box, separated by commas or spaces', () => {
    const form = (areas: string) =>
      parseVolunteerForm({ name: 'Tess Town', email: 'tess@example.org', areas, dbsChecked: 'no' }, [
        'shopping',
      ]);
    expect(form('sp8 4, SP7 9, ba12').value?.areas).toEqual(['SP8 4', 'SP7 9', 'BA12']);
    expect(form('SP8 4 SP8 5').value?.areas).toEqual(['SP8 4', 'SP8 5']);
    expect(form('SP8 45').errors.map((e) => e.field)).toEqual(['areas']);
  });

  it('adds with the form’s rules, refusing an email already on the roster', async () => {
    const form = parseVolunteerForm(
      {
        name: ' Carol  Cole ',
        email: 'Carol@Example.org',
        phone: '07700 900 111',
        areas: 'gl50, GL51',
        dbsChecked: 'yes',
      },
      ['shopping', 'lift'],
    );
    expect(form.errors).toEqual([]);
    const added = await addVolunteer(must(form.value), ACTOR, ports);
    expect(added).toMatchObject({
      kind: 'saved',
      volunteer: {
        name: 'Carol Cole',
        email: 'carol@example.org',
        phone: '07700900111',
        areas: ['GL50', 'GL51'],
      },
    });
    expect(await addVolunteer(must(form.value), ACTOR, ports)).toEqual({ kind: 'email-taken' });
    expect(
      parseVolunteerForm({ name: '', email: 'x', areas: 'nowhere' }, ['knitting']).errors.map((e) => e.field),
    ).toEqual(['name', 'email', 'areas', 'helpTypes']);
  });

  it('edits, keeping history and the pause, and frees the old email', async () => {
    const input = parseVolunteerForm(
      { name: 'Bob Baker', email: 'robert@example.org', areas: 'GL51', dbsChecked: 'no' },
      ['lift'],
    ).value;
    if (!input) throw new Error('the form should be valid');
    expect((await editVolunteer('vol-b', input, ACTOR, ports)).kind).toBe('saved');
    expect(await ports.store.getVolunteer('vol-b')).toMatchObject({
      email: 'robert@example.org',
      pausedUntil: '2026-04-01T23:59:59.000Z',
    });
    expect(await ports.store.findVolunteerByEmail('bob@example.org')).toBeUndefined();
    expect(await editVolunteer('vol-a', input, ACTOR, ports)).toEqual({ kind: 'email-taken' });
  });

  it('records the DBS check date from the form, refusing a date that is not real or is in the future', () => {
    const base = { name: 'Dev Shah', email: 'dev@example.org', areas: 'GL50', dbsChecked: 'yes' };
    const date = (day: string, month: string, year: string) => ({
      'dbsCheckedOn-day': day,
      'dbsCheckedOn-month': month,
      'dbsCheckedOn-year': year,
    });
    const today = '2026-03-10';
    expect(
      parseVolunteerForm({ ...base, ...date('15', '3', '2024') }, ['lift'], today).value?.dbsCheckedOn,
    ).toBe('2024-03-15');
    expect(
      parseVolunteerForm({ ...base, ...date('', '', '') }, ['lift'], today).value?.dbsCheckedOn,
    ).toBeUndefined();
    for (const bad of [date('30', '2', '2024'), date('11', '3', '2026'), date('x', '3', '2024')])
      expect(parseVolunteerForm({ ...base, ...bad }, ['lift'], today).errors.map((e) => e.field)).toEqual([
        'dbsCheckedOn',
      ]);
    // A date left in the boxes after choosing "No" is not a check.
    expect(
      parseVolunteerForm({ ...base, dbsChecked: 'no', ...date('15', '3', '2024') }, ['lift'], today).value,
    ).toMatchObject({ dbsChecked: false });
  });

  it('takes how they want invites, needing a mobile for texts, and keeps it through an edit', async () => {
    const base = { name: 'Dev Shah', email: 'dev@example.org', areas: 'GL50', dbsChecked: 'no' };
    const byText = parseVolunteerForm({ ...base, phone: '07700 900 123', contactBy: 'text' }, ['lift']);
    expect(byText.errors).toEqual([]);
    expect(byText.value?.contactBy).toBe('text');
    expect(
      parseVolunteerForm({ ...base, phone: '07700 900 123', contactBy: 'email' }, ['lift']).value,
    ).not.toHaveProperty('contactBy');
    expect(parseVolunteerForm({ ...base, contactBy: 'both' }, ['lift']).errors).toEqual([
      { field: 'phone', message: 'Enter a UK mobile number for texts, like 07700 900 982' },
    ]);
    expect(
      parseVolunteerForm({ ...base, phone: '01632 960 001', contactBy: 'text' }, ['lift']).errors,
    ).toEqual([{ field: 'phone', message: 'Enter a UK mobile number for texts, like 07700 900 982' }]);
    expect(parseVolunteerForm({ ...base, contactBy: 'fax' }, ['lift']).errors.map((e) => e.field)).toEqual([
      'contactBy',
    ]);

    const added = await addVolunteer(must(byText.value), ACTOR, ports);
    if (added.kind !== 'saved') throw new Error('should be saved');
    expect((await ports.store.findVolunteerByPhone('+447700900123'))?.id).toBe(added.volunteer.id);
    await editVolunteer(
      added.volunteer.id,
      must(parseVolunteerForm({ ...base, phone: '07700 900 123' }, ['lift']).value),
      ACTOR,
      ports,
    );
    expect(await ports.store.getVolunteer(added.volunteer.id)).not.toHaveProperty('contactBy');
  });

  it('pauses until a date and resumes', async () => {
    await pauseVolunteer('vol-a', '2026-03-20', ACTOR, ports);
    expect((await ports.store.getVolunteer('vol-a'))?.pausedUntil).toBe('2026-03-20T23:59:59.000Z');
    await pauseVolunteer('vol-a', undefined, ACTOR, ports);
    expect((await ports.store.getVolunteer('vol-a'))?.pausedUntil).toBeUndefined();
  });

  it('removes the volunteer’s personal data and keeps their past assignment by id only', async () => {
    ports.store.seedRequest(aRequest({ id: 'req-1', status: 'closed', assignedVolunteerId: 'vol-a' }));
    expect(await removeVolunteer('vol-a', ACTOR, ports)).toBe(true);
    expect(await ports.store.getVolunteer('vol-a')).toBeUndefined();
    expect(await ports.store.findVolunteerByEmail('alice@example.org')).toBeUndefined();
    expect(ports.store.dump()).not.toContain('Alice Able');
    expect(ports.store.dump()).not.toContain('alice@example.org');
    expect((await ports.store.getRequest('req-1'))?.assignedVolunteerId).toBe('vol-a');
    expect(ports.log.text()).not.toContain('Alice');
    expect(await removeVolunteer('vol-a', ACTOR, ports)).toBe(false);
  });
});
