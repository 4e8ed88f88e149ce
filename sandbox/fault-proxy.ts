import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InjectedFault {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A request as the proxy read it, whole. */
export interface ProxiedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** An answer to give back: the service's own, or one made up instead of it. */
export interface ProxiedAnswer {
  status: number;
  headers: IncomingHttpHeaders | Record<string, string>;
  body: Buffer | string;
}

/**
 * A loopback proxy in front of a local service: each request is read whole and given to `handle`,
 * which answers it itself or passes it on with `forward` (and may look at what the service said).
 */
export async function startLoopbackProxy(
  target: string,
  handle: (request: ProxiedRequest, forward: () => Promise<ProxiedAnswer>) => Promise<ProxiedAnswer>,
): Promise<{ url: string; server: Server }> {
  const targetUrl = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ProxiedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const forward = () =>
        new Promise<ProxiedAnswer>((resolve, reject) => {
          const upstream = httpRequest(
            {
              hostname: targetUrl.hostname,
              port: targetUrl.port,
              path: request.url,
              method: request.method,
              headers: { ...request.headers, host: targetUrl.host },
            },
            (answer) => {
              const answerChunks: Buffer[] = [];
              answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
              answer.on('end', () =>
                resolve({
                  status: answer.statusCode ?? 502,
                  headers: answer.headers,
                  body: Buffer.concat(answerChunks),
                }),
              );
              answer.on('error', reject);
            },
          );
          upstream.on('error', reject);
          upstream.end(request.body);
        });
      handle(request, forward).then(
        (answer) => {
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
        },
        () => {
          res.writeHead(502);
          res.end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

/**
 * A loopback proxy that answers some requests with an injected error instead of forwarding them: how
 * the tests make SES throttle or DynamoDB refuse a write.
 */
export async function startFaultProxy(
  target: string,
  decide: (headers: IncomingHttpHeaders, body: Buffer) => InjectedFault | undefined,
): Promise<{ url: string; server: Server }> {
  return startLoopbackProxy(target, async (request, forward) => {
    const fault = decide(request.headers, request.body);
    return fault ?? forward();
  });
}

/** DynamoDB's own throttling answer, which the SDK retries with back-off. */
export const DYNAMODB_THROTTLED: InjectedFault = {
  status: 400,
  headers: { 'content-type': 'application/x-amz-json-1.0' },
  body: JSON.stringify({
    __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message: 'Injected: the level of configured provisioned throughput for the table was exceeded',
  }),
};

/** SES's throttling answer (query protocol, XML). */
export const SES_THROTTLED: InjectedFault = {
  status: 400,
  headers: { 'content-type': 'text/xml' },
  body:
    '<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type>' +
    '<Code>Throttling</Code><Message>Injected: maximum sending rate exceeded.</Message></Error>' +
    '<RequestId>injected</RequestId></ErrorResponse>',
};

/** The share of sends each local endpoint refuses, from SANDBOX_FAULTS=ses=0.3,sms=0.3. */
export interface FaultShares {
  ses: number;
  sms: number;
}

/**
 * One setting for every local message endpoint, so anyone can watch throttled sends retried and nothing
 * lost. Unknown names and shares outside 0–1 are refused, so a typo does not quietly test nothing.
 */
export function parseFaultShares(raw: string | undefined): FaultShares {
  const shares: FaultShares = { ses: 0, sms: 0 };
  for (const part of (raw ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, value] = part.split('=').map((p) => p.trim());
    const share = Number(value);
    if (
      (name !== 'ses' && name !== 'sms') ||
      value === undefined ||
      value === '' ||
      !(share >= 0 && share <= 1)
    )
      throw new Error(
        `SANDBOX_FAULTS: "${part}" should be ses=<0 to 1> or sms=<0 to 1>, like ses=0.3,sms=0.3`,
      );
    shares[name] = share;
  }
  return shares;
}

/** A decider that refuses about this share of calls (none when the share is 0). */
export function refuseShare(share: number, random: () => number = Math.random): (() => boolean) | undefined {
  return share > 0 ? () => random() < share : undefined;
}
