import 'aws-sdk-client-mock-vitest/extend';
import { SANDBOX_LOOKUP_HASH_SECRET } from '../../sandbox/dev-secrets.js';

// The keyed-hash lookups (VOLEMAIL#, VOLPHONE#) need a secret; tests use the sandbox's fixed one.
process.env.LOOKUP_HASH_SECRET ??= SANDBOX_LOOKUP_HASH_SECRET;
