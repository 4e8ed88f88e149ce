import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  Architecture,
  LoggingFormat,
  Runtime,
  Tracing,
  type ParamsAndSecretsLayerVersion,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ENTRY_METADATA_KEY, FUNCTIONS, type FunctionName } from '../catalogue.js';

/** The module that replaces the SDK's default credentials chain in the bundles (a path from the project root). */
export const CREDENTIALS_FROM_ENVIRONMENT = './shared/util/lambda-credentials.ts';

/**
 * The esbuild options every function is bundled with, in one place: the stack deploys with them and
 * `npm run bench` builds with exactly the same ones to measure bundle size and cold start.
 */
export const BUNDLING = {
  format: OutputFormat.ESM,
  minify: true,
  sourceMap: false,
  target: 'node22',
  mainFields: ['module', 'main'],
  // The SDK is bundled, not taken from the runtime: minified ESM with tree-shaking starts 2-3× faster
  // than the runtime's CommonJS copy (`npm run bench`, cold init), and pins the version we test.
  // One exception: the SDK loads its event-stream codec with a dynamic import() only when an operation
  // streams events, and no operation of the clients we use (DynamoDB, SES, Step Functions, Cognito)
  // does. esbuild inlines a dynamic import untree-shaken, so it was 15 KB of every bundle never run.
  externalModules: ['@smithy/core/event-streams'],
  // Lambda's credentials are environment variables, the default chain's first link; the rest of the
  // chain (SSO, INI, STS, IMDS and their nested clients) was ~115 KB of every bundle. Resolved from
  // the project root, where the CDK runs esbuild. See shared/util/lambda-credentials.ts.
  // Output UTF-8 as it is: esbuild's default escapes every non-ASCII character as \uXXXX (6 bytes
  // for 2), which doubled the Arabic strings (locales/ar.json, 13 KB) to 29 KB of every bundle. Passed
  // as an argument because NodejsFunction (aws-cdk-lib 2.276) declares `charset` but never applies it.
  esbuildArgs: {
    '--alias': `@aws-sdk/credential-provider-node=${CREDENTIALS_FROM_ENVIRONMENT}`,
    '--charset': 'utf8',
  },
  // Some dependencies still call require(); ESM bundles need it defined.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const satisfies BundlingOptions;

/** Every function's memory unless a construct asks for more (Graviton, so arm64 prices). */
export const DEFAULT_MEMORY_MB = 512;

export interface AppFunctionProps {
  environment: Record<string, string>;
  timeout?: Duration;
  memorySize?: number;
  /** The AWS Parameters and Secrets Lambda Extension, for functions that read a secret at run time. */
  paramsAndSecrets?: ParamsAndSecretsLayerVersion;
}

/**
 * Every function the same way: Node 22 on Graviton, ESM, minified, its own log group with a
 * retention, JSON logs, tracing. The entry is recorded in metadata so the sandbox can run the
 * module a synthesized Task points at.
 */
export class AppFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, name: FunctionName, props: AppFunctionProps) {
    super(scope, name);
    const spec = FUNCTIONS[name];
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own role, allowed to write to its own log group only (not the managed basic-execution policy,
    // which lets a function write to every log group in the account).
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${spec.description} (Community Kindness)`,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The group's ARN ends in ":*", which covers its streams and nothing else.
        resources: [logGroup.logGroupArn],
      }),
    );
    this.fn = new NodejsFunction(this, 'Fn', {
      role,
      entry: spec.entry,
      handler: 'handler',
      description: spec.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? DEFAULT_MEMORY_MB,
      timeout: props.timeout ?? Duration.seconds(10),
      environment: { ...props.environment, POWERTOOLS_SERVICE_NAME: 'community-kindness' },
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: Tracing.ACTIVE,
      bundling: BUNDLING,
      ...(props.paramsAndSecrets ? { paramsAndSecrets: props.paramsAndSecrets } : {}),
    });
    (this.fn.node.defaultChild as CfnFunction).addMetadata(ENTRY_METADATA_KEY, spec.entry);
  }
}
