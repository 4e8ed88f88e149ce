import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { LOCAL_TABLE_NAME } from '../../sandbox/sandbox.js';
import type { StoredText } from '../../sandbox/sms-outbox.js';
import type { StoredMessage } from '../../shared/domain/messages.js';
import type { Volunteer } from '../../shared/domain/model.js';
import { logger } from '../../shared/util/logger.js';
import { toE164 } from '../../shared/util/phone.js';
import { tablePending } from '../support/outbox.js';
import {
  linkIn,
  postJson,
  readOutbox,
  respond,
  testSandbox,
  validRequest,
  waitFor,
  type OutboxEmail,
} from '../support/sandbox.js';

/**
 * Texts through the whole sandbox: the real API, the outbox and its sender, the local End User
 * Messaging endpoint and its simulated replies, with a roster written for these tests so who is
 * invited, and how, is known.
 */

/** One district per story, so each request reaches only the volunteers that story is about. */
const ROSTER: readonly (readonly [name: string, phone: string, area: string, contactBy: string])[] = [
  ['Tess Texter', '07700 900301', 'GL55', 'text'],
  ['Linus Linker', '07700 900302', 'GL55', 'email'],
  ['Stella Stopper', '07700 900303', 'GL56', 'text'],
  ['Bea Bothways', '07700 900304', 'GL20', 'both'],
  // Under faults: three in each district, two asked a wave, reached by text, email, or both.
  ...Array.from({ length: 12 }, (_, i) =>
    (['text', 'email', 'both'] as const).map(
      (contactBy, j) =>
        [
          `Fault${'ABCDEFGHIJKL'[i]}${'XYZ'[j]} Helper`,
          `07700 9005${String(i * 3 + j).padStart(2, '0')}`,
          `GL${i + 1}`,
          contactBy,
        ] as const,
    ),
  ).flat(),
];
const emailOf = (name: string) => `${name.toLowerCase().replace(/\s+/g, '.')}@example.org`;

let sandbox: Sandbox;
let rosterDir: string | undefined;
const faultRates = { ses: 0, sms: 0 };
/** Texts to refuse before the random share applies: a fault at a chosen moment. */
let refuseNextTexts = 0;
const refused = { ses: 0, sms: 0 };

beforeAll(async () => {
  rosterDir = mkdtempSync(join(tmpdir(), 'texts-roster-'));
  const csv = join(rosterDir, 'volunteers.csv');
  writeFileSync(
    csv,
    [
      'name,email,phone,areas,help_types,dbs_checked,contact_by',
      ...ROSTER.map(
        ([name, phone, area, by]) => `${name},${emailOf(name)},${phone},${area},shopping,yes,${by}`,
      ),
    ].join('\n'),
  );
  sandbox = await testSandbox({
    volunteersCsv: csv,
    // A window of 20 s at this time scale: long enough to read a text and answer it.
    settings: {
      serviceAreas: [...new Set(['GL54', ...ROSTER.map(([, , area]) => area)])],
      waveSize: 2,
      maxWaves: 3,
      responseWindowSeconds: 4000,
      urgentResponseWindowSeconds: 4000,
    },
    faults: {
      sendEmail: () => {
        const fail = Math.random() < faultRates.ses;
        if (fail) refused.ses++;
        return fail;
      },
      sendText: () => {
        const fail = refuseNextTexts > 0 || Math.random() < faultRates.sms;
        if (refuseNextTexts > 0) refuseNextTexts--;
        if (fail) refused.sms++;
        return fail;
      },
    },
  });
}, 120_000);

afterAll(async () => {
  await sandbox?.stop();
  if (rosterDir) rmSync(rosterDir, { recursive: true, force: true });
});

beforeEach(() => {
  Object.assign(faultRates, { ses: 0, sms: 0 });
  refuseNextTexts = 0;
});

async function readTexts(): Promise<StoredText[]> {
  return (await (await fetch(`${sandbox.smsOutboxUrl}/store`)).json()) as StoredText[];
}

