import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionName } from '../../infra/catalogue.js';
import { TABLE_ACCESS, type IndexName, type TableAction } from '../../infra/constructs/data.js';

/**
 * The grants in TABLE_ACCESS against the code: each function is bundled as it deploys (tree-shaken),
 * the store methods its code can call are read from the bundle, and each method's DynamoDB calls
 * (below, read from shared/store) give the actions, key prefixes and indexes it needs. Grants must
 * equal needs: a missing one would fail in AWS with AccessDenied, an extra one is privilege unused.
 */
interface MethodAccess {
  actions: TableAction[];
  prefixes?: string[];
  indexes?: IndexName[];
}

/**
 * What each store method sends (shared/store/*.ts), transactions counted by their parts. `actions`
 * are on the table's items (a Query there is by partition key); `indexes` are Queried on their own.
 */
const STORE_METHODS: Record<string, MethodAccess> = {
  // A transaction of conditional Puts; a retry reads the idempotency claim back.
  createRequest: {
    actions: ['PutItem', 'GetItem'],
    prefixes: ['IDEM#', 'REF#', 'REQ#', 'SERIES#', 'DUPKEY#', 'MSG#', 'FIND#'],
  },
  getRequest: { actions: ['GetItem'], prefixes: ['REQ#'] },
  startWave: { actions: ['UpdateItem'], prefixes: ['REQ#'] },
  escalate: { actions: ['UpdateItem', 'GetItem', 'PutItem'], prefixes: ['REQ#', 'MSG#'] },
  appendAudit: { actions: ['PutItem'], prefixes: ['REQ#', 'MSG#'] },
  findRequestIdByReference: { actions: ['GetItem'], prefixes: ['REF#'] },
  eraseRequest: {
    actions: ['GetItem', 'Query', 'BatchWriteItem'],
    prefixes: ['REQ#', 'REF#', 'TOKEN#', 'FIND#'],
  },
  listAudit: { actions: ['Query'], prefixes: ['REQ#'] },
  listInvites: { actions: ['Query'], prefixes: ['REQ#'] },
  createInvite: { actions: ['PutItem'], prefixes: ['REQ#', 'TOKEN#', 'MSG#'] },
  replaceToken: { actions: ['UpdateItem', 'DeleteItem', 'PutItem'], prefixes: ['REQ#', 'TOKEN#'] },
  markInviteSent: { actions: ['UpdateItem', 'GetItem'], prefixes: ['REQ#'] },
  findInviteByTokenHash: { actions: ['GetItem'], prefixes: ['TOKEN#', 'REQ#'] },
  acceptInvite: { actions: ['UpdateItem', 'PutItem'], prefixes: ['REQ#', 'MSG#'] },
  declineInvite: { actions: ['UpdateItem'], prefixes: ['REQ#'] },
  markInvitesTaken: { actions: ['UpdateItem', 'PutItem'], prefixes: ['REQ#', 'MSG#'] },
  // Reads the old profile and offers, then one batch write of puts and deletes.
  putVolunteer: {
    actions: ['GetItem', 'Query', 'BatchWriteItem'],
    prefixes: ['VOL#', 'VOLEMAIL#', 'VOLPHONE#', 'FIND#'],
  },
  putVolunteers: {
    actions: ['GetItem', 'Query', 'BatchWriteItem'],
    prefixes: ['VOL#', 'VOLEMAIL#', 'VOLPHONE#', 'FIND#'],
  },
  findVolunteerByPhone: { actions: ['GetItem'], prefixes: ['VOLPHONE#', 'VOL#'] },
  listOpenInvites: { actions: ['Query', 'GetItem'], prefixes: ['REQ#'], indexes: ['byStatus'] },
  getVolunteer: { actions: ['GetItem'], prefixes: ['VOL#'] },
  findVolunteerByEmail: { actions: ['GetItem'], prefixes: ['VOLEMAIL#', 'VOL#'] },
  listVolunteers: { actions: [], indexes: ['byStatus'] },
  findVolunteersOffering: { actions: ['BatchGetItem'], prefixes: ['VOL#'], indexes: ['byOffer'] },
  recordInvitesSent: { actions: ['GetItem', 'UpdateItem'], prefixes: ['VOL#'] },
  recordAcceptance: { actions: ['GetItem', 'UpdateItem'], prefixes: ['VOL#'] },
  listRequestsByStatus: { actions: [], indexes: ['byStatus'] },
  // Reports: the requests' facts read by id, set in their day's record (read first, so an unchanged
  // entry is not rewritten), and a period's days read back.
  getReportFacts: { actions: ['BatchGetItem'], prefixes: ['REQ#'] },
  recordReportFacts: { actions: ['GetItem', 'PutItem', 'UpdateItem'], prefixes: ['REPORT#'] },
  listReportFacts: { actions: ['BatchGetItem'], prefixes: ['REPORT#'] },
  listRequestIdsMade: { actions: [], indexes: ['byStatus'] },
  // With messages, a transaction, and the request read back (a transaction returns no attributes).
  transitionRequest: { actions: ['UpdateItem', 'PutItem', 'GetItem'], prefixes: ['REQ#', 'MSG#'] },
  // One transaction: the held request closed, the earlier one given its date and details.
  // With its notice to the volunteer in the transaction; a failed condition reads the earlier request.
  mergeIntoEarlier: { actions: ['UpdateItem', 'PutItem', 'GetItem'], prefixes: ['REQ#', 'MSG#'] },
  claimConfirmationSlot: { actions: ['UpdateItem'], prefixes: ['CONFIRMCAP#'] },
  createActionToken: { actions: ['PutItem'], prefixes: ['ACTION#'] },
  findActionToken: { actions: ['GetItem'], prefixes: ['ACTION#'] },
  releaseAssignment: { actions: ['UpdateItem', 'PutItem'], prefixes: ['REQ#', 'ACTION#', 'MSG#'] },
  deleteVolunteer: {
    actions: ['GetItem', 'Query', 'BatchWriteItem'],
    prefixes: ['VOL#', 'VOLEMAIL#', 'FIND#'],
  },
  markReminderSent: { actions: ['UpdateItem', 'PutItem'], prefixes: ['REQ#', 'MSG#'] },
  markInvitesSettled: { actions: ['UpdateItem'], prefixes: ['REQ#'] },
  recordUnansweredInvites: { actions: ['UpdateItem'], prefixes: ['VOL#'] },
  resetUnansweredInvites: { actions: ['UpdateItem'], prefixes: ['VOL#'] },
  putConcern: { actions: ['PutItem'], prefixes: ['REQ#', 'MSG#'] },
  listOpenConcerns: { actions: [], indexes: ['byStatus'] },
  acknowledgeConcern: { actions: ['UpdateItem'], prefixes: ['REQ#'] },
  getDuplicateKeys: { actions: ['BatchGetItem'], prefixes: ['DUPKEY#'] },
  deleteDuplicateKeys: { actions: ['DeleteItem'], prefixes: ['DUPKEY#'] },
  putDuplicateKeys: { actions: ['PutItem'], prefixes: ['DUPKEY#'] },
  getSeries: { actions: ['GetItem'], prefixes: ['SERIES#'] },
  listActiveSeries: { actions: [], indexes: ['byStatus'] },
  createNextOccurrence: {
    actions: ['UpdateItem', 'PutItem'],
    prefixes: ['SERIES#', 'REF#', 'REQ#', 'MSG#'],
  },
  commitVolunteer: { actions: ['UpdateItem'], prefixes: ['SERIES#'] },
  stopCommitment: { actions: ['UpdateItem'], prefixes: ['SERIES#'] },
  endSeries: { actions: ['UpdateItem', 'PutItem'], prefixes: ['SERIES#', 'MSG#'] },
  // The outbox: message items, and the sender's conditional claim and marks.
  getMessage: { actions: ['GetItem'], prefixes: ['MSG#'] },
  putMessages: { actions: ['PutItem'], prefixes: ['MSG#'] },
  claimMessage: { actions: ['UpdateItem', 'GetItem'], prefixes: ['MSG#'] },
  markMessageSent: { actions: ['UpdateItem'], prefixes: ['MSG#'] },
  finishMessage: { actions: ['UpdateItem'], prefixes: ['MSG#'] },
  releaseMessage: { actions: ['UpdateItem'], prefixes: ['MSG#'] },
  // Applications to join: a transaction with the idempotency claim and the confirmation.
  createApplicant: { actions: ['PutItem', 'GetItem'], prefixes: ['IDEM#', 'APP#', 'MSG#'] },
  getApplicant: { actions: ['GetItem'], prefixes: ['APP#'] },
  listApplicants: { actions: [], indexes: ['byStatus'] },
  saveApplicantChecks: { actions: ['UpdateItem', 'GetItem'], prefixes: ['APP#'] },
  // One transaction: the application deleted, the volunteer's items written as putVolunteer writes
  // them (read first), the welcome; offers beyond one transaction in a batch after it.
  approveApplicant: {
    actions: ['DeleteItem', 'PutItem', 'GetItem', 'Query', 'BatchWriteItem'],
    prefixes: ['APP#', 'MSG#', 'VOL#', 'VOLEMAIL#', 'VOLPHONE#', 'FIND#'],
  },
  declineApplicant: { actions: ['UpdateItem', 'PutItem', 'GetItem'], prefixes: ['APP#', 'MSG#'] },
  // The dashboard's bounded reads: profiles by id, a roster page, the search keys, the digest's watch list.
  getVolunteers: { actions: ['BatchGetItem'], prefixes: ['VOL#'] },
  listVolunteerPage: { actions: [], indexes: ['byStatus'] },
  findPeople: { actions: ['Query'], prefixes: ['FIND#'] },
  listVolunteersToWatch: { actions: ['BatchGetItem'], prefixes: ['VOL#'], indexes: ['byStatus'] },
  listVolunteerInvites: { actions: [], indexes: ['byStatus'] },
  // A team of prescribers: a claim is one conditional update (read back when it loses).
  claimRequest: { actions: ['UpdateItem', 'GetItem'], prefixes: ['REQ#'] },
  releaseClaim: { actions: ['UpdateItem'], prefixes: ['REQ#'] },
  listTeam: { actions: [], indexes: ['byStatus'] },
  // Every dashboard request reads its prescriber's own entry: a disabled one is refused at once.
  getTeamMember: { actions: ['GetItem'], prefixes: ['PRESCRIBER#'] },
  putTeamMember: { actions: ['PutItem'], prefixes: ['PRESCRIBER#'] },
  setTeamMemberEnabled: { actions: ['UpdateItem'], prefixes: ['PRESCRIBER#'] },
  // A volunteer's own details page: the link's lookup and its volunteer's current link, in one
  // transaction with a check that they are still on the roster; a new address waiting; their audit.
  saveProfileLink: { actions: ['ConditionCheckItem', 'PutItem'], prefixes: ['VOL#', 'ACTION#'] },
  findProfileLink: { actions: ['GetItem'], prefixes: ['ACTION#', 'VOL#'] },
  putContactChange: { actions: ['PutItem'], prefixes: ['VOL#', 'MSG#'] },
  getContactChange: { actions: ['GetItem'], prefixes: ['VOL#'] },
  deleteContactChange: { actions: ['BatchWriteItem'], prefixes: ['VOL#'] },
  appendVolunteerAudit: { actions: ['PutItem'], prefixes: ['VOL#'] },
  listVolunteerAudit: { actions: ['Query'], prefixes: ['VOL#'] },
};

