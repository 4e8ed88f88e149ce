import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HelpRequest } from '../domain/model.js';
import type { ClaimFilter, TeamMember } from '../domain/model.js';
import type { TeamStore } from '../domain/ports.js';
import { CLAIMABLE_STATUSES } from '../domain/team.js';
import { queryByStatusKey } from './by-status.js';
import { isConditionFailure, statusIn } from './conditions.js';
import { keys } from './table.js';

/**
 * The team in the single table:
 * - REQ#id/REQUEST carries `claimedBy` (a prescriber's id) and `claimedAt` while someone handles it.
 * - PRESCRIBER#id/PRESCRIBER: a team member's name and email, keyed by their Cognito `sub` (an id, not
 *   personal data), listed through the byStatus index under TEAM_STATUS_KEY: the team is one Query.
 */
export const teamKeys = {
  member: (memberId: string) => ({ pk: `PRESCRIBER#${memberId}`, sk: 'PRESCRIBER' }),
};

export const TEAM_STATUS_KEY = 'PRESCRIBERS';

type Item = Record<string, unknown>;
const NOT_DATA = new Set(['pk', 'sk', 'statusKey', 'entity', 'createdAt']);
const REQUEST_KEYS = new Set(['pk', 'sk', 'statusKey', 'offerKey', 'ttl', 'entity']);

function memberOf(item: Item): TeamMember {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !NOT_DATA.has(k))) as unknown as TeamMember;
}

const CLAIMABLE = statusIn(CLAIMABLE_STATUSES, 'claimable');

/** A claim filter as a FilterExpression on a byStatus Query of requests. */
export function claimFilterExpression(filter: ClaimFilter): {
  expression: string;
  values: Record<string, string>;
} {
  return filter.kind === 'mine'
    ? { expression: 'claimedBy = :claimedBy', values: { ':claimedBy': filter.prescriberId } }
    : { expression: 'attribute_not_exists(claimedBy)', values: {} };
}

export function createTeamStore(db: DynamoDBDocumentClient, TableName: string): TeamStore {
  return {
    async claimRequest(requestId, prescriberId, at) {
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName,
            Key: keys.request(requestId),
            // Claiming again keeps the first time: the domain audits only a new claim.
            UpdateExpression: 'SET claimedBy = :me, claimedAt = if_not_exists(claimedAt, :at)',
            ConditionExpression: `attribute_exists(pk) AND ${CLAIMABLE.condition} AND (attribute_not_exists(claimedBy) OR claimedBy = :me)`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':me': prescriberId, ':at': at, ...CLAIMABLE.values },
            ReturnValues: 'ALL_NEW',
          }),
        );
        const request = Object.fromEntries(
          Object.entries(out.Attributes ?? {}).filter(([k]) => !REQUEST_KEYS.has(k)),
        ) as unknown as HelpRequest;
        return { kind: 'claimed', request };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      // Lost: say why from the request as it is now.
      const now = await db.send(
        new GetCommand({
          TableName,
          Key: keys.request(requestId),
          ProjectionExpression: '#status, claimedBy',
          ExpressionAttributeNames: { '#status': 'status' },
          ConsistentRead: true,
        }),
      );
      if (!now.Item) return { kind: 'not-found' };
      if (typeof now.Item.claimedBy === 'string' && now.Item.claimedBy !== prescriberId)
        return { kind: 'held', by: now.Item.claimedBy };
      return { kind: 'not-claimable' };
    },

    async releaseClaim(requestId, prescriberId) {
      try {
        await db.send(
          new UpdateCommand({
            TableName,
            Key: keys.request(requestId),
            UpdateExpression: 'REMOVE claimedBy, claimedAt',
            ConditionExpression: 'claimedBy = :me',
            ExpressionAttributeValues: { ':me': prescriberId },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async listTeam() {
      const items = await queryByStatusKey(db, TableName, TEAM_STATUS_KEY);
      return items.map(memberOf);
    },

    async getTeamMember(memberId) {
      // Consistent: every dashboard request asks this, and a prescriber disabled a moment ago must be
      // refused on their very next request, not after the index or a replica catches up.
      const out = await db.send(
        new GetCommand({ TableName, Key: teamKeys.member(memberId), ConsistentRead: true }),
      );
      return out.Item ? memberOf(out.Item) : undefined;
    },

    async putTeamMember(member) {
      await db.send(
        new PutCommand({
          TableName,
          Item: {
            ...member,
            ...teamKeys.member(member.id),
            entity: 'prescriber',
            statusKey: TEAM_STATUS_KEY,
            createdAt: member.addedAt,
          },
        }),
      );
    },

    async setTeamMemberEnabled(memberId, enabled) {
      try {
        const out = await db.send(
          new UpdateCommand({
            TableName,
            Key: teamKeys.member(memberId),
            UpdateExpression: 'SET enabled = :enabled',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':enabled': enabled },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return out.Attributes ? memberOf(out.Attributes) : undefined;
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },
  };
}
