import type { ContactField, ProfileLinkPurpose } from './model.js';
import type { Clock, Ids, Store } from './ports.js';
import { hashToken, newInviteToken } from '../util/ids.js';
import { DAY_SECONDS, epochSeconds } from '../vocabulary/time.js';

/**
 * The personal links to a volunteer's own details page, minted for the messages that carry them.
 * Kept apart from the page's logic (shared/domain/profile.ts) because the sender mints these links in
 * every volunteer message but never shows the page: the page's field rules (and zod with them) stay
 * out of the sender's bundle.
 */
export const PROFILE_PATH = '/volunteer/profile';
export const CONFIRM_CONTACT_PATH = '/volunteer/confirm';

/** How long the link that confirms a new address works: long enough for a weekend away. */
export const CONTACT_CONFIRM_DAYS = 7;

/** What the sender needs to mint a link: the store's two link methods, the clock and maybe fixed ids. */
export interface ProfileLinkPorts {
  store: Pick<Store, 'saveProfileLink'>;
  clock: Clock;
  ids?: Partial<Pick<Ids, 'actionToken'>>;
}

async function issueLink(
  volunteerId: string,
  purpose: ProfileLinkPurpose,
  days: number,
  ports: ProfileLinkPorts,
): Promise<string | undefined> {
  const token = ports.ids?.actionToken?.() ?? newInviteToken();
  const saved = await ports.store.saveProfileLink({
    tokenHash: hashToken(token),
    volunteerId,
    purpose,
    expiresAt: epochSeconds(ports.clock.now()) + days * DAY_SECONDS,
  });
  return saved ? token : undefined;
}

/** A fresh "your details" link; the volunteer's earlier one stops working. Undefined when they have left. */
export async function issueProfileLink(
  volunteerId: string,
  settings: { publicBaseUrl: string; profileLinkDays: number },
  ports: ProfileLinkPorts,
): Promise<string | undefined> {
  const token = await issueLink(volunteerId, 'profile', settings.profileLinkDays, ports);
  return token ? `${settings.publicBaseUrl}${PROFILE_PATH}/${token}` : undefined;
}

/** The link that confirms a new address, sent to that address alone. */
export async function issueContactConfirmLink(
  volunteerId: string,
  field: ContactField,
  publicBaseUrl: string,
  ports: ProfileLinkPorts,
): Promise<string | undefined> {
  const token = await issueLink(volunteerId, `confirm-${field}`, CONTACT_CONFIRM_DAYS, ports);
  return token ? `${publicBaseUrl}${CONFIRM_CONTACT_PATH}/${token}` : undefined;
}
