import type { APIGatewayProxyEventV2 } from 'aws-lambda';
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
