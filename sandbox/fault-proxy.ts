import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InjectedFault {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A loopback proxy in front of a local service that answers some requests with an injected error
 * instead of forwarding them: how the tests make SES throttle or DynamoDB refuse a write.
 */
export async function startFaultProxy(
  target: string,
  decide: (headers: IncomingHttpHeaders, body: Buffer) => InjectedFault | undefined,
): Promise<{ url: string; server: Server }> {
  const targetUrl = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fault = decide(req.headers, body);
      if (fault) {
        res.writeHead(fault.status, fault.headers);
        res.end(fault.body);
        return;
      }
      const upstream = httpRequest(
        {
          hostname: targetUrl.hostname,
          port: targetUrl.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: targetUrl.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
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
