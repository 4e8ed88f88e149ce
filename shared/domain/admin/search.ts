import type { HelpRequest, Volunteer } from '../model.js';
import type { DashboardStore, FindBy, RequestStore } from '../ports.js';
import { REFERENCE_PATTERN } from '../../util/ids.js';
import { toE164 } from '../../util/phone.js';

/** What one search box finds by, decided from what was typed. */
export type SearchKind = 'reference' | FindBy['kind'];

/** Results shown at most, newest request first: an exact search rarely finds more. */
export const SEARCH_SHOWN = 20;

/** A typed reference in its stored form: case, spaces and a missing "GCK-" do not matter. */
export function referenceOf(typed: string): string | undefined {
  const compact = typed.replace(/\s+/g, '').toUpperCase();
  const reference = /^[0-9A-Z]{5}$/.test(compact) ? `GCK-${compact}` : compact.replace(/^GCK-?/, 'GCK-');
  return REFERENCE_PATTERN.test(reference) ? reference : undefined;
}

/** A reference, an email (has an @), a UK phone number, or else a name. */
export function searchKindOf(typed: string): SearchKind {
  if (referenceOf(typed)) return 'reference';
  if (typed.includes('@')) return 'email';
  if (/^[\d\s()+-]+$/.test(typed.trim()) && toE164(typed)) return 'phone';
  return 'name';
}

export interface SearchOutcome {
  query: string;
  kind: SearchKind;
  requests: HelpRequest[];
  volunteers: Volunteer[];
}

/**
 * The dashboard's search: exact after normalising, never partial. A reference is one GetItem; a name,
 * email or phone one Query of its keyed-hash search key (no plain value is ever in a key), then the
 * few items it names.
 */
export async function searchDashboard(
  typed: string,
  ports: {
    store: Pick<RequestStore, 'findRequestIdByReference' | 'getRequest'> &
      Pick<DashboardStore, 'findPeople' | 'getVolunteers'>;
  },
): Promise<SearchOutcome> {
  const query = typed.trim().slice(0, 200);
  const kind = searchKindOf(query);
  if (query === '') return { query, kind, requests: [], volunteers: [] };
  if (kind === 'reference') {
    const id = await ports.store.findRequestIdByReference(referenceOf(query) ?? '');
    const request = id ? await ports.store.getRequest(id) : undefined;
    return { query, kind, requests: request ? [request] : [], volunteers: [] };
  }
  const found = await ports.store.findPeople({ kind, value: query });
  const [requests, volunteers] = await Promise.all([
    Promise.all(found.requestIds.map((id) => ports.store.getRequest(id))),
    ports.store.getVolunteers(found.volunteerIds.slice(0, SEARCH_SHOWN)),
  ]);
  return {
    query,
    kind,
    // A search key left behind by a request that has since expired finds nothing.
    requests: requests
      .filter((r): r is HelpRequest => r !== undefined)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, SEARCH_SHOWN),
    volunteers: volunteers.sort((a, b) => a.name.localeCompare(b.name)),
  };
}
