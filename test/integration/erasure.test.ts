import { beforeAll, describe, expect, it } from 'vitest';
import { matchKeys } from '../../shared/domain/duplicates.js';
import { eraseRequester } from '../../shared/domain/erasure.js';
import type { Store } from '../../shared/domain/ports.js';
import { hashToken } from '../../shared/util/ids.js';
import { aRequest, aVolunteer, anInvite } from '../support/builders.js';
import { freshTable } from '../support/local-table.js';
import { FakeClock, RecordingLog } from '../support/memory-store.js';

/** Promise 12: erasure on request removes the personal data and leaves an anonymised audit entry. */
let store: Store;

beforeAll(async () => {
  ({ store } = await freshTable('erasure'));
});

describe("erasing a requester's data", () => {
  it('deletes the request, its reference and its invite links, keeping an audit trail of ids', async () => {
    const request = aRequest({ status: 'assigned' });
    await store.createRequest(request, {
      requestId: request.id,
      at: request.createdAt,
      type: 'received',
      actor: 'public-form',
    });
    const { invite, token } = anInvite(request, aVolunteer());
    await store.createInvite(invite);

    const result = await eraseRequester(request.reference.toLowerCase(), 'operator:pat', {
      store,
      clock: new FakeClock('2026-12-01T09:00:00.000Z'),
      log: new RecordingLog(),
    });

    expect(result).toEqual({ kind: 'erased', requestId: request.id, requestIds: [request.id] });
    await expect(store.getRequest(request.id)).resolves.toBeUndefined();
    await expect(store.findRequestIdByReference(request.reference)).resolves.toBeUndefined();
    await expect(store.listInvites(request.id)).resolves.toEqual([]);
    await expect(store.findInviteByTokenHash(hashToken(token))).resolves.toBeUndefined();
    const audit = await store.listAudit(request.id);
    expect(audit.map((e) => e.type)).toEqual(['received', 'erased']);
    const trail = JSON.stringify(audit);
    for (const personal of [
      request.requester.name,
      request.requester.addressLine1,
      request.requester.phone,
      request.details,
    ]) {
      expect(trail).not.toContain(String(personal));
    }
  });

  it("deletes the duplicate check's hashed keys, but not a later request's that took them over", async () => {
    const request = aRequest({ status: 'closed' });
    const later = aRequest({ status: 'received' });
    await store.createRequest(request, {
      requestId: request.id,
      at: request.createdAt,
      type: 'received',
      actor: 'x',
    });
    const [byName, byPhone] = matchKeys({ ...request.requester, helpType: request.helpType }).map(
      (k) => k.hash,
    );
    expect(byName && byPhone).toBeTruthy();
    await store.putDuplicateKeys([
      { keyHash: String(byName), requestId: request.id, expiresAt: 1_900_000_000 },
      { keyHash: String(byPhone), requestId: later.id, expiresAt: 1_900_000_000 },
    ]);

    await eraseRequester(request.reference, 'operator:pat', {
      store,
      clock: new FakeClock('2026-12-01T09:00:00.000Z'),
      log: new RecordingLog(),
    });

    await expect(store.getDuplicateKeys([String(byName), String(byPhone)])).resolves.toEqual([
      { keyHash: byPhone, requestId: later.id, expiresAt: 1_900_000_000 },
    ]);
  });

  it('says so when there is nothing to erase', async () => {
    const result = await eraseRequester('GCK-00000', 'operator:pat', {
      store,
      clock: new FakeClock(),
      log: new RecordingLog(),
    });
    expect(result).toEqual({ kind: 'not-found' });
  });
});
