import {
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEvent, HelpRequest, HelpSeries } from '../domain/model.js';
import type { SeriesStore } from '../domain/ports.js';
import { queryByStatusKey } from './by-status.js';
import { cancelledConditions, isConditionFailure } from './conditions.js';
import { messagePuts, updateWithMessages } from './messages-dynamo.js';
import { TABLE_KEYS } from './table.js';

/**
 * Recurring help in the single table: SERIES#id/SERIES holds ids, counts and enumerations
 * only. While active it carries statusKey SERIES#active, which lists it in the byStatus index (sorted by
 * createdAt) for the daily catch-up; ending it moves it to SERIES#ended and starts its TTL.
 */
export const seriesKeys = {
  series: (seriesId: string) => ({ pk: `SERIES#${seriesId}`, sk: 'SERIES' }),
};

export const SERIES_STATUS_KEY = { active: 'SERIES#active', ended: 'SERIES#ended' } as const;

type Item = Record<string, unknown>;
const NOT_DATA = new Set(['pk', 'sk', 'statusKey', 'ttl', 'entity']);

function seriesOf(item: Item): HelpSeries {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !NOT_DATA.has(k))) as unknown as HelpSeries;
}

export function seriesItem(series: HelpSeries): Item {
  return {
    ...series,
    ...seriesKeys.series(series.id),
    entity: 'series',
    statusKey: SERIES_STATUS_KEY[series.status],
    ...(series.expiresAt !== undefined ? { ttl: series.expiresAt } : {}),
  };
}

export interface SeriesStoreHelpers {
  requestItem(request: HelpRequest): Item;
  auditItem(event: AuditEvent): Item;
  referenceItem(request: HelpRequest): Item;
}

export function createSeriesStore(
  db: DynamoDBDocumentClient,
  TableName: string,
  helpers: SeriesStoreHelpers,
): SeriesStore {
  async function conditional(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>) {
    try {
      const out = await db.send(new UpdateCommand({ TableName, ReturnValues: 'ALL_NEW', ...input }));
      return out.Attributes as Item | undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  return {
    async getSeries(seriesId) {
      const out = await db.send(
        new GetCommand({ TableName, Key: seriesKeys.series(seriesId), ConsistentRead: true }),
      );
      return out.Item ? seriesOf(out.Item) : undefined;
    },

    async listActiveSeries() {
      const items = await queryByStatusKey(db, TableName, SERIES_STATUS_KEY.active);
      return items.map(seriesOf);
    },

    async createNextOccurrence(seriesId, previousId, request, audit, messages = []) {
      // The new request's occurrence number says how many came before it.
      const previousCount = Math.max(1, (request.occurrence ?? 2) - 1);
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName,
                  Key: seriesKeys.series(seriesId),
                  UpdateExpression: 'SET requestIds = list_append(requestIds, :next)',
                  // The latest occurrence is the last id: only the close of that one moves the series on.
                  ConditionExpression: `#status = :active AND size(requestIds) = :count AND requestIds[${previousCount - 1}] = :previous`,
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: {
                    ':next': [request.id],
                    ':active': 'active',
                    ':count': previousCount,
                    ':previous': previousId,
                  },
                },
              },
              {
                Put: {
                  TableName,
                  Item: helpers.referenceItem(request),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Put: {
                  TableName,
                  Item: helpers.requestItem(request),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              { Put: { TableName, Item: helpers.auditItem(audit) } },
              ...messagePuts(TableName, messages),
            ],
          }),
        );
        return 'created';
      } catch (error) {
        const failed = cancelledConditions(error);
        if (failed?.[0]) return 'stale';
        if (failed?.[1]) return 'reference-taken';
        throw error;
      }
    },

    async commitVolunteer(seriesId, volunteerId, at) {
      const out = await conditional({
        Key: seriesKeys.series(seriesId),
        UpdateExpression: 'SET committedVolunteerId = :vid, committedAt = :at',
        ConditionExpression: '#status = :active AND attribute_not_exists(committedVolunteerId)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':vid': volunteerId, ':at': at, ':active': 'active' },
      });
      return out !== undefined;
    },

    async stopCommitment(seriesId, volunteerId) {
      const out = await conditional({
        Key: seriesKeys.series(seriesId),
        UpdateExpression: 'REMOVE committedVolunteerId, committedAt',
        ConditionExpression: 'committedVolunteerId = :vid',
        ExpressionAttributeValues: { ':vid': volunteerId },
      });
      return out !== undefined;
    },

    async endSeries(seriesId, changes, messages = []) {
      const update = {
        Key: seriesKeys.series(seriesId),
        UpdateExpression:
          'SET #status = :ended, statusKey = :statusKey, endedAt = :at, endedBy = :by, endReason = :reason, expiresAt = :expires, #ttl = :expires',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status', '#ttl': TABLE_KEYS.ttlAttribute },
        ExpressionAttributeValues: {
          ':ended': 'ended',
          ':active': 'active',
          ':statusKey': SERIES_STATUS_KEY.ended,
          ':at': changes.endedAt,
          ':by': changes.endedBy,
          ':reason': changes.endReason,
          ':expires': changes.expiresAt,
        },
      };
      if (messages.length > 0) {
        // A transaction returns no attributes: the series is read back once it has ended.
        if (!(await updateWithMessages(db, TableName, update, messages))) return undefined;
        const ended = await db.send(
          new GetCommand({ TableName, Key: seriesKeys.series(seriesId), ConsistentRead: true }),
        );
        return ended.Item ? seriesOf(ended.Item) : undefined;
      }
      const out = await conditional(update);
      return out ? seriesOf(out) : undefined;
    },
  };
}