/** Every method of the store ports, read from shared/domain/ports.ts. */
function storePortMethods(): string[] {
  const ports = readFileSync(new URL('../../shared/domain/ports.ts', import.meta.url), 'utf8');
  const methods = new Set<string>();
  const storeInterface = /export interface (\w*Store) \{([\s\S]*?)\n\}/g;
  for (const [, , body] of ports.matchAll(storeInterface)) {
    for (const [, method] of (body ?? '').matchAll(/^ {2}(\w+)\(/gm)) if (method) methods.add(method);
  }
  return [...methods].sort();
}

/** The store methods a function's deployed code can call (the store's own module excluded). */
async function storeCallsOf(entry: string, methods: string[]): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  // esbuild marks each module's code with a "// path" line; drop the store's own modules.
  const outsideStore = code
    .split(/\n(?=\/\/ [\w./-]+\.ts\n)/)
    .filter((chunk) => !/^\/\/ shared\/store\//.test(chunk))
    .join('\n');
  return methods.filter((method) => new RegExp(`\\.${method}\\(`).test(outsideStore)).sort();
}

const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];
const calls = {} as Record<FunctionName, string[]>;
let methods: string[] = [];

beforeAll(async () => {
  methods = storePortMethods();
  for (const name of FUNCTION_NAMES) calls[name] = await storeCallsOf(FUNCTIONS[name].entry, methods);
}, 240_000);

