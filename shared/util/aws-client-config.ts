/** Where an AWS SDK client talks to: AWS itself, or a local emulator in the sandbox and tests. */
export interface ClientPlace {
  region?: string;
  /** A local endpoint (DynamoDB Local, the sandbox's outboxes); unset in AWS. */
  endpoint?: string;
}

/** The data stays in London unless configuration names another region. */
export const DEFAULT_REGION = 'eu-west-2';

/** Emulators check that a request is signed, not by whom. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The one place that knows region, local endpoint and local credentials: every adapter, script and
 * the sandbox pass this to their SDK client's constructor. A plain object, not a client factory, so
 * each function's bundle still holds only the clients it uses.
 */
export function awsClientConfig(place: ClientPlace = {}): {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
} {
  return {
    region: place.region ?? DEFAULT_REGION,
    ...(place.endpoint ? { endpoint: place.endpoint, credentials: LOCAL_CREDENTIALS } : {}),
  };
}
