import { describe, expect, it } from 'vitest';
import { awsClientConfig } from '../../../shared/util/aws-client-config.js';

describe('awsClientConfig', () => {
  it('talks to London with the default credential chain when no endpoint is given', () => {
    expect(awsClientConfig()).toEqual({ region: 'eu-west-2' });
    expect(awsClientConfig({ region: 'eu-west-1' })).toEqual({ region: 'eu-west-1' });
  });

  it('signs with placeholder credentials for a local emulator', () => {
    expect(awsClientConfig({ endpoint: 'http://127.0.0.1:8000' })).toEqual({
      region: 'eu-west-2',
      endpoint: 'http://127.0.0.1:8000',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
});
