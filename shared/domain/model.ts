import type { HelpType } from './help-types.js';

export type RequestStatus = 'received' | 'matching' | 'assigned' | 'escalated' | 'cancelled' | 'closed';

/** Statuses from which a volunteer may still take the request. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['received', 'matching'];

export interface Requester {
  /** The person who needs help. */
  name: string;
  /** Set when someone asks on their behalf. */
  askedBy?: { name: string; relationship: string };
  phone?: string;
  email?: string;
  addressLine1: string;
  addressLine2?: string;
  town?: string;
  postcode: string;
}

export interface HelpRequest {
  id: string;
  /** Short human reference, e.g. GCK-7F3K2, shown to the requester and in every email. */
  reference: string;
  status: RequestStatus;
  helpType: HelpType;
  /** Postcode district (outward code): the only location a volunteer sees before accepting. */
  area: string;
  neededBy: string;
  urgent: boolean;
  details?: string;
  requester: Requester;
  createdAt: string;
  /** Who entered it: "public-form", "api" or a prescriber's id. */
  enteredBy: string;
  wave: number;
  assignedVolunteerId?: string;
  assignedAt?: string;
  escalatedAt?: string;
  escalationReason?: EscalationReason;
  /** Epoch seconds after which DynamoDB TTL deletes the request (set once it is closed). */
  expiresAt?: number;
}

export type EscalationReason = 'no-candidates' | 'no-acceptance' | 'system-failure';

export interface Volunteer {
  id: string;
  name: string;
  email: string;
  phone?: string;
  areas: string[];
  helpTypes: HelpType[];
  dbsChecked: boolean;
  /** ISO date-time until which the volunteer gets no invites. */
  pausedUntil?: string;
  /** ISO timestamps of recent invites (trimmed to the fairness window) for fair rotation. */
  recentInvites: string[];
  createdAt: string;
}

export type InviteStatus = 'pending' | 'sent' | 'accepted' | 'declined' | 'taken';

export interface Invite {
  requestId: string;
  volunteerId: string;
  wave: number;
  tokenHash: string;
  status: InviteStatus;
  createdAt: string;
  /** Epoch seconds: the link stops working, and TTL removes the invite. */
  expiresAt: number;
  respondedAt?: string;
}

export type AuditType =
  'received' | 'wave-started' | 'invited' | 'accepted' | 'declined' | 'escalated' | 'matching-finished';

export interface AuditEvent {
  requestId: string;
  at: string;
  type: AuditType;
  /** Who did it: "system", a volunteer id, or a prescriber id. Never a name. */
  actor: string;
  /** Ids and enumerations only: audit entries outlive erasure, so no personal data goes here. */
  data?: Record<string, string | number | boolean>;
}
