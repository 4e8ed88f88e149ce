import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { parseDeploymentSettings, parseSettings } from '../shared/config.js';
import { EdgeStack } from './edge.js';
import { acknowledgeNagFindings } from './nag.js';
import { STACK_NAMES } from './outputs.js';
import { CommunityKindnessStack } from './stack.js';

export interface BuiltApp {
  app: App;
  edge: EdgeStack;
  main: CommunityKindnessStack;
}

export interface BuildAppOptions {
  /** Context as cdk.json holds it; when omitted, the App reads what the CDK CLI passes. */
  context?: AppProps['context'];
  /** The process environment (CDK_DEFAULT_ACCOUNT); never the source of the data's region. */
  env?: NodeJS.ProcessEnv;
  outdir?: string;
}

/**
 * The two stacks. The data stack's region comes only from cdk.json's `deployment.region` (default
 * eu-west-2): the CDK CLI sets CDK_DEFAULT_REGION to us-east-1 when no region is configured, so a
 * fallback on it would quietly put patients' details in the United States.
 */
export function buildApp(options: BuildAppOptions = {}): BuiltApp {
  const env = options.env ?? process.env;
  const app = new App({ context: options.context, outdir: options.outdir });
  const settings = parseSettings(app.node.tryGetContext('communityKindness'));
  const deployment = parseDeploymentSettings(app.node.tryGetContext('deployment'));
  const publicBaseUrl: unknown = app.node.tryGetContext('publicBaseUrl');
  const stringContext = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return typeof value === 'string' && value ? value : undefined;
  };

  const account = env.CDK_DEFAULT_ACCOUNT;
  // CloudFront's web ACL must live in us-east-1; the main stack reads its ARN across regions.
  const edge = new EdgeStack(app, STACK_NAMES.edge, {
    submitRateLimitPer5Minutes: settings.submitRateLimitPer5Minutes,
    env: { account, region: 'us-east-1' },
    crossRegionReferences: true,
  });
  const main = new CommunityKindnessStack(app, STACK_NAMES.main, {
    settings,
    deployment,
    publicBaseUrl: typeof publicBaseUrl === 'string' && publicBaseUrl ? publicBaseUrl : undefined,
    // Given on the command line for the deploy after a rotation (docs/SECURITY.md), never kept in cdk.json.
    originVerifySecretVersionId: stringContext('originVerifySecretVersion'),
    webAclArn: edge.webAclArn,
    env: { account, region: deployment.region },
    crossRegionReferences: true,
  });
  main.addStackDependency(edge);

  // cdk-nag on every synth: a new finding stops `npm run synth` and `cdk deploy` until it is fixed or
  // acknowledged, on its one resource and with its reason, in infra/nag.ts.
  acknowledgeNagFindings(main);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, edge, main };
}

/** Run by the CDK CLI (`npx tsx infra/app.ts`); imported by the tests, which call buildApp themselves. */
function isEntryPoint(): boolean {
  const invoked = process.argv[1];
  if (!invoked) return false;
  try {
    return realpathSync(invoked) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) buildApp();
