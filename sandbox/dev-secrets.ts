/**
 * Fixed values for the sandbox and the tests only, so lookup keys stay the same from run to run (a kept
 * .sandbox-data table still finds its volunteers). AWS uses a generated Secrets Manager secret instead.
 */
export const SANDBOX_LOOKUP_HASH_SECRET = 'sandbox-only-lookup-hash-secret-not-for-aws';
