import type { SchemeSettings } from '../config.js';
import type { HelpType } from '../vocabulary/help-types.js';
import type { EscalationReason, HelpRequest, Requester } from './model.js';
import type { Frequency } from '../vocabulary/choices.js';
import type { Language } from '../vocabulary/language.js';

/**
 * What a page or an email may show. The split between InviteSummary and AcceptedDetails is the
 * privacy rule in types: nothing that identifies or locates the requester is in a summary.
 */
export interface InviteSummary {
  reference: string;
  helpType: HelpType;
  /** Postcode sector only, e.g. "SP8 4" (the district for requests stored before sectors). */
  area: string;
  neededBy: string;
  urgent: boolean;
  details?: string;
  /** The language the requester prefers, so the volunteer knows before saying yes. */
  language?: Language;
  /** Ongoing help ('weekly', 'fortnightly'); absent or 'once' for one-off help. */
  frequency?: Frequency;
}

export interface AcceptedDetails extends InviteSummary {
  requester: Requester;
}

export interface SchemeContact {
  schemeName: string;
  schemePhone: string;
}

export type RespondView =
  | { kind: 'open'; summary: InviteSummary; volunteerFirstName: string }
  /** committedToSeries: they chose "every time" on recurring help, and now hold the series. */
  | { kind: 'accepted'; details: AcceptedDetails; committedToSeries?: boolean }
  /**
   * The same volunteer again (double click, refresh). details: only when they post "yes" again and the
   * request is still theirs, so their last page is their accepted page; a GET of the link shows none.
   */
  | { kind: 'already-accepted'; summary: InviteSummary; details?: AcceptedDetails }
  | { kind: 'declined'; summary: InviteSummary }
  | { kind: 'already-declined'; summary: InviteSummary }
  | { kind: 'taken'; summary: InviteSummary }
  | { kind: 'closed'; summary: InviteSummary }
  | { kind: 'expired' }
  | { kind: 'invalid' };

export interface EscalationView {
  reference: string;
  requestId: string;
  helpType: HelpType;
  area: string;
  neededBy: string;
  urgent: boolean;
  reason: EscalationReason;
  waves: number;
  invited: number;
  /** The language the requester prefers, so the prescriber can arrange an interpreter. */
  language?: Language;
}

export function contactOf(settings: Pick<SchemeSettings, 'schemeName' | 'schemePhone'>): SchemeContact {
  return { schemeName: settings.schemeName, schemePhone: settings.schemePhone };
}

/** What a volunteer may see before saying yes: nothing that identifies or locates the requester. */
export function summaryOf(request: HelpRequest): InviteSummary {
  return {
    reference: request.reference,
    helpType: request.helpType,
    area: request.area,
    neededBy: request.neededBy,
    urgent: request.urgent,
    details: request.details,
    language: request.language,
    ...(request.frequency && request.frequency !== 'once' ? { frequency: request.frequency } : {}),
  };
}

export function respondUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/respond/${token}`;
}

export function firstName(fullName: string): string {
  return fullName.trim().split(/\s+/)[0] ?? fullName;
}
