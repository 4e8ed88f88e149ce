/** Secrets Manager's staging labels: the value in use, the one before it, and one being rotated in. */
export type SecretStage = 'AWSCURRENT' | 'AWSPREVIOUS' | 'AWSPENDING';

export type FetchLike = (
  url: string,
  init: { headers: Record<string, string> },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** The port the AWS Parameters and Secrets Lambda Extension listens on unless told otherwise. */
const DEFAULT_EXTENSION_PORT = '2773';

/**
 * Reads one staged version of a Secrets Manager secret through the AWS Parameters and Secrets Lambda
 * Extension (a layer on the function, which signs the call with the function's own role), so no
 * Secrets Manager client is bundled into every HTTP function. Undefined when that stage does not
 * exist (a secret never rotated has no AWSPREVIOUS); other failures throw.
 */
export async function readSecretStage(
  secretId: string,
  stage: SecretStage,
  options: { fetch?: FetchLike; env?: NodeJS.ProcessEnv } = {},
): Promise<string | undefined> {
  const env = options.env ?? process.env;
  const fetchImpl = options.fetch ?? (fetch as FetchLike);
  const port = env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT || DEFAULT_EXTENSION_PORT;
  const url =
    `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}` +
    `&versionStage=${stage}`;
  const response = await fetchImpl(url, {
    headers: { 'X-Aws-Parameters-Secrets-Token': env.AWS_SESSION_TOKEN ?? '' },
  });
  // The extension answers a missing stage with a client error (GetSecretValue's ResourceNotFound);
  // only the current value is required to exist.
  if (!response.ok && stage !== 'AWSCURRENT' && response.status >= 400 && response.status < 500)
    return undefined;
  if (!response.ok) throw new SecretUnavailableError(response.status);
  const body = (await response.json()) as { SecretString?: unknown };
  return typeof body.SecretString === 'string' ? body.SecretString : undefined;
}

export class SecretUnavailableError extends Error {
  constructor(status: number) {
    super(`secret could not be read (status ${status})`);
    this.name = 'SecretUnavailableError';
  }
}
