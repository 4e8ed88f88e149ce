import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalWorkflow } from './local-workflow.js';

/**
 * Answers the Step Functions StartExecution call (AWS JSON 1.0) so the start-matching function
 * runs its real SFN client code in the sandbox; only the endpoint differs from AWS.
 */
export async function startLocalSfnEndpoint(
  workflow: LocalWorkflow,
  /** Test fault injection: answer 500 for this execution name instead of starting it. */
  failStart?: (name: string) => boolean,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(body));
      };
      if (target !== 'AWSStepFunctions.StartExecution') {
        reply(400, { __type: 'UnknownOperationException', message: `${target} is not available locally` });
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
        stateMachineArn: string;
        name: string;
        input?: string;
      };
      if (failStart?.(body.name)) {
        reply(500, { __type: 'ServiceUnavailable', message: 'Injected: Step Functions is unavailable' });
        return;
      }
      try {
        workflow.start(body.name, JSON.parse(body.input ?? '{}'));
        reply(200, { executionArn: `${body.stateMachineArn}:${body.name}`, startDate: Date.now() / 1000 });
      } catch (error) {
        reply(400, {
          __type: 'ExecutionAlreadyExists',
          message: error instanceof Error ? error.message : 'exists',
        });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}
