import { createSesMailer } from './mail/ses.js';
import { createSmsTexter } from './sms/client.js';
import { getCoreRuntime, lazyPort, runtimeOverride, type Runtime } from './runtime-core.js';
import type { Mailer, Texter } from './domain/ports.js';

export { lazyPort, setRuntimeForTests, type Runtime, type RuntimePorts } from './runtime-core.js';

let runtime: Runtime | undefined;
/** The core this runtime was built on: a new core (the tests reset it) means a new runtime. */
let builtOn: object | undefined;

/**
 * Adapters are built on first use, not at import: a cold start pays only for what the first
 * invocation needs, and the same code runs against AWS or the sandbox's local endpoints. This one adds
 * the senders (SES, SMS) to the core runtime; functions that send nothing use getCoreRuntime.
 */
export function getRuntime(): Runtime {
  const override = runtimeOverride();
  if (override) return override;
  const core = getCoreRuntime();
  if (runtime && builtOn === core) return runtime;
  builtOn = core;
  const { config } = core;
  runtime = {
    ...core,
    ports: {
      ...core.ports,
      mailer: lazyPort<Mailer>(() =>
        createSesMailer({
          sender: config.senderEmail,
          endpoint: config.sesEndpoint,
          region: config.region,
        }),
      ),
    },
    texter: lazyPort<Texter>(() =>
      createSmsTexter({
        region: config.region,
        endpoint: config.smsEndpoint,
        originationIdentity: config.sms.originationIdentity,
        senderId: config.sms.senderId,
      }),
    ),
  };
  return runtime;
}
