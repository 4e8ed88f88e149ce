import { describe, expect, it } from 'vitest';
import type { MetricName, Metrics } from '../../../shared/domain/ports.js';
import { escalateRequest, sendInvites } from '../../../shared/domain/matching.js';
import { respondToInvite } from '../../../shared/domain/respond.js';
import { submitHelpRequest } from '../../../shared/domain/submit.js';
import { aRequest, aValidPayload, aVolunteer, testPorts, testSettings } from '../../support/memory-store.js';
import { deliverPending } from '../../support/outbox.js';

/** Promise 15: the business metrics the alarms and the commissioners' figures rest on. */
function recordingMetrics() {
  const recorded: { name: MetricName; value: number }[] = [];
  const metrics: Metrics = {
    count: (name, value = 1) => recorded.push({ name, value }),
    seconds: (name, value) => recorded.push({ name, value }),
  };
  return { metrics, recorded };
}

describe('business metrics', () => {
  it('counts a received request, the invites sent, an accept with its time to accept, and an escalation', async () => {
    const settings = testSettings({ waveSize: 2 });
    const ports = testPorts();
    const { metrics, recorded } = recordingMetrics();
    const withMetrics = { ...ports, metrics };

    await submitHelpRequest(aValidPayload(), { enteredBy: 'public-form' }, settings, withMetrics);

    ports.store.seedRequest(
      aRequest({ id: 'req-m', status: 'matching', wave: 1, createdAt: '2026-03-10T09:00:00.000Z' }),
    );
    await ports.store.putVolunteers([aVolunteer({ id: 'v1' }), aVolunteer({ id: 'v2' })]);
    await sendInvites({ requestId: 'req-m', wave: 1, volunteerIds: ['v1', 'v2'] }, settings, withMetrics);
    await deliverPending(ports);
    const token = /\/respond\/([A-Za-z0-9_-]{43})/.exec(
      ports.mailer.to('v1@volunteers.example.org')[0]?.text ?? '',
    )?.[1];
    await respondToInvite(String(token), 'accept', settings, withMetrics);
    await deliverPending(ports);

    ports.store.seedRequest(aRequest({ id: 'req-e', reference: 'GCK-ESC01', status: 'matching', wave: 2 }));
    await escalateRequest(
      { requestId: 'req-e', wave: 2, escalationReason: 'no-acceptance' },
      settings,
      withMetrics,
    );
    await deliverPending(ports);

    expect(recorded).toEqual([
      { name: 'RequestsReceived', value: 1 },
      { name: 'InvitesSent', value: 2 },
      { name: 'Accepted', value: 1 },
      // The default clock is 2026-03-10T10:00Z: an hour after the request.
      { name: 'TimeToAcceptSeconds', value: 3600 },
      { name: 'Escalated', value: 1 },
    ]);
  });
});
