import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { parseSettings } from '../shared/config.js';
import { EdgeStack } from './edge.js';
import { acknowledgeNagFindings } from './nag.js';
import { CommunityKindnessStack } from './stack.js';

const app = new App();
const settings = parseSettings(app.node.tryGetContext('communityKindness'));
const publicBaseUrl: unknown = app.node.tryGetContext('publicBaseUrl');
const stringContext = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value ? value : undefined;
};

const account = process.env.CDK_DEFAULT_ACCOUNT;
// CloudFront's web ACL must live in us-east-1; the main stack reads its ARN across regions.
const edge = new EdgeStack(app, 'CommunityKindnessEdge', {
  submitRateLimitPer5Minutes: settings.submitRateLimitPer5Minutes,
  env: { account, region: 'us-east-1' },
  crossRegionReferences: true,
});
const main = new CommunityKindnessStack(app, 'CommunityKindness', {
  settings,
  publicBaseUrl: typeof publicBaseUrl === 'string' && publicBaseUrl ? publicBaseUrl : undefined,
  webAclArn: edge.webAclArn,
  // Given on the command line for the deploy after a rotation (docs/SECURITY.md), never kept in cdk.json.
  originVerifySecretVersionId: stringContext('originVerifySecretVersion'),
  env: { account, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-2' },
  crossRegionReferences: true,
});
main.addDependency(edge);

// cdk-nag on every synth: a new finding stops `npm run synth` and `cdk deploy` until it is fixed or
// acknowledged, on its one resource and with its reason, in infra/nag.ts.
acknowledgeNagFindings(main);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
