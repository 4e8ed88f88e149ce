import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SNSEvent } from 'aws-lambda';
import { countSegments, type SmsEncoding } from '../shared/sms/segments.js';

/**
 * End User Messaging SMS has no local emulator, so this is one: the real
 * @aws-sdk/client-pinpoint-sms-voice-v2 client, pointed at it, sends here (AWS JSON 1.0: POST / with
 * X-Amz-Target: PinpointSMSVoiceV2.SendTextMessage). Texts are kept in memory and shown at / (HTML) and
 * /store (JSON); POST /inbound simulates a reply, delivered as the SNS event End User Messaging's
 * two-way messaging publishes, to the same handler AWS invokes.
 */

export interface StoredText {
  messageId: string;
  to: string;
  body: string;
  /** ISO instant the endpoint took it. */
  sentAt: string;
  originationIdentity?: string;
  messageType?: string;
  encoding: SmsEncoding;
  segments: number;
}

export interface SmsOutboxOptions {
  /** 0 picks a free port. */
  port: number;
  /** Decides, per send, whether to refuse it with ThrottlingException (SANDBOX_FAULTS=sms=0.3). */
  failSend?: () => boolean;
  /** The inbound handler, given the SNS event AWS would deliver for a reply. */
  deliverInbound?: (event: SNSEvent) => Promise<unknown>;
  /** Our own number, the destination of every simulated reply. */
  ownNumber?: string;
}

export interface SmsOutbox {
  url: string;
  server: Server;
  texts: () => StoredText[];
  stop: () => Promise<void>;
}

const SEND_TARGET = 'PinpointSMSVoiceV2.SendTextMessage';
const E164 = /^\+[1-9]\d{6,14}$/;
const MAX_BODY_BYTES = 64 * 1024;
/** A drama-range number (Ofcom): never a real phone. */
export const SANDBOX_OWN_NUMBER = '+447700900000';

/** AWS JSON 1.0's error shape: the SDK reads the type and throws the modelled exception. */
function awsError(res: ServerResponse, status: number, type: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': type });
  res.end(JSON.stringify({ __type: type, message }));
}

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** Links in a text become clickable on the page, so a tester can open the invite from the outbox. */
function withLinks(body: string): string {
  return escapeHtml(body).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
}

function outboxPage(texts: readonly StoredText[]): string {
  const numbers = [...new Set(texts.map((t) => t.to))];
  const rows = [...texts]
    .reverse()
    .map(
      (t) => `<tr><td>${escapeHtml(t.sentAt)}</td><td>${escapeHtml(t.to)}</td>
        <td lang="und" dir="auto">${withLinks(t.body)}</td><td>${t.segments} × ${t.encoding}</td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sandbox text messages</title>
<meta http-equiv="refresh" content="10">
<style>body{font-family:Arial,sans-serif;margin:16px}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ccc;padding:6px;text-align:left;vertical-align:top}td:nth-child(3){max-width:40em}</style>
</head><body>
<h1>Text messages sent (${texts.length})</h1>
<p>What End User Messaging would have sent. JSON: <a href="/store">/store</a>. This page refreshes every 10 seconds.</p>
<h2>Reply as a volunteer</h2>
<form method="post" action="/inbound">
<label>From <input name="from" list="numbers" required placeholder="+447700900101"></label>
<datalist id="numbers">${numbers.map((n) => `<option value="${escapeHtml(n)}">`).join('')}</datalist>
<label>Message <input name="body" required placeholder="YES"></label>
<button type="submit">Send reply</button>
</form>
<h2>Sent</h2>
<table><thead><tr><th>Sent</th><th>To</th><th>Message</th><th>Segments</th></tr></thead>
<tbody>${rows || '<tr><td colspan="4">No texts yet.</td></tr>'}</tbody></table>
</body></html>`;
}

/** The SNS notification End User Messaging publishes for an inbound text. */
export function inboundSnsEvent(from: string, body: string, ownNumber: string): SNSEvent {
  const message = {
    originationNumber: from,
    destinationNumber: ownNumber,
    messageKeyword: body.trim().split(/\s+/)[0]?.toUpperCase() ?? '',
    messageBody: body,
    inboundMessageId: randomUUID(),
    previousPublishedMessageId: '',
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:eu-west-2:000000000000:sms-inbound:sandbox',
        Sns: {
          Type: 'Notification',
          MessageId: randomUUID(),
          TopicArn: 'arn:aws:sns:eu-west-2:000000000000:sms-inbound',
          Subject: '',
          Message: JSON.stringify(message),
          Timestamp: new Date().toISOString(),
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: {},
        },
      },
    ],
  };
}