describe('table grants against the code', () => {
  it('knows what every store method sends (a new method needs its line above)', () => {
    expect(methods.length).toBeGreaterThan(30);
    expect(methods.filter((m) => !(m in STORE_METHODS))).toEqual([]);
    expect(Object.keys(STORE_METHODS).filter((m) => !methods.includes(m))).toEqual([]);
  });

  it('finds store calls in the bundles (the reading works)', () => {
    expect(calls.submitRequest).toContain('createRequest');
    expect(calls.wave).toContain('findVolunteersOffering');
    expect(calls.publicPages).toEqual([]);
  });

  it.each(FUNCTION_NAMES)('%s is granted exactly what its store calls need', (name) => {
    const needed = { actions: new Set<string>(), prefixes: new Set<string>(), indexes: new Set<string>() };
    for (const method of calls[name]) {
      const access = STORE_METHODS[method];
      if (!access) throw new Error(`unknown store method ${method}`);
      for (const action of access.actions) needed.actions.add(action);
      for (const prefix of access.prefixes ?? []) needed.prefixes.add(prefix);
      for (const index of access.indexes ?? []) needed.indexes.add(index);
    }
    const granted = TABLE_ACCESS[name];
    const summary = (actions: Iterable<string>, prefixes: Iterable<string>, indexes: Iterable<string>) => ({
      actions: [...actions].sort(),
      prefixes: [...prefixes].sort(),
      indexes: [...indexes].sort(),
    });
    expect(
      summary(granted?.actions ?? [], granted?.partitionKeyPrefixes ?? [], granted?.queriesIndexes ?? []),
      `store calls: ${calls[name].join(', ') || 'none'}`,
    ).toEqual(summary(needed.actions, needed.prefixes, needed.indexes));
  });
});
