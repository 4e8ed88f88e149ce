import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { parseSettings } from '../shared/config.js';
import { CommunityKindnessStack } from './stack.js';

const app = new App();
const settings = parseSettings(app.node.tryGetContext('communityKindness'));
const publicBaseUrl: unknown = app.node.tryGetContext('publicBaseUrl');

new CommunityKindnessStack(app, 'CommunityKindness', {
  settings,
  publicBaseUrl: typeof publicBaseUrl === 'string' && publicBaseUrl ? publicBaseUrl : undefined,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-2' },
});

// cdk-nag runs on request (`npm run nag`) until every finding is fixed or acknowledged with its
// compensating control; until then it would stop every synth.
if (app.node.tryGetContext('nag') === 'true') {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}
