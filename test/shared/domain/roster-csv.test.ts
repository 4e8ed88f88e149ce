import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importRoster, parseRosterCsv } from '../../../shared/domain/roster-csv.js';
import type { RosterImportPorts } from '../../../shared/domain/roster-csv.js';
import type { Volunteer } from '../../../shared/domain/model.js';
import { coversArea } from '../../../shared/vocabulary/postcode.js';

const HEADER = 'name,email,phone,areas,help_types,dbs_checked';
const NOW = new Date('2025-03-01T10:00:00.000Z');

function csv(...lines: string[]): string {
  return [HEADER, ...lines].join('\n') + '\n';
}

function fakePorts(existing: Volunteer[] = []) {
  const byEmail = new Map(existing.map((v) => [v.email, v]));
  const putCalls: Volunteer[][] = [];
  let next = 0;
  const ports: RosterImportPorts = {
    store: {
      findVolunteerByEmail: async (email) => byEmail.get(email),
      putVolunteers: async (volunteers) => {
        putCalls.push(volunteers);
        for (const v of volunteers) byEmail.set(v.email, v);
      },
    },
    ids: { volunteerId: () => `vol-${++next}` },
    clock: { now: () => NOW },
  };
  return { ports, putCalls, byEmail };
}

describe('roster CSV import', () => {
  it('creates every volunteer of a good file in one write', async () => {
    const { ports, putCalls } = fakePorts();
    const summary = await importRoster(
      csv(
        'Asha Patel,Asha.Patel@Example.org,07700 900101,gl50;GL51,prescription; Shopping ,yes',
        'Tom Hughes,tom@example.org,,GL50,dog-walking,',
        'Ann Lee,ann@example.org,+44 (1632) 960-001,GL52,lift,Y',
      ),
      ports,
    );

    expect(summary).toEqual({ created: 3, updated: 0, errors: [] });
    expect(putCalls).toHaveLength(1);
    expect(putCalls[0]).toEqual([
      {
        id: 'vol-1',
        name: 'Asha Patel',
        email: 'asha.patel@example.org',
        phone: '07700900101',
        areas: ['GL50', 'GL51'],
        helpTypes: ['prescription', 'shopping'],
        dbsChecked: true,
        recentInvites: [],
        createdAt: NOW.toISOString(),
      },
      {
        id: 'vol-2',
        name: 'Tom Hughes',
        email: 'tom@example.org',
        areas: ['GL50'],
        helpTypes: ['dog-walking'],
        dbsChecked: false,
        recentInvites: [],
        createdAt: NOW.toISOString(),
      },
      expect.objectContaining({ id: 'vol-3', phone: '+441632960001', dbsChecked: true }),
    ]);
  });

  it('takes postcode sectors as well as districts, however they are spaced and cased', () => {
    const { rows, errors } = parseRosterCsv(
      csv(
        'Asha Patel,asha@example.org,,sp8  4; SP8 5 ;BA12,shopping,no',
        'Tom Hughes,tom@example.org,,SP8;SP8 4,dog-walking,no',
      ),
    );
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.areas)).toEqual([
      ['SP8 4', 'SP8 5', 'BA12'],
      ['SP8', 'SP8 4'],
    ]);
  });

  it('refuses what is neither a district nor a sector', () => {
    const { errors } = parseRosterCsv(
      csv(
        'Asha Patel,asha@example.org,,SP8 45,shopping,no',
        'Tom Hughes,tom@example.org,,SP8 4AB,shopping,no',
      ),
    );
    expect(errors).toEqual([
      'line 2: area "SP8 45" is not a postcode district or sector (for example SP8 or SP8 4)',
      'line 3: area "SP8 4AB" is not a postcode district or sector (for example SP8 or SP8 4)',
    ]);
  });

  it('reads quoted fields containing commas, line breaks and doubled quotes', () => {
    const { rows, errors } = parseRosterCsv(
      csv(
        '"Patel, Asha",asha@example.org,"07700 900101","GL50;GL51","prescription;shopping",yes',
        '"Robert ""Bob"" Jones", bob@example.org ,,GL50,lift,no',
        '"Mary\nO\'Connor",mary@example.org,,GL50,lift,no',
        'Next Person,next@example.org,,GL50,lift,no',
      ),
    );

    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.line, r.name, r.email])).toEqual([
      [2, 'Patel, Asha', 'asha@example.org'],
      [3, 'Robert "Bob" Jones', 'bob@example.org'],
      [4, "Mary O'Connor", 'mary@example.org'],
      [6, 'Next Person', 'next@example.org'],
    ]);
    expect(rows[0]?.areas).toEqual(['GL50', 'GL51']);
  });

  it('accepts a UTF-8 byte order mark, CRLF line endings, blank lines and columns in any order', () => {
    const text =
      '\uFEFFEmail,Name,DBS_Checked,Areas,Help_Types,Phone\r\n' +
      '\r\n' +
      'asha@example.org,Asha Patel,TRUE,GL50,Prescription,07700 900101\r\n' +
      ',,,,,\r\n' +
      'tom@example.org,Tom Hughes,0,GL53,other,\r\n';

    const { rows, errors } = parseRosterCsv(text);

    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        line: 3,
        name: 'Asha Patel',
        email: 'asha@example.org',
        phone: '07700900101',
        areas: ['GL50'],
        helpTypes: ['prescription'],
        dbsChecked: true,
      },
      {
        line: 5,
        name: 'Tom Hughes',
        email: 'tom@example.org',
        areas: ['GL53'],
        helpTypes: ['other'],
        dbsChecked: false,
      },
    ]);
  });

  it('reports every bad row by line number and writes nothing', async () => {
    const { ports, putCalls } = fakePorts();
    const summary = await importRoster(
      csv(
        'Asha Patel,asha@example.org,,GL50,shopping,yes',
        'Bob,bob@,,GL50,shopping,no',
        'Carol,carol@example.org,,GL50,gardening,no',
        'Asha Again,ASHA@example.org,,GL51,lift,no',
        ',dan@example.org,,GL50,shopping,no',
        'Eve,eve@example.org,,GL50,shopping,maybe',
        'Fay,fay@example.org,12345,Cheltenham,shopping,no',
        'Gus,gus@example.org,,GL50,shopping,no,extra',
      ),
      ports,
    );

    expect(summary.created).toBe(0);
    expect(summary.updated).toBe(0);
    expect(summary.errors).toEqual([
      'line 3: email "bob@" is not a valid email address',
      'line 4: unknown help type "gardening" (use one of: prescription, shopping, friendly-chat, dog-walking, lift, practical-help, other)',
      'line 5: duplicate of line 2 (same email)',
      'line 6: name is missing',
      'line 7: dbs_checked "maybe" should be yes or no (or empty for no)',
      'line 8: phone "12345" is not a UK phone number (for example 01632 960001 or 07700 900982)',
      'line 8: area "Cheltenham" is not a postcode district or sector (for example SP8 or SP8 4)',
      'line 9: expected 6 values but found 7 (put a value that contains a comma in double quotes)',
    ]);
    expect(putCalls).toHaveLength(0);
  });

  it('rejects a name over 100 characters and a row with no areas or help types', () => {
    const { errors } = parseRosterCsv(
      csv(`${'x'.repeat(101)},a@example.org,,GL50,lift,no`, 'B,b@example.org,,;,,no'),
    );

    expect(errors).toEqual([
      'line 2: name is 101 characters long (at most 100)',
      'line 3: areas is missing (postcode districts or sectors separated by ;, e.g. SP8 4;SP7 9;BA12)',
      'line 3: help_types is missing (help types separated by ;, e.g. shopping;lift)',
    ]);
  });

  it('reports an unclosed quote at the line where the value starts', () => {
    const { errors } = parseRosterCsv(
      csv('Asha,asha@example.org,,GL50,lift,yes', '"Bob,bob@example.org,,GL50,lift,no'),
    );

    expect(errors).toEqual(['line 3: value 1 opens a double quote that is never closed']);
  });

  it('updates a volunteer already in the store by email, keeping id, createdAt, invites and pause', async () => {
    const existing: Volunteer = {
      id: 'vol-existing',
      name: 'Asha P',
      email: 'asha@example.org',
      phone: '07700900999',
      areas: ['GL54'],
      helpTypes: ['other'],
      dbsChecked: false,
      pausedUntil: '2025-04-01T00:00:00.000Z',
      recentInvites: ['2025-02-20T09:00:00.000Z'],
      createdAt: '2024-01-01T00:00:00.000Z',
    };
    const { ports, putCalls } = fakePorts([existing]);

    const summary = await importRoster(
      csv('Asha Patel,ASHA@example.org,,GL50,lift,yes', 'Tom Hughes,tom@example.org,,GL50,shopping,no'),
      ports,
    );

    expect(summary).toEqual({ created: 1, updated: 1, errors: [] });
    expect(putCalls).toHaveLength(1);
    expect(putCalls[0]?.[0]).toEqual({
      id: 'vol-existing',
      name: 'Asha Patel',
      email: 'asha@example.org',
      areas: ['GL50'],
      helpTypes: ['lift'],
      dbsChecked: true,
      pausedUntil: '2025-04-01T00:00:00.000Z',
      recentInvites: ['2025-02-20T09:00:00.000Z'],
      createdAt: '2024-01-01T00:00:00.000Z',
    });
    expect(putCalls[0]?.[1]).toMatchObject({ id: 'vol-1', createdAt: NOW.toISOString() });
  });

  it('reports a missing header column and an unknown one on line 1', async () => {
    const { ports, putCalls } = fakePorts();
    const summary = await importRoster(
      'name,email,areas,help_types,dbs_checked,notes\nAsha,asha@example.org,GL50,lift,yes,hi\n',
      ports,
    );

    expect(summary.errors).toEqual([
      'line 1: unknown column "notes" (the columns are: name, email, phone, areas, help_types, dbs_checked, dbs_checked_on, contact_by)',
      'line 1: missing column "phone"',
    ]);
    expect(putCalls).toHaveLength(0);
  });

  it('reports an empty file and a header with no volunteers', () => {
    expect(parseRosterCsv('').errors).toEqual([
      'line 1: the file is empty (expected a header: name,email,phone,areas,help_types,dbs_checked,dbs_checked_on,contact_by)',
    ]);
    expect(parseRosterCsv(`${HEADER}\n\n`).errors).toEqual([
      'line 1: the header is not followed by any volunteers',
    ]);
  });

  describe('the sandbox demo roster', () => {
    const text = readFileSync(new URL('../../../sandbox/demo-volunteers.csv', import.meta.url), 'utf8');
    const { rows, errors } = parseRosterCsv(text);
    // Who matching would ask: volunteers for the sector itself or for its whole district.
    const offering = (area: string, helpType: string) =>
      rows.filter((r) => coversArea(r.areas, area) && (r.helpTypes as string[]).includes(helpType));

    it('parses with no errors', () => {
      expect(errors).toEqual([]);
      expect(rows.length).toBeGreaterThanOrEqual(10);
    });

    it('has at least two volunteers, DBS-checked where required, for every help type in Gillingham town (SP8 4)', () => {
      for (const helpType of ['prescription', 'shopping', 'dog-walking', 'other']) {
        expect(offering('SP8 4', helpType).length, helpType).toBeGreaterThanOrEqual(2);
      }
      for (const helpType of ['friendly-chat', 'lift', 'practical-help']) {
        expect(
          offering('SP8 4', helpType).filter((r) => r.dbsChecked).length,
          helpType,
        ).toBeGreaterThanOrEqual(2);
      }
    });

    it('has exactly two DBS-checked lift volunteers in Motcombe (SP7 9) and nobody offering other in Zeals (BA12 6)', () => {
      expect(offering('SP7 9', 'lift').filter((r) => r.dbsChecked)).toHaveLength(2);
      expect(offering('BA12 6', 'other')).toHaveLength(0);
    });

    it('has exactly three shopping volunteers in the town sector SP8 4, so one wave of three asks them all', () => {
      expect(offering('SP8 4', 'shopping')).toHaveLength(3);
    });

    it('describes Gillingham: areas at sector grain in the service area, and one whole-district volunteer', () => {
      const areas = rows.flatMap((r) => r.areas);
      expect(areas).toContain('SP8 4');
      expect(areas).toContain('SP8 5');
      expect(areas).toContain('SP7 9');
      expect(areas).toContain('BA12 6');
      expect(areas).toContain('SP8');
      for (const area of areas) expect(coversArea(['SP8', 'SP7 9', 'BA12 6'], area), area).toBe(true);
      // A sector volunteer is not asked for the town's other sector.
      expect(offering('SP8 5', 'shopping').map((r) => r.name)).not.toContain('Tom Hughes');
      expect(offering('SP8 4', 'shopping').map((r) => r.name)).toContain('Tom Hughes');
    });
  });
});

