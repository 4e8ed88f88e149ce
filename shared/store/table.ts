import { areaDistrict } from '../vocabulary/postcode.js';

/**
 * The single table's keys, in one place for the store, the CDK construct and the tests.
 * Items: REQ#id/REQUEST, REQ#id/INVITE#volunteerId, REQ#id/AUDIT#at#seq, REF#reference/REF,
 * IDEM#key/IDEM, TOKEN#hash/TOKEN, VOL#id/PROFILE, VOL#id/OFFER#area#helpType (area: district or sector),
 * VOLEMAIL#keyedHash(email)/VOLEMAIL, VOLPHONE#keyedHash(E.164 phone)/VOLPHONE,
 * MSG#id/MESSAGE (the outbox: its INSERTs feed the sender through the stream),
 * FIND#keyedHash(kind:value)/REQ#id or VOL#id (the dashboard's search by name, email or phone),
 * VOL#id/WATCH#DBS and VOL#id/WATCH#UNANSWERED (what the daily digest lists, in the byStatus index),
 * APP#id/APPLICANT, ACTION#hash/PROFILELINK (a volunteer's personal link), VOL#id/LINK#purpose (their
 * current link of each purpose), VOL#id/CONTACTCHANGE#field (a new address waiting for confirmation),
 * VOL#id/AUDIT#at#seq (their own changes, kept after they leave), REPORT#day/DAY (the facts reports count, by
 * the day a request was made).
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'ttl',
  /** Dashboard: requests by status (newest first), and the volunteer roster under one key. */
  byStatusIndex: 'byStatus',
  byStatusPartitionKey: 'statusKey',
  byStatusSortKey: 'createdAt',
  /**
   * Matching: who offers help type T in district D, whatever grain they chose (the district or one of
   * its sectors). One Query per wave: a filter on the offer's sort key keeps the request's own sector
   * and the district-wide offers, so a volunteer for SP8 4 is not asked for SP8 5.
   */
  byOfferIndex: 'byOffer',
  byOfferPartitionKey: 'offerKey',
  byOfferSortKey: 'volunteerId',
  /**
   * What fair rotation reads, copied onto every offer item and projected into byOffer, so one Query
   * answers a wave without reading the profiles (no names, emails or phones: those stay on the profile).
   */
  byOfferProjected: [
    'dbsChecked',
    'dbsCheckedOn',
    'pausedUntil',
    'recentInvites',
    'availability',
    'weeklyLimit',
    'recentAccepts',
  ],
} as const;

export const REQUEST_SK = 'REQUEST';
/** The outbox's items: the sender's stream trigger filters on this sort key. */
export const MESSAGE_SK = 'MESSAGE';

export const keys = {
  request: (id: string) => ({ pk: `REQ#${id}`, sk: REQUEST_SK }),
  invite: (requestId: string, volunteerId: string) => ({
    pk: `REQ#${requestId}`,
    sk: `INVITE#${volunteerId}`,
  }),
  audit: (requestId: string, at: string, seq: string) => ({
    pk: `REQ#${requestId}`,
    sk: `AUDIT#${at}#${seq}`,
  }),
  reference: (reference: string) => ({ pk: `REF#${reference}`, sk: 'REF' }),
  idempotency: (key: string) => ({ pk: `IDEM#${key}`, sk: 'IDEM' }),
  token: (hash: string) => ({ pk: `TOKEN#${hash}`, sk: 'TOKEN' }),
  /** Self-service links (cancel, done): looked up by the SHA-256 of the token, like invites. */
  actionToken: (hash: string) => ({ pk: `ACTION#${hash}`, sk: 'ACTION' }),
  volunteer: (id: string) => ({ pk: `VOL#${id}`, sk: 'PROFILE' }),
  offer: (volunteerId: string, area: string, helpType: string) => ({
    pk: `VOL#${volunteerId}`,
    sk: offerSortKey(area, helpType),
  }),
  message: (id: string) => ({ pk: `MSG#${id}`, sk: MESSAGE_SK }),
  /** Keyed hashes (shared/util/keyed-hash.ts), never the address or number: keys travel in the stream. */
  volunteerEmail: (emailHash: string) => ({ pk: `VOLEMAIL#${emailHash}`, sk: 'VOLEMAIL' }),
  volunteerPhone: (phoneHash: string) => ({ pk: `VOLPHONE#${phoneHash}`, sk: 'VOLPHONE' }),
  /** A volunteer's personal link, found by the SHA-256 of its token like the other links. */
  profileLink: (hash: string) => ({ pk: `ACTION#${hash}`, sk: 'PROFILELINK' }),
  /** Which of a volunteer's links of one purpose is the current one: the only one that works. */
  currentProfileLink: (volunteerId: string, purpose: string) => ({
    pk: `VOL#${volunteerId}`,
    sk: `LINK#${purpose}`,
  }),
  contactChange: (volunteerId: string, field: string) => ({
    pk: `VOL#${volunteerId}`,
    sk: `CONTACTCHANGE#${field}`,
  }),
  volunteerAudit: (volunteerId: string, at: string, seq: string) => ({
    pk: `VOL#${volunteerId}`,
    sk: `AUDIT#${at}#${seq}`,
  }),
  /** An application to join: an id only, never the person's name or address. */
  applicant: (id: string) => ({ pk: `APP#${id}`, sk: 'APPLICANT' }),
  /** The dashboard's search: one partition per hashed name, email or phone, holding requests and volunteers. */
  findRequest: (findHash: string, requestId: string) => ({ pk: `FIND#${findHash}`, sk: `REQ#${requestId}` }),
  findVolunteer: (findHash: string, volunteerId: string) => ({
    pk: `FIND#${findHash}`,
    sk: `VOL#${volunteerId}`,
  }),
  /** The reports' record of one day (YYYY-MM-DD, UTC): each request's facts, under its id. */
  reportDay: (day: string) => ({ pk: `REPORT#${day}`, sk: 'DAY' }),
  /** A volunteer the digest must list (a DBS check to renew, invites left unanswered): ids and dates only. */
  volunteerWatch: (volunteerId: string, what: VolunteerWatch) => ({
    pk: `VOL#${volunteerId}`,
    sk: `WATCH#${what}`,
  }),
};

/** Applications sit in the byStatus index by status, oldest first: the dashboard's queue is one Query. */
export const applicantStatusKey = (status: string) => `APPLICANTS#${status}`;

export type VolunteerWatch = 'DBS' | 'UNANSWERED';

/** The byStatus key of a watch item: the digest Queries each, never the roster. */
export const volunteerWatchKey = (what: VolunteerWatch) => `VOLWATCH#${what}`;

/**
 * Invites also sit in the byStatus index under their volunteer, newest first by createdAt: how a text
 * reply finds the invite it answers with a Query (ids only in the key, and the index entry goes when
 * the invite does, by TTL or erasure).
 */
export const volunteerInvitesKey = (volunteerId: string) => `VOLINVITES#${volunteerId}`;

/** An offer's sort key names the area at the grain the volunteer chose: "SP8" or "SP8 4". */
export const offerSortKey = (area: string, helpType: string) => `OFFER#${area}#${helpType}`;

/**
 * The byOffer partition: the district and help type, whether the offer is for the district or a sector
 * of it. Offers written before sectors (district areas) already have this key.
 */
export const offerKey = (area: string, helpType: string) => `${areaDistrict(area)}#${helpType}`;

/** Volunteer profiles sit in the byStatus index under this key, so the roster is listed with a Query. */
export const VOLUNTEER_STATUS_KEY = 'VOLUNTEERS';
