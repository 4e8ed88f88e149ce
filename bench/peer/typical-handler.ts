/**
 * The peer: a submit handler written the obvious way (middy, classic zod, the DynamoDB document
 * client and the SES client, all created at import). It is never deployed; the benchmark bundles
 * it with the same options as our functions to show what they are measured against.
 */
import middy from '@middy/core';
import { z } from 'zod';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const ses = new SESClient({});

const RequestSchema = z
  .object({
    name: z.string().min(1).max(100),
    phone: z
      .string()
      .regex(/^[0-9 +]{10,15}$/)
      .optional(),
    email: z.string().email().optional(),
    addressLine1: z.string().min(1),
    postcode: z.string().regex(/^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i),
    helpType: z.enum([
      'prescription',
      'shopping',
      'friendly-chat',
      'dog-walking',
      'lift',
      'practical-help',
      'other',
    ]),
    details: z.string().max(500).optional(),
    neededBy: z.string().date(),
    consent: z.literal('yes'),
  })
  .strict()
  .refine((r) => r.phone || r.email, { message: 'Give a phone number or an email address' });

export const handler = middy(
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const parsed = RequestSchema.safeParse(JSON.parse(event.body ?? '{}'));
    if (!parsed.success) return { statusCode: 400, body: JSON.stringify(parsed.error.issues) };
    const id = crypto.randomUUID();
    await ddb.send(
      new PutCommand({ TableName: process.env.TABLE_NAME, Item: { pk: `REQ#${id}`, ...parsed.data } }),
    );
    if (parsed.data.email) {
      await ses.send(
        new SendEmailCommand({
          Source: process.env.SENDER ?? 'help@example.org',
          Destination: { ToAddresses: [parsed.data.email] },
          Message: { Subject: { Data: 'We have your request' }, Body: { Text: { Data: `Reference ${id}` } } },
        }),
      );
    }
    return { statusCode: 201, body: JSON.stringify({ id }) };
  },
);
