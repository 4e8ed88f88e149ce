import { describe, expect, it } from 'vitest';
import { readSecretStage, type FetchLike } from '../../../shared/util/secrets.js';

const ARN = 'arn:aws:secretsmanager:eu-west-2:000000000000:secret:OriginVerify-AbCdEf';

function fakeFetch(status: number, body: unknown) {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, headers: init.headers });
    return { ok: status >= 200 && status < 300, status, json: async () => body };
  };
  return { fetch, calls };
}

describe('reading a secret through the Parameters and Secrets Lambda Extension', () => {
  it('asks the local extension for the stage, with the function session token, and returns the string', async () => {
    const { fetch, calls } = fakeFetch(200, { SecretString: 's3cret', VersionId: 'v1' });

    const value = await readSecretStage(ARN, 'AWSPREVIOUS', {
      fetch,
      env: { AWS_SESSION_TOKEN: 'session-token' },
    });

    expect(value).toBe('s3cret');
    expect(calls).toEqual([
      {
        url: `http://localhost:2773/secretsmanager/get?secretId=${encodeURIComponent(ARN)}&versionStage=AWSPREVIOUS`,
        headers: { 'X-Aws-Parameters-Secrets-Token': 'session-token' },
      },
    ]);
  });

  it('uses the port the extension was configured with', async () => {
    const { fetch, calls } = fakeFetch(200, { SecretString: 'x' });
    await readSecretStage(ARN, 'AWSCURRENT', {
      fetch,
      env: { PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2999' },
    });
    expect(calls[0]?.url).toMatch(/^http:\/\/localhost:2999\//);
  });

  it('treats a stage that does not exist (never rotated) as absent', async () => {
    const { fetch } = fakeFetch(400, { __type: 'ResourceNotFoundException' });
    await expect(readSecretStage(ARN, 'AWSPREVIOUS', { fetch, env: {} })).resolves.toBeUndefined();
    await expect(readSecretStage(ARN, 'AWSPENDING', { fetch, env: {} })).resolves.toBeUndefined();
  });

  it('fails when the current value cannot be read, or on a server error for any stage', async () => {
    await expect(readSecretStage(ARN, 'AWSCURRENT', { ...fakeFetch(400, {}), env: {} })).rejects.toThrow(
      'secret could not be read (status 400)',
    );
    await expect(readSecretStage(ARN, 'AWSPREVIOUS', { ...fakeFetch(500, {}), env: {} })).rejects.toThrow(
      'status 500',
    );
  });
});
