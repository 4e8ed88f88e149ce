import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { ensureLocalTable } from '../../sandbox/local-table.js';
import { createDocumentClient, createDynamoStore } from '../../shared/store/dynamo.js';
import type { ReportStore, Store } from '../../shared/domain/ports.js';
import { createReportStore } from '../../shared/store/reports-dynamo.js';

/** A fresh table, declared as the stack declares it, in the run's DynamoDB Local. */
export async function freshTable(
  prefix: string,
): Promise<{ store: Store & ReportStore; tableName: string; endpoint: string }> {
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
    // The reports' record is a store of its own in the functions; tests read both through one object.
    store: (() => {
      const documents = createDocumentClient({ endpoint });
      return {
        ...createDynamoStore({ tableName, client: documents }),
        ...createReportStore(documents, tableName),
      };
    })(),
    tableName,
    endpoint,
  };
}
