/**
 * The current six-digit code of a sandbox prescriber's authenticator, for trying the dashboard without
 * an authenticator app:
 *   npm run totp -- prescriber@example.org   (a demo prescriber: the key `npm start` prints)
 *   npm run totp -- "ABCD EFGH …"            (any authenticator key, e.g. one the two-step page showed)
 *   npm run totp                             (every demo prescriber)
 * Sandbox only: a deployed pool's keys are known to Cognito and to the prescriber's app, nowhere else.
 */
import { readFileSync } from 'node:fs';
import { sandboxAuthenticatorKey } from '../sandbox/auth.js';
import { base32Decode, totp } from '../shared/auth/totp.js';
import { parseSettings } from '../shared/config.js';

const STEP_SECONDS = 30;
const USAGE = 'Usage: npm run totp -- [EMAIL | KEY]';

function demoPrescribers(): string[] {
  const cdkJson = JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> };
  return [parseSettings(cdkJson.context.communityKindness).prescriberEmail.toLowerCase()];
}

function codeFor(key: string, nowSeconds: number): string {
  return totp(base32Decode(key), nowSeconds);
}

function main(args: string[]): number {
  const input = args.join(' ').trim();
  if (input === '-h' || input === '--help') {
    console.log(USAGE);
    return 0;
  }
  const now = Date.now() / 1000;
  const secondsLeft = STEP_SECONDS - Math.floor(now % STEP_SECONDS);
  const demo = demoPrescribers();
  if (input === '') {
    for (const email of demo) console.log(`${email}  ${codeFor(sandboxAuthenticatorKey(email), now)}`);
  } else if (input.includes('@')) {
    const email = input.toLowerCase();
    if (!demo.includes(email)) {
      console.error(
        `${input} is not a sandbox prescriber (those are: ${demo.join(', ')}).\n` +
          `For any other authenticator, pass its key instead: npm run totp -- KEY`,
      );
      return 1;
    }
    console.log(codeFor(sandboxAuthenticatorKey(email), now));
  } else {
    let code: string;
    try {
      if (base32Decode(input).length < 10) throw new Error('too short');
      code = codeFor(input, now);
    } catch {
      console.error(`That is neither an email address nor an authenticator key.\n${USAGE}`);
      return 2;
    }
    console.log(code);
  }
  console.error(`(a new code in ${secondsLeft} s)`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
