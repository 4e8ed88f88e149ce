import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../sandbox/services.js';
import { synthesizeTemplate, tableDeclaration } from '../../sandbox/synthesized.js';
import { freePort } from './ports.js';

let dynamo: DynamoDbLocal | undefined;

/**
 * One DynamoDB Local (in memory) for the integration suites, and the table declaration from the
 * synthesized stack, so tests create exactly the table that deploys. Each suite makes its own table.
 */
export async function setup(project: TestProject): Promise<void> {
  dynamo = await startDynamoDbLocal({ port: await freePort() });
  project.provide('dynamoDbEndpoint', dynamo.endpoint);
  project.provide('tableDeclaration', JSON.stringify(tableDeclaration(synthesizeTemplate())));
}

export async function teardown(): Promise<void> {
  await dynamo?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
    tableDeclaration: string;
  }
}
