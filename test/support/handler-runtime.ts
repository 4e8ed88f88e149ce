import type { APIGatewayProxyEventV2, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeEach } from 'vitest';
import { resetRuntimeConfigForTests, settingsToEnvironment } from '../../shared/config.js';
import { setRuntimeForTests } from '../../shared/runtime.js';
import { testPorts, testSettings, type TestPorts } from './memory-store.js';

/** Runs the real handlers against in-memory ports: what they store and send is inspectable. */
export function installMemoryRuntime(): TestPorts {
  const ports = testPorts();
  const settings = testSettings();
  setRuntimeForTests({
    config: { ...settings, tableName: 'memory', region: 'eu-west-2' },
    settings,
    ports,
    texter: ports.texter,
  });
  return ports;
}

/**
 * Runs the real handlers as deployed, on the runtime they build from the environment (their AWS
 * clients mocked by the file): the test settings and `environment` are set before each test, and the
 * environment is put back after the file.
 */
export function useEnvironmentRuntime(environment: Record<string, string>): void {
  const saved = { ...process.env };
  beforeEach(() => {
    Object.assign(process.env, settingsToEnvironment(testSettings()), environment);
    resetRuntimeConfigForTests();
    setRuntimeForTests(undefined);
  });
  afterAll(() => {
    process.env = saved;
    resetRuntimeConfigForTests();
    setRuntimeForTests(undefined);
  });
}

let sequence = 0;

/** A table stream record as Lambda delivers it (the stream is KEYS_ONLY), with its own sequence number. */
export function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  pk: string,
  sk: string,
): DynamoDBRecord {
  sequence++;
  return {
    eventID: `e-${sequence}`,
    eventName,
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-2',
    dynamodb: {
      Keys: { pk: { S: pk }, sk: { S: sk } },
      SequenceNumber: String(sequence),
      StreamViewType: 'KEYS_ONLY',
    },
  };
}

export const streamEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

export { lambdaContext } from '../../sandbox/lambda-runtime.js';

export function httpEvent(
  method: 'GET' | 'POST' | 'HEAD',
  path: string,
  options: {
    body?: string;
    headers?: Record<string, string>;
    pathParameters?: Record<string, string>;
    base64?: boolean;
  } = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'help.example.org', ...options.headers },
    pathParameters: options.pathParameters,
    body: options.body,
    isBase64Encoded: options.base64 ?? false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'test',
      domainName: 'help.example.org',
      domainPrefix: 'help',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
      requestId: 'r',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
  };
}
