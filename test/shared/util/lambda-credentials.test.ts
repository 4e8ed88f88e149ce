import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUNDLING, CREDENTIALS_FROM_ENVIRONMENT } from '../../../infra/constructs/lambda.js';
import { defaultProvider } from '../../../shared/util/lambda-credentials.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the credentials provider the bundles use instead of the SDK default chain', () => {
  it('returns the role credentials Lambda puts in the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');
    await expect(defaultProvider({})()).resolves.toEqual({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
  });

  it('fails as the SDK chain does when there are none', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    await expect(defaultProvider()()).rejects.toMatchObject({ name: 'CredentialsProviderError' });
  });

  it('is what BUNDLING aliases the default chain to, at a path that exists', () => {
    expect(BUNDLING.esbuildArgs['--alias']).toBe(
      `@aws-sdk/credential-provider-node=${CREDENTIALS_FROM_ENVIRONMENT}`,
    );
    expect(existsSync(CREDENTIALS_FROM_ENVIRONMENT)).toBe(true);
  });
});
