/** Where the keyed-hash secret comes from: a value (sandbox, tests) or a Secrets Manager secret (AWS). */
export interface LookupSecretSettings {
  lookupHashSecret?: string;
  lookupHashSecretId?: string;
}

/** The AWS Parameters and Secrets Lambda Extension: a local cache in front of Secrets Manager. */
const EXTENSION_URL = 'http://localhost:2773/secretsmanager/get';

/**
 * The secret, read at most once per container (a failed read is tried again on the next use). In AWS
 * the extension layer serves it, so no Secrets Manager client is bundled; it authenticates the call with
 * the function's own session token.
 */
export function lookupSecretSource(
  settings: LookupSecretSettings,
  fetchSecret: typeof fetch = fetch,
): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    if (settings.lookupHashSecret) return Promise.resolve(settings.lookupHashSecret);
    const secretId = settings.lookupHashSecretId;
    if (!secretId)
      return Promise.reject(new Error('LOOKUP_HASH_SECRET or LOOKUP_HASH_SECRET_ID must be set'));
    pending ??= readFromExtension(secretId, fetchSecret).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

async function readFromExtension(secretId: string, fetchSecret: typeof fetch): Promise<string> {
  const response = await fetchSecret(`${EXTENSION_URL}?secretId=${encodeURIComponent(secretId)}`, {
    headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN ?? '' },
  });
  // The status only: the body of a failed call is not logged, in case it echoes anything secret.
  if (!response.ok) throw new Error(`the lookup hash secret could not be read (${response.status})`);
  const body = (await response.json()) as { SecretString?: string };
  if (!body.SecretString) throw new Error('the lookup hash secret is empty');
  return body.SecretString;
}