/** A reply as JSON ({"from": "+447…", "body": "YES"}) or, from the page's form, urlencoded. */
function readReply(raw: string, contentType: string | undefined): { from?: unknown; body?: unknown } {
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(raw);
    return { from: form.get('from') ?? undefined, body: form.get('body') ?? undefined };
  }
  try {
    return JSON.parse(raw) as { from?: unknown; body?: unknown };
  } catch {
    return {};
  }
}

export async function startSmsOutbox(options: SmsOutboxOptions): Promise<SmsOutbox> {
  const texts: StoredText[] = [];
  const ownNumber = options.ownNumber ?? SANDBOX_OWN_NUMBER;

  async function send(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target !== SEND_TARGET)
      return awsError(res, 400, 'UnknownOperationException', `The sandbox only sends texts, not ${target}`);
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(await readBody(req)) as Record<string, unknown>;
    } catch {
      return awsError(res, 400, 'SerializationException', 'The body is not JSON');
    }
    const to = input.DestinationPhoneNumber;
    const body = input.MessageBody;
    if (typeof to !== 'string' || !E164.test(to))
      return awsError(res, 400, 'ValidationException', 'DestinationPhoneNumber must be E.164');
    if (typeof body !== 'string' || body === '')
      return awsError(res, 400, 'ValidationException', 'MessageBody is required');
    if (options.failSend?.())
      return awsError(
        res,
        400,
        'ThrottlingException',
        'Injected: the request was denied due to request throttling',
      );
    const { encoding, segments } = countSegments(body);
    const stored: StoredText = {
      messageId: randomUUID(),
      to,
      body,
      sentAt: new Date().toISOString(),
      encoding,
      segments,
      ...(typeof input.OriginationIdentity === 'string'
        ? { originationIdentity: input.OriginationIdentity }
        : {}),
      ...(typeof input.MessageType === 'string' ? { messageType: input.MessageType } : {}),
    };
    texts.push(stored);
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(JSON.stringify({ MessageId: stored.messageId }));
  }

  async function inbound(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const contentType = req.headers['content-type'];
    const reply = readReply(await readBody(req), contentType);
    if (typeof reply.from !== 'string' || !E164.test(reply.from.trim()))
      return json(res, 400, { error: 'from must be a phone number in E.164, like +447700900101' });
    if (typeof reply.body !== 'string' || reply.body.trim() === '')
      return json(res, 400, { error: 'body must be the text of the reply, like YES' });
    if (!options.deliverInbound) return json(res, 503, { error: 'no inbound handler is connected' });
    await options.deliverInbound(inboundSnsEvent(reply.from.trim(), reply.body, ownNumber));
    if (contentType?.startsWith('application/x-www-form-urlencoded')) {
      res.writeHead(303, { location: '/' });
      res.end();
      return;
    }
    json(res, 200, { delivered: true });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/') return send(req, res);
    if (req.method === 'POST' && path === '/inbound') return inbound(req, res);
    if (req.method === 'POST' && path === '/clear-store') {
      texts.splice(0);
      return json(res, 200, { cleared: true });
    }
    if (req.method === 'GET' && path === '/store') return json(res, 200, texts);
    if (req.method === 'GET' && path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(outboxPage(texts));
      return;
    }
    json(res, 404, { error: 'not found' });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.end();
      // The name only: a failing handler's message may hold the reply's words.
      json(res, 500, { error: error instanceof Error ? error.name : 'unknown' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    texts: () => texts.map((t) => ({ ...t })),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
