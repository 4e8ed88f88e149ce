import { keyedHash } from '../util/keyed-hash.js';
import { lookupSecretSource, type LookupSecretSettings } from '../util/lookup-secret.js';
import type { Clock, ConfirmationCapStore, Log } from './ports.js';
import { DAY_SECONDS, epochSeconds, londonDate } from './time.js';

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

/** How a recipient's address is keyed: trimmed and lowercased, so capitals or spaces do not escape the cap. */
export function confirmationRecipientKey(email: string, secret: string): string {
  return keyedHash(email.trim().toLowerCase(), secret);
}

/**
 * Whether the requester may be emailed a confirmation: at most `confirmationsPerRecipientPerDay` to one
 * address in a London day. The public form sends to whatever address is typed in, so without this it
 * could flood a stranger's inbox and their complaints would put the scheme's email at risk. A request
 * over the cap is still stored and matched; only its confirmation email is left out.
 */
export async function confirmationAllowed(
  request: { id: string; requester: { email?: string } },
  settings: ConfirmationCapSettings,
  ports: ConfirmationCapPorts,
): Promise<boolean> {
  const email = request.requester.email;
  if (!email) return false;
  const secret = await secretOf(settings);
  const now = ports.clock.now();
  const claimed = await ports.store.claimConfirmationSlot({
    recipientKey: confirmationRecipientKey(email, secret),
    day: londonDate(now),
    limit: settings.confirmationsPerRecipientPerDay,
    expiresAt: epochSeconds(now) + COUNTER_LIFETIME_SECONDS,
  });
  if (!claimed)
    ports.log.info('requester confirmation not sent: daily cap reached', { requestId: request.id });
  return claimed;
}