async function textBack(from: string, body: string): Promise<void> {
  const { status } = await postJson(`${sandbox.smsOutboxUrl}/inbound`, { from, body });
  expect(status).toBe(200);
}

const e164 = (phone: string) => toE164(phone) ?? phone;

async function volunteerNamed(name: string): Promise<Volunteer> {
  const volunteer = (await sandbox.store.listVolunteers()).find((v) => v.name === name);
  if (!volunteer) throw new Error(`${name} is not on the roster`);
  return volunteer;
}

/** The form without some fields (a requester who leaves the email empty, say). */
function without(form: Record<string, string>, ...fields: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(form).filter(([field]) => !fields.includes(field)));
}

async function submit(form: Record<string, string>): Promise<{ reference: string; requestId: string }> {
  const { status, json } = await postJson(`${sandbox.url}/requests`, form);
  expect(status, JSON.stringify(json)).toBe(201);
  const reference = String(json.reference);
  const requestId = await waitFor(
    () => sandbox.store.findRequestIdByReference(reference),
    `the stored request ${reference}`,
  );
  return { reference, requestId };
}

/** Every message item in the table (a Scan: fine in a test, never in the system). */
async function allMessages(): Promise<StoredMessage[]> {
  const client = new DynamoDBClient({
    endpoint: sandbox.dynamoDbEndpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const found: StoredMessage[] = [];
  let ExclusiveStartKey: Record<string, never> | undefined;
  do {
    const out = await client.send(
      new ScanCommand({
        TableName: LOCAL_TABLE_NAME,
        FilterExpression: 'sk = :sk',
        ExpressionAttributeValues: { ':sk': { S: 'MESSAGE' } },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    for (const item of out.Items ?? []) found.push(unmarshall(item) as StoredMessage);
    ExclusiveStartKey = out.LastEvaluatedKey as typeof ExclusiveStartKey;
  } while (ExclusiveStartKey);
  return found;
}

async function outboxDrained(): Promise<void> {
  const pending = tablePending(LOCAL_TABLE_NAME, sandbox.dynamoDbEndpoint);
  await waitFor(
    async () => ((await pending()).length === 0 ? true : undefined),
    'the outbox to drain',
    60_000,
  );
}

const textsTo = async (phone: string) => (await readTexts()).filter((t) => t.to === e164(phone));
const emailsTo = async (address: string) =>
  (await readOutbox(sandbox.outboxUrl)).filter((e) => e.destination.to.includes(address));
const mentions = (email: OutboxEmail, reference: string) =>
  `${email.subject}\n${email.body.text ?? ''}`.includes(reference);

describe('a requester who can only be texted', () => {
  it('gets the confirmation with the reference by text, and no email goes out for them', async () => {
    const phone = '07700 900401';
    // GL54: nobody there, so the request goes straight to the prescriber, who is emailed.
    const { reference, requestId } = await submit(
      without(validRequest({ phone, contactBy: 'text', postcode: 'GL54 1AA' }), 'email'),
    );

    const confirmation = await waitFor(
      async () => (await textsTo(phone)).find((t) => t.body.includes(reference)),
      'the confirmation text',
    );
    expect(confirmation.body).toMatch(/we have your request/i);
    expect(linkIn(confirmation.body, 'c')).toBeDefined();

    await outboxDrained();
    const forRequester = (await allMessages()).filter(
      (m) => m.to.role === 'requester' && m.to.requestId === requestId,
    );
    expect(forRequester.map((m) => m.kind)).toEqual(['requester-confirmation']);
    expect(forRequester[0]).toMatchObject({ sentTextAt: expect.any(String) });
    expect(forRequester[0]?.sentEmailAt).toBeUndefined();
    const emailsAboutIt = (await readOutbox(sandbox.outboxUrl)).filter((e) => mentions(e, reference));
    expect(emailsAboutIt.flatMap((e) => e.destination.to)).toEqual(
      emailsAboutIt.map(() => sandbox.settings.prescriberEmail),
    );
  });
});

describe('a volunteer who prefers texts', () => {
  it('is invited by a text with no personal details, says YES by text and is assigned', async () => {
    const tess = await volunteerNamed('Tess Texter');
    const linus = await volunteerNamed('Linus Linker');
    const phone = '07700 900402';
    const form = without(
      validRequest({
        name: 'Ottoline Quarrendon',
        phone,
        contactBy: 'text',
        postcode: 'GL55 7QX',
        addressLine1: '12 Pumpernickel Lane',
      }),
      'email',
    );
    const { reference, requestId } = await submit(form);

    const invite = await waitFor(
      async () => (await textsTo(tess.phone ?? '')).find((t) => /can you help/i.test(t.body)),
      'the invite text',
    );
    expect(invite.body).toContain('Shopping');
    expect(invite.body).toContain('GL55');
    // The answer-by time, with its day: "today", "tomorrow" or the weekday.
    expect(invite.body).toMatch(/\b\d{2}:\d{2} (today|tomorrow|Sun|Mon|Tue|Wed|Thu|Fri|Sat)\b/);
    expect(linkIn(invite.body, 'r')).toBeDefined();
    for (const personal of [
      'Ottoline',
      'Quarrendon',
      '12 Pumpernickel Lane',
      'Pumpernickel',
      'GL55 7QX',
      '7QX',
      '900402',
      reference,
    ])
      expect(invite.body).not.toContain(personal);

    await textBack(e164(tess.phone ?? ''), 'YES');

    expect(await sandbox.store.getRequest(requestId)).toMatchObject({
      status: 'assigned',
      assignedVolunteerId: tess.id,
    });
    const comingText = await waitFor(
      async () => (await textsTo(phone)).find((t) => t.body.includes('has said yes')),
      'the "someone is coming" text',
    );
    expect(comingText.body).toContain('Tess');
    expect(comingText.body).not.toContain('Texter');
    expect(comingText.body).toContain(reference);
    const details = await waitFor(
      async () => (await emailsTo(tess.email)).find((e) => e.subject.startsWith('Thank you for saying yes')),
      'the details email',
    );
    expect(details.body.text).toContain('Ottoline Quarrendon');
    expect(details.body.text).toContain('12 Pumpernickel Lane');

    await outboxDrained();
    // Tess asked for texts only: her invite was not emailed, only the details.
    expect((await emailsTo(tess.email)).filter((e) => mentions(e, reference))).toEqual([details]);
    // The details go by email: no text to Tess carries them.
    for (const text of await textsTo(tess.phone ?? ''))
      for (const personal of ['Ottoline', 'Pumpernickel', '7QX', '900402'])
        expect(text.body).not.toContain(personal);
    // The requester heard by text only, and the details went to Tess once, by email.
    const messages = (await allMessages()).filter((m) => m.requestId === requestId);
    expect(messages.filter((m) => m.to.role === 'requester' && m.sentEmailAt)).toEqual([]);
    expect(messages.filter((m) => m.kind === 'volunteer-details')).toEqual([
      expect.objectContaining({
        to: { role: 'volunteer', volunteerId: tess.id },
        sentEmailAt: expect.any(String),
      }),
    ]);
    // Beside the email, a text with the reference links to her own details page, and holds none.
    expect(messages.find((m) => m.kind === 'volunteer-details')?.sentTextAt).toEqual(expect.any(String));
    const detailsTexts = (await textsTo(tess.phone ?? '')).filter(
      (t) => linkIn(t.body, 'details') !== undefined && t.body.includes(reference),
    );
    expect(detailsTexts).toHaveLength(1);
    const page = await fetch(linkIn(detailsTexts[0]?.body, 'details') ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('12 Pumpernickel Lane');
    // The other volunteer asked, who reads email, is told someone else said yes.
    expect(
      (await emailsTo(linus.email)).filter((e) => e.subject.startsWith('Someone else has said yes')),
    ).toHaveLength(1);
  }, 60_000);
});

describe('a YES text racing a link accept', () => {
  it('has exactly one winner and one details email, whichever way it goes', async () => {
    const tess = await volunteerNamed('Tess Texter');
    const linus = await volunteerNamed('Linus Linker');
    const winners: string[] = [];
    // Each side a little later in turn: the text path reads more before its accept, so both sides win some.
    for (const [textDelay, linkDelay] of [
      [0, 0],
      [0, 150],
      [150, 0],
    ] as const) {
      const invitesBefore = (await textsTo(tess.phone ?? '')).filter((t) =>
        /can you help/i.test(t.body),
      ).length;
      const toldTaken = async () =>
        (await textsTo(tess.phone ?? '')).filter((t) => /someone else (has )?said yes/.test(t.body)).length;
      const takenBefore = await toldTaken();
      const { reference, requestId } = await submit(validRequest({ postcode: 'GL55 2AB' }));
      await waitFor(
        async () =>
          (await textsTo(tess.phone ?? '')).filter((t) => /can you help/i.test(t.body)).length > invitesBefore
            ? true
            : undefined,
        'Tess’s invite text',
      );
      const link = await waitFor(
        async () =>
          (await emailsTo(linus.email))
            .filter((e) => mentions(e, reference))
            .map((e) => linkIn(e.body.text, 'respond'))
            .find(Boolean),
        'Linus’s invite email',
      );

      const later = (ms: number) => new Promise((wake) => setTimeout(wake, ms));
      const [, clicked] = await Promise.all([
        later(textDelay).then(() => textBack(e164(tess.phone ?? ''), 'YES')),
        later(linkDelay).then(() => respond(link, 'accept')),
      ]);

      const request = await sandbox.store.getRequest(requestId);
      expect(request?.status).toBe('assigned');
      const textWon = request?.assignedVolunteerId === tess.id;
      expect(request?.assignedVolunteerId).toBe(textWon ? tess.id : linus.id);
      expect((await sandbox.store.listAudit(requestId)).filter((e) => e.type === 'accepted')).toHaveLength(1);
      expect(clicked.status).toBe(200);
      if (textWon) expect(clicked.html).not.toContain('Thank you for saying yes');
      await outboxDrained();
      const details = (await allMessages()).filter(
        (m) => m.requestId === requestId && m.kind === 'volunteer-details',
      );
      expect(details).toEqual([
        expect.objectContaining({ to: { role: 'volunteer', volunteerId: textWon ? tess.id : linus.id } }),
      ]);
      const detailsEmails = [...(await emailsTo(tess.email)), ...(await emailsTo(linus.email))].filter(
        (e) => e.subject.startsWith('Thank you for saying yes') && mentions(e, reference),
      );
      expect(detailsEmails.map((e) => e.destination.to)).toEqual([[textWon ? tess.email : linus.email]]);
      // The loser is told, whichever message gets there first: the outbox's "taken", or the answer to the
      // YES (both go through the outbox, in either order).
      if (!textWon) expect(await toldTaken()).toBeGreaterThan(takenBefore);
      winners.push(textWon ? 'text' : 'link');
    }
    console.warn(`YES text vs link accept in the sandbox: ${winners.join(', ')}`);
  }, 120_000);
});

describe('STOP and unknown numbers', () => {
  it('STOP opts the volunteer out of texts: no answer, and the next invite comes by email', async () => {
    const stella = await volunteerNamed('Stella Stopper');
    const number = e164(stella.phone ?? '');

    await textBack(number, 'STOP');

    expect((await sandbox.store.getVolunteer(stella.id))?.smsOptedOutAt).toBeDefined();
    const { reference } = await submit(validRequest({ postcode: 'GL56 0AA' }));
    await waitFor(
      async () =>
        (await emailsTo(stella.email)).find((e) => /Can you help/.test(e.subject) && mentions(e, reference)),
      'the invite by email',
    );
    await outboxDrained();
    expect(await textsTo(number)).toEqual([]);
  }, 60_000);

  it('a text from a number not on the roster gets no answer, and the number is not logged', async () => {
    const stranger = '+447700900999';
    const logged: string[] = [];
    // What the handlers hand to the logger, whatever level the tests run it at; and what reaches the
    // output streams, in case anything writes there directly.
    const record = (...args: unknown[]) => {
      logged.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
    };
    const spies = [
      ...(['debug', 'info', 'warn', 'error', 'critical'] as const).map((level) =>
        vi.spyOn(logger, level).mockImplementation(record),
      ),
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (record(String(chunk)), true)),
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (record(String(chunk)), true)),
    ];
    try {
      await textBack(stranger, 'YES please');
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    // The handler did log that an unknown number wrote: the capture saw it, without the number.
    expect(logged.join('\n')).toMatch(/not on the roster/);
    for (const form of [stranger, '07700900999', '7700900999', '900999'])
      expect(logged.join('\n')).not.toContain(form);
    await outboxDrained();
    expect(await textsTo(stranger)).toEqual([]);
  });
});

describe('a volunteer who wants both emails and texts', () => {
  /*
   * Each try of an invite mints a new link; when the email went and the text only went on a retry, the
   * link already emailed must keep working beside the texted one.
   */
  it('keeps the emailed link working when the text goes only on a retry', async () => {
    const bea = await volunteerNamed('Bea Bothways');
    // The email goes; the text is throttled three times (the SDK's own tries), and goes on the sender's retry.
    refuseNextTexts = 3;
    const { reference, requestId } = await submit(
      without(validRequest({ postcode: 'GL20 1AA', contactBy: 'email' }), 'phone'),
    );
    const emailed = await waitFor(
      async () =>
        (await emailsTo(bea.email))
          .filter((e) => mentions(e, reference))
          .map((e) => linkIn(e.body.text, 'respond'))
          .find(Boolean),
      'the invite email',
    );
    const texted = await waitFor(
      async () => (await textsTo(bea.phone ?? '')).map((t) => linkIn(t.body, 'r')).find(Boolean),
      'the invite text',
    );
    expect(refuseNextTexts).toBe(0);

    // Both links are hers, for the same invite, but the retry made a new one.
    expect(emailed.split('/').at(-1)).not.toBe(texted.split('/').at(-1));
    // The emailed link still answers, and assigns her.
    expect((await respond(emailed, 'accept')).status).toBe(200);
    expect(await sandbox.store.getRequest(requestId)).toMatchObject({
      status: 'assigned',
      assignedVolunteerId: bea.id,
    });
    // The texted link is hers too: it shows she has already said yes.
    const again = await fetch(texted);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('You have already said yes');
  }, 60_000);
});

describe('SES and SMS each throttled 30%', () => {
  /** Who a message item goes to, as the outboxes show it: the channel and the address or number. */
  type Participants = { requestIds: Set<string>; references: Map<string, string> };

  async function addressesOf(message: StoredMessage, channel: 'email' | 'text', who: Participants) {
    switch (message.to.role) {
      case 'requester': {
        const requester = (await sandbox.store.getRequest(message.to.requestId))?.requester;
        return channel === 'email' ? requester?.email : e164(requester?.phone ?? '');
      }
      case 'volunteer': {
        const volunteer = await sandbox.store.getVolunteer(message.to.volunteerId);
        return channel === 'email' ? volunteer?.email : e164(volunteer?.phone ?? '');
      }
      case 'prescriber':
        return `${sandbox.settings.prescriberEmail} about ${who.references.get(message.requestId ?? '')}`;
    }
  }

  /** One request's story: who is asked, who says yes (by text or link), and what follows. */
  async function story(
    i: number,
    plan: 'accept-release-accept' | 'accept-release-cancel' | 'accept' | 'cancel',
    who: Participants,
  ): Promise<string[]> {
    const done: string[] = [];
    const phone = `07700 9006${String(i).padStart(2, '0')}`;
    const email = `fault.requester.${i}@example.net`;
    const form = validRequest({ phone, email, postcode: `GL${i + 1} 1AA` });
    const kind = (['text', 'email', 'both'] as const)[i % 3] ?? 'both';
    const { reference, requestId } = await submit(
      kind === 'text'
        ? without({ ...form, contactBy: 'text' }, 'email')
        : kind === 'email'
          ? without({ ...form, contactBy: 'email' }, 'phone')
          : { ...form, contactBy: 'both' },
    );
    who.requestIds.add(requestId);
    who.references.set(requestId, reference);

    /** Waits for a new invite to have gone out, and for it to be in that volunteer's outbox. */
    const nextInvited = async (asked: Set<string>): Promise<Volunteer> => {
      const invite = await waitFor(
        async () =>
          (await sandbox.store.listInvites(requestId)).find(
            // Sent, and not yet answered: a volunteer told earlier that someone else said yes is not asked again.
            (inv) => !asked.has(inv.volunteerId) && inv.status === 'sent',
          ),
        `an invite for ${reference}`,
        60_000,
      );
      asked.add(invite.volunteerId);
      const volunteer = await sandbox.store.getVolunteer(invite.volunteerId);
      if (!volunteer) throw new Error('the invited volunteer is gone');
      return volunteer;
    };
    const accept = async (volunteer: Volunteer) => {
      if (volunteer.contactBy === 'text' || volunteer.contactBy === 'both') {
        await waitFor(
          async () => (await textsTo(volunteer.phone ?? '')).find((t) => /can you help/i.test(t.body)),
          `the invite text for ${reference}`,
          60_000,
        );
        await textBack(e164(volunteer.phone ?? ''), 'YES');
      } else {
        const link = await waitFor(
          async () =>
            (await emailsTo(volunteer.email))
              .filter((e) => mentions(e, reference))
              .map((e) => linkIn(e.body.text, 'respond'))
              .find(Boolean),
          `the invite email for ${reference}`,
          60_000,
        );
        expect((await respond(link, 'accept')).status).toBe(200);
      }
      expect(await sandbox.store.getRequest(requestId)).toMatchObject({
        status: 'assigned',
        assignedVolunteerId: volunteer.id,
      });
      done.push('accept');
    };
    const sameOriginPost = (link: string) =>
      fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        body: '',
      });
    const release = async (volunteer: Volunteer) => {
      const link = await waitFor(
        async () =>
          (await emailsTo(volunteer.email))
            .filter((e) => e.subject.startsWith('Thank you for saying yes') && mentions(e, reference))
            .map((e) => linkIn(e.body.text, 'release'))
            .find(Boolean),
        `the details email for ${reference}`,
        60_000,
      );
      expect((await sameOriginPost(link)).status).toBe(200);
      done.push('release');
    };
    const cancel = async () => {
      // The requester's own link, from their confirmation: the text's short one, or the email's.
      const link =
        kind === 'text'
          ? await waitFor(
              async () => (await textsTo(phone)).map((t) => linkIn(t.body, 'c')).find(Boolean),
              `the confirmation text for ${reference}`,
              60_000,
            )
          : await waitFor(
              async () => (await emailsTo(email)).map((e) => linkIn(e.body.text, 'cancel')).find(Boolean),
              `the confirmation email for ${reference}`,
              60_000,
            );
      const response = await sameOriginPost(link.replace('/c/', '/cancel/'));
      expect(response.status).toBe(200);
      expect((await sandbox.store.getRequest(requestId))?.status).toBe('cancelled');
      done.push('cancel');
    };

    const asked = new Set<string>();
    const first = await nextInvited(asked);
    if (plan === 'cancel') {
      await cancel();
      return done;
    }
    await accept(first);
    if (plan === 'accept') return done;
    await release(first);
    // The next run asks whoever is left in the district.
    const second = await nextInvited(asked);
    if (plan === 'accept-release-accept') await accept(second);
    else await cancel();
    return done;
  }

  it('delivers every promised email and text exactly once during accepts, releases and cancels', async () => {
    Object.assign(faultRates, { ses: 0.3, sms: 0.3 });
    const before = { ...refused };
    const who: Participants = { requestIds: new Set(), references: new Map() };
    const plans = [
      ...([
        'accept-release-accept',
        'accept-release-accept',
        'accept-release-cancel',
        'accept-release-cancel',
      ] as const),
      ...(['accept', 'accept', 'accept', 'accept'] as const),
      ...(['cancel', 'cancel', 'cancel', 'cancel'] as const),
    ];
    const operations = (await Promise.all(plans.map((plan, i) => story(i, plan, who)))).flat();
    expect(operations.length).toBe(20);

    await outboxDrained();
    Object.assign(faultRates, { ses: 0, sms: 0 });
    const messages = (await allMessages()).filter((m) => who.requestIds.has(m.requestId ?? ''));
    // A throttle is never recorded as a failure: each message went, or no longer applied.
    expect(messages.filter((m) => m.failedReason || !m.doneAt)).toEqual([]);

    const promised = new Map<string, number>();
    for (const message of messages)
      for (const channel of ['email', 'text'] as const) {
        if (!(channel === 'email' ? message.sentEmailAt : message.sentTextAt)) continue;
        const key = `${channel} ${await addressesOf(message, channel, who)}`;
        promised.set(key, (promised.get(key) ?? 0) + 1);
      }
    const people = new Set([...promised.keys()]);
    const arrived = new Map<string, string[]>();
    const arrive = (key: string, content: string) => {
      if (people.has(key)) arrived.set(key, [...(arrived.get(key) ?? []), content]);
    };
    for (const text of await readTexts()) arrive(`text ${text.to}`, text.body);
    for (const email of await readOutbox(sandbox.outboxUrl))
      for (const to of email.destination.to) {
        const content = `${email.subject}\n${email.body.text ?? ''}`;
        const reference = [...who.references.values()].find((r) => content.includes(r));
        arrive(
          to === sandbox.settings.prescriberEmail ? `email ${to} about ${reference}` : `email ${to}`,
          content,
        );
      }
    // Fault volunteers and these requesters are reached only about these requests: every arrival was promised.
    for (const [name, phone, area] of ROSTER.filter(([, , area]) => /^GL\d$|^GL1[0-2]$/.test(area))) {
      expect(people.has(`text ${e164(phone)}`) || !(await textsTo(phone)).length, `${name} in ${area}`).toBe(
        true,
      );
      expect(people.has(`email ${emailOf(name)}`) || !(await emailsTo(emailOf(name))).length, name).toBe(
        true,
      );
    }

    const wrong: string[] = [];
    for (const [key, count] of promised) {
      const contents = arrived.get(key) ?? [];
      if (contents.length !== count) wrong.push(`${key}: ${count} promised, ${contents.length} arrived`);
      // Links differ on each try: the same words twice would be a message sent twice.
      const words = contents.map((c) => c.replace(/[A-Za-z0-9_-]{22,}/g, '<token>'));
      if (new Set(words).size !== words.length) wrong.push(`${key}: the same message twice`);
    }
    expect(wrong).toEqual([]);
    const total = [...promised.values()].reduce((a, b) => a + b, 0);
    expect(refused.ses - before.ses).toBeGreaterThan(0);
    expect(refused.sms - before.sms).toBeGreaterThan(0);
    console.warn(
      `SES refused ${refused.ses - before.ses} sends, SMS ${refused.sms - before.sms}; ` +
        `${operations.length} accepts, releases and cancels promised ${total} emails and texts, each arrived once`,
    );
  }, 240_000);
});
