/** The shape the SDK clients expect from a credentials provider. */
export interface EnvironmentCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the deployed bundles (the alias in BUNDLING,
 * infra/constructs/lambda.ts). Lambda hands every function its role's credentials in environment
 * variables, and the SDK's default chain tries those first; the rest of the chain (INI files, SSO,
 * web identity, the login flow, IMDS) is code a function never runs, yet it was about 115 KB of
 * every bundle (`npm run bench`, section 1). Same name and call shape as the default provider, so
 * the clients' runtime config uses it unchanged. The sandbox and tests run unbundled and keep the
 * SDK's own chain.
 */
export const defaultProvider = (_init?: unknown) => async (): Promise<EnvironmentCredentials> => {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    // The name the SDK's chain uses, so retries and error handling treat it the same way.
    throw Object.assign(new Error('No AWS credentials in the environment (Lambda always sets them).'), {
      name: 'CredentialsProviderError',
    });
  }
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
};
