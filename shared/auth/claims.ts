import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** The Cognito group whose members may use the dashboard. */
export const PRESCRIBERS_GROUP = 'prescribers';

/** Prescribers who may also add other prescribers and disable or enable their accounts. */
export const ADMINS_GROUP = 'admins';

export interface Prescriber {
  /** The Cognito `sub`: what the audit records as the actor. Never a name. */
  id: string;
  /** In the admins group as well: may manage the team's accounts. */
  admin?: boolean;
}

export type PrescriberCheck =
  { kind: 'ok'; prescriber: Prescriber } | { kind: 'unauthenticated' } | { kind: 'forbidden' };

type Claims = Record<string, unknown>;

/** The claims API Gateway's JWT authorizer put on the event (the sandbox does the same). */
export function claimsOf(event: APIGatewayProxyEventV2): Claims | undefined {
  const context = event.requestContext as APIGatewayProxyEventV2['requestContext'] & {
    authorizer?: { jwt?: { claims?: Claims } };
  };
  return context.authorizer?.jwt?.claims;
}

/**
 * API Gateway passes claims as strings: a list claim such as `cognito:groups` arrives as
 * "[prescribers other]". A real JSON array (a direct invoke, a test) is accepted too.
 */
export function groupsOf(claims: Claims): string[] {
  const raw = claims['cognito:groups'];
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === 'string');
  if (typeof raw !== 'string') return [];
  const text = raw.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    const inner = text.slice(1, -1).trim();
    if (inner.startsWith('"')) {
      try {
        const parsed = JSON.parse(text) as unknown;
        return Array.isArray(parsed) ? parsed.filter((g): g is string => typeof g === 'string') : [];
      } catch {
        return [];
      }
    }
    return inner.split(/[\s,]+/).filter(Boolean);
  }
  return text.split(/[\s,]+/).filter(Boolean);
}

/**
 * Defence in depth behind the authorizer: the authorizer proves the token is ours and current; this
 * proves its holder is a prescriber. An access token only (`token_use`), so an ID token cannot stand in.
 */
export function checkPrescriber(event: APIGatewayProxyEventV2): PrescriberCheck {
  const claims = claimsOf(event);
  const sub = claims?.sub;
  if (!claims || typeof sub !== 'string' || sub === '') return { kind: 'unauthenticated' };
  if (claims.token_use !== undefined && claims.token_use !== 'access') return { kind: 'unauthenticated' };
  const groups = groupsOf(claims);
  if (!groups.includes(PRESCRIBERS_GROUP)) return { kind: 'forbidden' };
  return { kind: 'ok', prescriber: { id: sub, admin: groups.includes(ADMINS_GROUP) } };
}
