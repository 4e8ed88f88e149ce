import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { keys, offerKey, VOLUNTEER_STATUS_KEY } from '../shared/store/table.js';
import { HELP_TYPES, type HelpType } from '../shared/vocabulary/help-types.js';
import { selectCandidates } from '../shared/domain/matching.js';
import type { Volunteer } from '../shared/domain/model.js';
import type { SchemeSettings } from '../shared/config.js';
import type { Store } from '../shared/domain/ports.js';
import type { DbMeter } from './lib/meter.js';
import { batchPut, random } from './lib/seed.js';
import { since, summarize } from './lib/stats.js';

export const AREAS = Array.from({ length: 30 }, (_, i) => (i < 20 ? `GL${i + 1}` : `GL${i + 30}`));

function pick<T>(items: readonly T[], count: number, next: () => number): T[] {
  const chosen = new Set<T>();
  while (chosen.size < count) chosen.add(items[Math.floor(next() * items.length)] as T);
  return [...chosen];
}

export function roster(count: number): Volunteer[] {
  const next = random(42);
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    id: ulid(),
    name: `Volunteer ${i}`,
    email: `volunteer.${i}@example.org`,
    areas: pick(AREAS, 1 + Math.floor(next() * 3), next),
    helpTypes: pick(HELP_TYPES, 1 + Math.floor(next() * 4), next) as HelpType[],
    dbsChecked: next() < 0.6,
    recentInvites: Array.from({ length: Math.floor(next() * 4) }, () =>
      new Date(now - Math.floor(next() * 20) * 86_400_000).toISOString(),
    ),
    createdAt: new Date(now).toISOString(),
  }));
}

export interface MatchingResult {
  volunteers: number;
  offers: number;
  seedSeconds: number;
  find: ReturnType<typeof summarize>;
  offeringMean: number;
  readUnitsPerFind: number;
  callsPerFind: Record<string, number>;
  scans: number;
}

/**
 * Seeds the roster straight into the table with BatchWriteItem, in the store's own item shapes
 * (keys from shared/store/table.ts): the importer's path reads each volunteer first, which at 10,000
 * volunteers would take most of the benchmark's time budget on this machine.
 */
export async function seedRoster(
  client: DynamoDBDocumentClient,
  tableName: string,
  volunteers: Volunteer[],
  concurrency = 8,
): Promise<void> {
  const items: Record<string, unknown>[] = [];
  for (const v of volunteers) {
    items.push({ ...v, ...keys.volunteer(v.id), entity: 'volunteer', statusKey: VOLUNTEER_STATUS_KEY });
    for (const area of v.areas) {
      for (const helpType of v.helpTypes) {
        items.push({
          ...keys.offer(v.id, area, helpType),
          entity: 'offer',
          offerKey: offerKey(area, helpType),
          volunteerId: v.id,
          // What the store copies onto each offer for the byOffer index (shared/store/dynamo.ts offerItem).
          dbsChecked: v.dbsChecked,
          recentInvites: v.recentInvites,
        });
      }
    }
  }
  await batchPut(client, tableName, items, concurrency);
}

/** One wave of candidates, as the wave step chooses them: who offers this help here, then fair rotation. */
export async function measureMatching(options: {
  store: Store;
  meter: DbMeter;
  volunteers: Volunteer[];
  seedSeconds: number;
  settings: SchemeSettings;
  iterations: number;
}): Promise<MatchingResult> {
  const { store, meter, settings } = options;
  const next = random(7);
  const times: number[] = [];
  let offering = 0;
  meter.reset();
  for (let i = 0; i < options.iterations + 10; i++) {
    const area = AREAS[Math.floor(next() * AREAS.length)] as string;
    const helpType = HELP_TYPES[Math.floor(next() * HELP_TYPES.length)] as HelpType;
    if (i === 10) meter.reset(); // the first ten warm the connection
    const t = performance.now();
    const found = await store.findVolunteersOffering(area, helpType);
    const chosen = selectCandidates(found, { area, helpType }, new Set(), settings, new Date());
    const elapsed = since(t);
    if (chosen.length > settings.waveSize) throw new Error('a wave larger than the wave size');
    if (i >= 10) {
      times.push(elapsed);
      offering += found.length;
    }
  }
  const offers = options.volunteers.reduce((sum, v) => sum + v.areas.length * v.helpTypes.length, 0);
  return {
    volunteers: options.volunteers.length,
    offers,
    seedSeconds: options.seedSeconds,
    find: summarize(times),
    offeringMean: offering / options.iterations,
    readUnitsPerFind: meter.readUnits / options.iterations,
    callsPerFind: Object.fromEntries(
      Object.entries(meter.calls).map(([k, v]) => [k, Math.round((v / options.iterations) * 100) / 100]),
    ),
    scans: meter.scans,
  };
}
