import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { ensureLocalTable } from '../../sandbox/local-table.js';
import { createDocumentClient, createDynamoStore } from '../../shared/store/dynamo.js';
import type { Store } from '../../shared/domain/ports.js';

/** A fresh table, declared as the stack declares it, in the run's DynamoDB Local. */
export async function freshTable(
  prefix: string,
): Promise<{ store: Store; tableName: string; endpoint: string }> {
  const endpoint = inject('dynamoDbEndpoint');
  const tableName = `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await ensureLocalTable(
    client,
    tableName,
    JSON.parse(inject('tableDeclaration')) as Record<string, unknown>,
  );
  return {
    store: createDynamoStore({ tableName, client: createDocumentClient({ endpoint }) }),
    tableName,
    endpoint,
  };
}
