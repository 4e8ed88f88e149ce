import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ANSWERABLE_INVITE_STATUSES, type Invite, type Volunteer } from '../domain/model.js';
import type { TextReplyStore } from '../domain/ports.js';
import {
  emailLookupHash,
  findLookupHash,
  normaliseName,
  phoneLookupHash,
  type FindKind,
} from '../util/keyed-hash.js';
import { lookupSecretSource } from '../util/lookup-secret.js';
import { toE164 } from '../util/phone.js';
import { keys, TABLE_KEYS, volunteerInvitesKey } from './table.js';

/** The secret itself, or how to get it (read once per container in AWS). */
export type LookupSecret = string | (() => Promise<string>);

export interface LookupKey {
  pk: string;
  sk: string;
  entity: 'volunteer-email' | 'volunteer-phone';
}

export interface LookupKeys {
  email(email: string): Promise<{ pk: string; sk: string }>;
  /** Undefined for a number that is not a UK number: no reply can come from it. */
  phone(phone: string): Promise<{ pk: string; sk: string } | undefined>;
  /** Every lookup item a volunteer's profile has: by email, and by phone when they have one. */
  of(volunteer: Pick<Volunteer, 'email' | 'phone'>): Promise<LookupKey[]>;
  /**
   * The search hash of a typed name, email or phone, in its canonical form; undefined when there is
   * nothing to find by (a blank name, a number that is not a UK number).
   */
  find(kind: FindKind, value: string): Promise<string | undefined>;
  /** Every search hash of a person: name, email and phone, those they have. */
  findHashesOf(person: { name: string; email?: string; phone?: string }): Promise<string[]>;
}

/** A typed value in the form its search hash is made of. */
export function canonicalFind(kind: FindKind, value: string): string | undefined {
  if (kind === 'phone') return toE164(value);
  const canonical = kind === 'email' ? value.trim().toLowerCase() : normaliseName(value);
  return canonical === '' ? undefined : canonical;
}

/** Without a secret given, the environment's LOOKUP_HASH_SECRET, read when first needed. */
export function createLookupKeys(secret: LookupSecret | undefined): LookupKeys {
  const fromEnvironment = () =>
    lookupSecretSource({
      lookupHashSecret: process.env.LOOKUP_HASH_SECRET,
      lookupHashSecretId: process.env.LOOKUP_HASH_SECRET_ID,
    })();
  const read = typeof secret === 'string' ? () => Promise.resolve(secret) : (secret ?? fromEnvironment);
  const email = async (address: string) => keys.volunteerEmail(emailLookupHash(address, await read()));
  const phone = async (number: string) => {
    const e164 = toE164(number);
    return e164 ? keys.volunteerPhone(phoneLookupHash(e164, await read())) : undefined;
  };
  const find = async (kind: FindKind, value: string) => {
    const canonical = canonicalFind(kind, value);
    return canonical === undefined ? undefined : findLookupHash(kind, canonical, await read());
  };
  return {
    email,
    phone,
    find,
    async findHashesOf(person) {
      const found = await Promise.all([
        find('name', person.name),
        person.email ? find('email', person.email) : undefined,
        person.phone ? find('phone', person.phone) : undefined,
      ]);
      return [...new Set(found.filter((hash): hash is string => hash !== undefined))];
    },
    async of(volunteer) {
      const byPhone = volunteer.phone ? await phone(volunteer.phone) : undefined;
      return [
        { ...(await email(volunteer.email)), entity: 'volunteer-email' },
        ...(byPhone ? [{ ...byPhone, entity: 'volunteer-phone' } as const] : []),
      ];
    },
  };
}

const KEY_ATTRIBUTES = new Set(['pk', 'sk', 'statusKey', 'offerKey', 'ttl', 'entity']);

function withoutKeys<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k))) as T;
}

/**
 * Text replies: the volunteer a number belongs to (a keyed-hash lookup item, one GetItem), and the
 * invites still waiting for their answer (one Query on the byStatus index, newest first).
 */
export function createTextReplyStore(
  db: DynamoDBDocumentClient,
  TableName: string,
  deps: { lookupKeys: LookupKeys; getVolunteer: (id: string) => Promise<Volunteer | undefined> },
): TextReplyStore {
  return {
    async findVolunteerByPhone(phone) {
      const key = await deps.lookupKeys.phone(phone);
      if (!key) return undefined;
      const out = await db.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
      if (!out.Item) return undefined;
      const volunteer = await deps.getVolunteer(String(out.Item.volunteerId));
      // A lookup left behind by a change that failed half-way must not lead to someone else.
      return volunteer?.phone && toE164(volunteer.phone) === toE164(phone) ? volunteer : undefined;
    },

    async listOpenInvites(volunteerId, nowEpochSeconds) {
      const open: Invite[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new QueryCommand({
            TableName,
            IndexName: TABLE_KEYS.byStatusIndex,
            KeyConditionExpression: 'statusKey = :key',
            ExpressionAttributeValues: { ':key': volunteerInvitesKey(volunteerId) },
            ScanIndexForward: false,
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) {
          const invite = withoutKeys<Invite>(item);
          if (!isWaiting(invite, nowEpochSeconds)) continue;
          // The index is eventually consistent: the invite itself says whether it is still unanswered.
          const current = await db.send(
            new GetCommand({
              TableName,
              Key: keys.invite(invite.requestId, invite.volunteerId),
              ConsistentRead: true,
            }),
          );
          const fresh = current.Item ? withoutKeys<Invite>(current.Item) : undefined;
          if (fresh && isWaiting(fresh, nowEpochSeconds)) open.push(fresh);
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return open;
    },
  };
}

function isWaiting(invite: Invite, nowEpochSeconds: number): boolean {
  return ANSWERABLE_INVITE_STATUSES.includes(invite.status) && invite.expiresAt > nowEpochSeconds;
}
