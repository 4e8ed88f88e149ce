import { beforeAll, describe, expect, it } from 'vitest';
import { findCandidates } from '../../shared/domain/matching.js';
import type { Store } from '../../shared/domain/ports.js';
import { createDocumentClient, createDynamoStore } from '../../shared/store/dynamo.js';
import { TABLE_KEYS } from '../../shared/store/table.js';
import { aRequest, aVolunteer } from '../support/builders.js';
import { freshTable } from '../support/local-table.js';
import { testPorts, testSettings } from '../support/memory-store.js';

/**
 * Gillingham is one postcode district, so volunteers choose sectors: matching must ask the sector's
 * volunteers and the whole district's, nobody from the town's other sector, and still find them with
 * one Query on the byOffer index per wave.
 */
let store: Store;
/** The same table through a client that records every command and the index each Query reads. */
let spied: Store;
const sent: { command: string; index?: string }[] = [];

const townCentre = aVolunteer({ areas: ['SP8 4'], helpTypes: ['shopping', 'lift'] });
const villages = aVolunteer({ areas: ['SP8 5'], helpTypes: ['shopping'] });
const wholeTown = aVolunteer({ areas: ['SP8'], helpTypes: ['shopping'] });
/** Lists the district and a sector of it: still asked once. */
const both = aVolunteer({ areas: ['SP8', 'SP8 4'], helpTypes: ['shopping'] });
/** Motcombe: the next district, never asked for Gillingham. */
const motcombe = aVolunteer({ areas: ['SP7 9'], helpTypes: ['shopping'] });
/** Offers the sector, but not this help type. */
const otherHelp = aVolunteer({ areas: ['SP8 4'], helpTypes: ['dog-walking'] });

beforeAll(async () => {
  const table = await freshTable('sectors');
  store = table.store;
  const client = createDocumentClient({ endpoint: table.endpoint });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { IndexName?: string };
      sent.push({
        command: context.commandName ?? 'unknown',
        ...(input.IndexName ? { index: input.IndexName } : {}),
      });
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
  spied = createDynamoStore({ tableName: table.tableName, client });
  await store.putVolunteers([townCentre, villages, wholeTown, both, motcombe, otherHelp]);
});

async function offering(area: string, helpType: 'shopping' | 'lift' = 'shopping'): Promise<string[]> {
  return (await store.findVolunteersOffering(area, helpType)).map((v) => v.id).sort();
}

describe('matching by postcode sector and district in DynamoDB Local', () => {
  it('asks a sector volunteer only for their sector, and a district volunteer for every sector', async () => {
    expect(await offering('SP8 4')).toEqual([townCentre.id, wholeTown.id, both.id].sort());
    expect(await offering('SP8 5')).toEqual([villages.id, wholeTown.id, both.id].sort());
    expect(await offering('SP8 4')).not.toContain(villages.id);
    expect(await offering('SP8 5')).not.toContain(townCentre.id);
  });

  it('keeps districts apart, and asks only for the help type offered', async () => {
    expect(await offering('SP7 9')).toEqual([motcombe.id]);
    expect(await offering('SP7 1')).toEqual([]);
    expect(await offering('SP8 4', 'lift')).toEqual([townCentre.id]);
  });

  it('matches a request known only by its district (stored before sectors) to district volunteers', async () => {
    expect(await offering('SP8')).toEqual([wholeTown.id, both.id].sort());
  });

  it('follows a volunteer who moves from a sector to the whole district', async () => {
    const mover = aVolunteer({ areas: ['SP8 5'], helpTypes: ['lift'] });
    await store.putVolunteer(mover);
    expect(await offering('SP8 4', 'lift')).not.toContain(mover.id);
    await store.putVolunteer({ ...mover, areas: ['SP8'] });
    expect(await offering('SP8 4', 'lift')).toContain(mover.id);
    expect(await offering('SP8 5', 'lift')).toContain(mover.id);
    await store.putVolunteer({ ...mover, areas: ['SP8 4'] });
    expect(await offering('SP8 5', 'lift')).not.toContain(mover.id);
  });

  it.each([
    ['SP8 4', [townCentre, wholeTown, both]],
    ['SP8 5', [villages, wholeTown, both]],
  ])('a wave for %s invites its own volunteers with one Query on byOffer', async (area, expected) => {
    const request = aRequest({ area });
    await store.createRequest(request, {
      requestId: request.id,
      at: '2026-11-25T10:00:00.000Z',
      type: 'received',
      actor: 'public-form',
    });
    const { clock, ids, log } = testPorts();
    sent.length = 0;
    const next = await findCandidates({ requestId: request.id, wave: 0 }, testSettings({ waveSize: 10 }), {
      store: spied,
      clock,
      ids,
      log,
    });
    expect(next.next).toBe('invite');
    expect([...(next.volunteerIds ?? [])].sort()).toEqual(expected.map((v) => v.id).sort());
    const offerQueries = sent.filter(
      (c) => c.command === 'QueryCommand' && c.index === TABLE_KEYS.byOfferIndex,
    );
    expect(offerQueries).toHaveLength(1);
  });
});