describe('the DBS check date column (dbs_checked_on)', () => {
  const DATED = `${HEADER},dbs_checked_on`;
  const dated = (...lines: string[]) => [DATED, ...lines].join('\n') + '\n';

  it('reads ISO and UK dates, and an empty cell as no date', async () => {
    const { ports, putCalls } = fakePorts();
    const summary = await importRoster(
      dated(
        'Asha Patel,asha@example.org,,GL50,lift,yes,2024-03-15',
        'Ben Cole,ben@example.org,,GL50,lift,yes,5/1/2023',
        'Cara Dunn,cara@example.org,,GL50,shopping,yes,',
      ),
      ports,
    );

    expect(summary.errors).toEqual([]);
    expect(putCalls[0]?.map((v) => [v.email, v.dbsCheckedOn])).toEqual([
      ['asha@example.org', '2024-03-15'],
      ['ben@example.org', '2023-01-05'],
      ['cara@example.org', undefined],
    ]);
  });

  it('reports each bad date by line, and imports nothing', async () => {
    const { ports, putCalls } = fakePorts();
    const summary = await importRoster(
      dated(
        'Asha Patel,asha@example.org,,GL50,lift,yes,2024-03-15',
        'Ben Cole,ben@example.org,,GL50,lift,yes,31/02/2024',
        'Cara Dunn,cara@example.org,,GL50,lift,yes,last spring',
        'Dev Shah,dev@example.org,,GL50,lift,no,2024-01-01',
        'Eve Ford,eve@example.org,,GL50,lift,yes,2025-03-02',
      ),
      ports,
    );

    expect(summary.errors).toEqual([
      'line 3: dbs_checked_on "31/02/2024" is not a date (write it like 2024-03-15 or 15/03/2024)',
      'line 4: dbs_checked_on "last spring" is not a date (write it like 2024-03-15 or 15/03/2024)',
      'line 5: dbs_checked_on has a date but dbs_checked is not yes',
      // The fake clock's today is 1 March 2025.
      'line 6: dbs_checked_on "2025-03-02" is in the future',
    ]);
    expect(putCalls).toHaveLength(0);
  });

  it('keeps a recorded date when the file has no date column, and clears it when the column is empty', async () => {
    const existing: Volunteer = {
      id: 'vol-a',
      name: 'Asha Patel',
      email: 'asha@example.org',
      areas: ['GL50'],
      helpTypes: ['lift'],
      dbsChecked: true,
      dbsCheckedOn: '2024-03-15',
      recentInvites: [],
      createdAt: '2024-01-01T00:00:00.000Z',
    };
    const withoutColumn = fakePorts([existing]);
    await importRoster(csv('Asha Patel,asha@example.org,,GL50,lift,yes'), withoutColumn.ports);
    expect(withoutColumn.putCalls[0]?.[0]?.dbsCheckedOn).toBe('2024-03-15');

    const emptyCell = fakePorts([existing]);
    await importRoster(dated('Asha Patel,asha@example.org,,GL50,lift,yes,'), emptyCell.ports);
    expect(emptyCell.putCalls[0]?.[0]?.dbsCheckedOn).toBeUndefined();

    const noLongerChecked = fakePorts([existing]);
    await importRoster(csv('Asha Patel,asha@example.org,,GL50,lift,no'), noLongerChecked.ports);
    expect(noLongerChecked.putCalls[0]?.[0]?.dbsCheckedOn).toBeUndefined();
  });

  describe('the contact_by column', () => {
    const withContact = (...lines: string[]) => [`${HEADER},contact_by`, ...lines].join('\n') + '\n';

    it('reads email, text and both (and SMS as text), empty meaning email, into the volunteers written', async () => {
      const { ports, putCalls } = fakePorts();
      const summary = await importRoster(
        withContact(
          'Asha Patel,asha@example.org,07700 900101,GL50,lift,yes,Text',
          'Tom Hughes,tom@example.org,07700 900102,GL50,lift,yes,both',
          'Ann Lee,ann@example.org,,GL50,lift,yes,',
          'Bo Chan,bo@example.org,07700 900104,GL50,lift,yes,SMS',
          'Cy Dee,cy@example.org,,GL50,lift,yes,email',
        ),
        ports,
      );

      expect(summary.errors).toEqual([]);
      expect(putCalls[0]?.map((v) => v.contactBy)).toEqual(['text', 'both', undefined, 'text', 'email']);
    });

    it('refuses an unknown choice, and texts to a volunteer without a mobile', async () => {
      const { ports, putCalls } = fakePorts();
      const summary = await importRoster(
        withContact(
          'Asha Patel,asha@example.org,07700 900101,GL50,lift,yes,pigeon',
          'Tom Hughes,tom@example.org,01632 960001,GL50,lift,yes,text',
          'Ann Lee,ann@example.org,,GL50,lift,yes,both',
        ),
        ports,
      );

      expect(summary.errors).toEqual([
        'line 2: contact_by "pigeon" should be email, text or both (or empty for email)',
        'line 3: contact_by is text, so phone must be a UK mobile number (for example 07700 900982)',
        'line 4: contact_by is both, so phone must be a UK mobile number (for example 07700 900982)',
      ]);
      expect(putCalls).toHaveLength(0);
    });

    it('keeps each volunteer’s choice when the file has no such column, and an empty cell sets email', async () => {
      const existing: Volunteer = {
        id: 'vol-a',
        name: 'Asha Patel',
        email: 'asha@example.org',
        phone: '07700900101',
        contactBy: 'text',
        areas: ['GL50'],
        helpTypes: ['lift'],
        dbsChecked: true,
        recentInvites: [],
        createdAt: '2024-01-01T00:00:00.000Z',
      };
      const withoutColumn = fakePorts([existing]);
      await importRoster(csv('Asha Patel,asha@example.org,07700900101,GL50,lift,yes'), withoutColumn.ports);
      expect(withoutColumn.putCalls[0]?.[0]?.contactBy).toBe('text');

      const emptyCell = fakePorts([existing]);
      await importRoster(
        withContact('Asha Patel,asha@example.org,07700900101,GL50,lift,yes,'),
        emptyCell.ports,
      );
      expect(emptyCell.putCalls[0]?.[0]).not.toHaveProperty('contactBy');
    });

    it('loads the demo roster, with some volunteers who prefer texts on drama-range mobiles', async () => {
      const text = readFileSync(new URL('../../../sandbox/demo-volunteers.csv', import.meta.url), 'utf8');
      const { rows, errors } = parseRosterCsv(text);

      expect(errors).toEqual([]);
      const texters = rows.filter((r) => r.contactBy === 'text' || r.contactBy === 'both');
      expect(texters.length).toBeGreaterThanOrEqual(3);
      for (const row of texters) expect(row.phone).toMatch(/^07700900\d{3}$/);
    });
  });
});
