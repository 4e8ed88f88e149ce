import { emailLookupHash, phoneLookupHash } from '../util/keyed-hash.js';
import { toE164 } from '../util/phone.js';
import { lookupSecretSource, type LookupSecretSettings } from '../util/lookup-secret.js';
import type { Clock, ConfirmationCapStore, Log } from './ports.js';
import { DAY_SECONDS, epochSeconds, londonDate } from '../vocabulary/time.js';

/** The keyed-hash secret (or where to read it): without it the address could only be keyed in plain text. */
export interface ConfirmationCapSettings extends LookupSecretSettings {
  confirmationsPerRecipientPerDay: number;
}

/** One reader per container, so the secret is fetched once (sandbox and tests pass the value itself). */
let readSecret: { settings: LookupSecretSettings; read: () => Promise<string> } | undefined;

function secretOf(settings: LookupSecretSettings): Promise<string> {
  if (readSecret?.settings !== settings) readSecret = { settings, read: lookupSecretSource(settings) };
  return readSecret.read();
}

export interface ConfirmationCapPorts {
  store: ConfirmationCapStore;
  clock: Clock;
  log: Log;
}

/** The counter outlives its London day by a little (the day may have started up to an hour before UTC's). */
const COUNTER_LIFETIME_SECONDS = 2 * DAY_SECONDS;

/**
 * How a recipient's address is keyed: an email trimmed and lowercased, a phone number in E.164, so
 * capitals, spaces or another way of writing the number do not escape the cap.
 */
export function confirmationRecipientKey(address: string, secret: string): string {
  if (address.includes('@')) return emailLookupHash(address, secret);
  return phoneLookupHash(toE164(address) ?? address.replace(/\s/g, ''), secret);
}

/** One confirmation about to go: to whom, and which message asks (asking again is not counted twice). */
export interface ConfirmationToSend {
  requestId: string;
  /** The email address or phone number it goes to. */
  address: string;
  /** The outbox message sending it: a retried send of the same message claims the same slot. */
  claimant: string;
}

/**
 * Whether a requester's confirmation may go to this address: at most `confirmationsPerRecipientPerDay`
 * to one address (or number) in a London day. The public form sends to whatever is typed in, so without
 * this it could flood a stranger's inbox or phone (texts cost money, and complaints put the scheme's
 * email at risk). A request over the cap is still stored and matched; only its confirmation is left out.
 */
export async function confirmationAllowed(
  confirmation: ConfirmationToSend,
  settings: ConfirmationCapSettings,
  ports: ConfirmationCapPorts,
): Promise<boolean> {
  const secret = await secretOf(settings);
  const now = ports.clock.now();
  const claimed = await ports.store.claimConfirmationSlot({
    recipientKey: confirmationRecipientKey(confirmation.address, secret),
    claimant: confirmation.claimant,
    day: londonDate(now),
    limit: settings.confirmationsPerRecipientPerDay,
    expiresAt: epochSeconds(now) + COUNTER_LIFETIME_SECONDS,
  });
  if (!claimed)
    ports.log.info('requester confirmation not sent: daily cap reached', {
      requestId: confirmation.requestId,
    });
  return claimed;
}
