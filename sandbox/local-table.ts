import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';

type Declaration = Record<string, unknown>;

/**
 * Creates, in DynamoDB Local, the table the stack declares: same keys, indexes, stream view and TTL.
 * Encryption, PITR and deletion protection are AWS-side settings with no local meaning.
 */
export async function ensureLocalTable(
  client: DynamoDBClient,
  tableName: string,
  declaration: Declaration,
): Promise<'created' | 'exists'> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'exists';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const stream = declaration.StreamSpecification as { StreamViewType: string } | undefined;
  const input: CreateTableCommandInput = {
    TableName: tableName,
    AttributeDefinitions: declaration.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
    KeySchema: declaration.KeySchema as CreateTableCommandInput['KeySchema'],
    BillingMode: 'PAY_PER_REQUEST',
    GlobalSecondaryIndexes:
      declaration.GlobalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'],
    StreamSpecification: stream
      ? { StreamEnabled: true, StreamViewType: stream.StreamViewType as 'KEYS_ONLY' }
      : undefined,
  };
  await client.send(new CreateTableCommand(input));
  await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
  const ttl = declaration.TimeToLiveSpecification as { AttributeName?: string } | undefined;
  if (ttl?.AttributeName) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: ttl.AttributeName, Enabled: true },
      }),
    );
  }
  return 'created';
}
