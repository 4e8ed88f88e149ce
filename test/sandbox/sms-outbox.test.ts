import type { SNSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Powertools reads its level when the logger module is first imported: keep test output quiet.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

import { handler as smsInbound } from '../../functions/sms-inbound.js';
import { parseFaultShares, refuseShare } from '../../sandbox/fault-proxy.js';
import { startSmsOutbox, type SmsOutbox, type StoredText } from '../../sandbox/sms-outbox.js';
import { setRuntimeForTests } from '../../shared/runtime.js';
import { createSmsTexter } from '../../shared/sms/client.js';
import { installMemoryRuntime, lambdaContext } from '../support/handler-runtime.js';
import { deliverPending } from '../support/outbox.js';
import { emailRenderers } from '../../shared/mail/render.js';
import { textRenderer } from '../../shared/sms/render.js';
import { aVolunteer, testSettings } from '../support/memory-store.js';

const readStore = async (outbox: SmsOutbox) =>
  (await (await fetch(`${outbox.url}/store`)).json()) as StoredText[];

describe('the local SMS endpoint, called by the real End User Messaging client', () => {
  let outbox: SmsOutbox;
  let refuse = false;

  beforeAll(async () => {
    outbox = await startSmsOutbox({ port: 0, failSend: () => refuse });
  });
  afterAll(() => outbox.stop());
  beforeEach(async () => {
    refuse = false;
    await fetch(`${outbox.url}/clear-store`, { method: 'POST' });
  });

  it('takes SendTextMessage and lists the text at /store with its segments', async () => {
    const texter = createSmsTexter({
      region: 'eu-west-2',
      endpoint: outbox.url,
      originationIdentity: '+447700900000',
    });

    await texter.send({ to: '+447700900101', body: 'Community Kindness: can you help?' });
    await texter.send({ to: '+447700900102', body: 'نعم' });

    const texts = await readStore(outbox);
    expect(texts).toEqual([
      expect.objectContaining({
        to: '+447700900101',
        body: 'Community Kindness: can you help?',
        originationIdentity: '+447700900000',
        messageType: 'TRANSACTIONAL',
        encoding: 'GSM-7',
        segments: 1,
      }),
      expect.objectContaining({ to: '+447700900102', encoding: 'UCS-2', segments: 1 }),
    ]);
    for (const text of texts) {
      expect(text.messageId).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(text.sentAt)).not.toBeNaN();
    }
  });

  it('shows the texts on its page, escaped, with their links clickable', async () => {
    const texter = createSmsTexter({ region: 'eu-west-2', endpoint: outbox.url });
    await texter.send({ to: '+447700900101', body: '<b>hi</b> see https://help.example.org/r/abc' });

    const page = await (await fetch(`${outbox.url}/`)).text();

    expect(page).toContain('&lt;b&gt;hi&lt;/b&gt;');
    expect(page).toContain('<a href="https://help.example.org/r/abc">');
    expect(page).toContain('+447700900101');
  });

  it('refuses a send with the ThrottlingException AWS returns, and keeps nothing', async () => {
    refuse = true;
    const texter = createSmsTexter({ region: 'eu-west-2', endpoint: outbox.url });

    await expect(texter.send({ to: '+447700900101', body: 'x' })).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    expect(await readStore(outbox)).toEqual([]);
  });

  it('refuses a number that is not E.164, as AWS does', async () => {
    const texter = createSmsTexter({ region: 'eu-west-2', endpoint: outbox.url });

    await expect(texter.send({ to: '07700900101', body: 'x' })).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('POST /inbound: a simulated reply through the SNS handler', () => {
  let outbox: SmsOutbox;
  const delivered: SNSEvent[] = [];

  beforeAll(async () => {
    outbox = await startSmsOutbox({
      port: 0,
      deliverInbound: async (event) => {
        delivered.push(event);
        return smsInbound(event, lambdaContext('sms-inbound'));
      },
    });
  });
  afterAll(async () => {
    setRuntimeForTests(undefined);
    await outbox.stop();
  });
  afterEach(() => {
    delivered.length = 0;
  });

  it('delivers the reply as End User Messaging publishes it, and the handler’s answer lands in the outbox', async () => {
    const ports = installMemoryRuntime();
    await ports.store.putVolunteer(aVolunteer({ id: 'vol-asha', phone: '07700 900101', contactBy: 'text' }));
    const settings = testSettings();
    // The real client, pointed at the outbox: the sender's text goes where a sandbox user sees it.
    const texter = createSmsTexter({ region: 'eu-west-2', endpoint: outbox.url });
    setRuntimeForTests({
      config: { ...settings, tableName: 'memory', region: 'eu-west-2' },
      settings,
      ports,
      texter,
    });

    const response = await fetch(`${outbox.url}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '+447700900101', body: 'PAUSE' }),
    });

    expect(response.status).toBe(200);
    expect(JSON.parse(delivered[0]?.Records[0]?.Sns.Message ?? '{}')).toMatchObject({
      originationNumber: '+447700900101',
      destinationNumber: '+447700900000',
      messageBody: 'PAUSE',
    });
    expect((await ports.store.getVolunteer('vol-asha'))?.pausedUntil).toBeDefined();
    // The answer waits in the table's outbox until the sender (the stream, in the sandbox) takes it.
    expect(await readStore(outbox)).toEqual([]);
    await deliverPending({ ...ports, texter, renderers: { ...emailRenderers, sms: textRenderer } });
    const texts = await readStore(outbox);
    expect(texts).toEqual([
      expect.objectContaining({ to: '+447700900101', body: expect.stringContaining('paused') }),
    ]);
  });

  it('takes the page’s form too, and goes back to the page', async () => {
    installMemoryRuntime();

    const response = await fetch(`${outbox.url}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ from: '+447700900999', body: 'YES' }).toString(),
      redirect: 'manual',
    });

    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    expect(delivered).toHaveLength(1);
  });

  it.each([
    [{ from: '07700900101', body: 'YES' }, /E\.164/],
    [{ from: '+447700900101', body: '  ' }, /body/],
    [{ body: 'YES' }, /E\.164/],
  ])('refuses %j with a message that says what to send', async (reply, message) => {
    const response = await fetch(`${outbox.url}/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(reply),
    });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(message);
    expect(delivered).toEqual([]);
  });
});

describe('SANDBOX_FAULTS', () => {
  it('reads the share of sends each endpoint refuses', () => {
    expect(parseFaultShares('ses=0.3,sms=0.3')).toEqual({ ses: 0.3, sms: 0.3 });
    expect(parseFaultShares(' sms = 1 ')).toEqual({ ses: 0, sms: 1 });
    expect(parseFaultShares(undefined)).toEqual({ ses: 0, sms: 0 });
  });

  it.each(['ses=2', 'sqs=0.1', 'ses', 'sms=lots'])('refuses %j with the expected form', (raw) => {
    expect(() => parseFaultShares(raw)).toThrow(/ses=0\.3,sms=0\.3/);
  });

  it('refuses about that share of calls, and none at 0', () => {
    const draws = [0.1, 0.5, 0.29, 0.9];
    const decide = refuseShare(0.3, () => draws.shift() ?? 1);
    expect([decide?.(), decide?.(), decide?.(), decide?.()]).toEqual([true, false, true, false]);
    expect(refuseShare(0)).toBeUndefined();
  });
});
