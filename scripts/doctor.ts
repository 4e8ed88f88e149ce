/**
 * The deployment preflight: `npm run doctor` (and the first half of `npm run deploy`).
 *   npx tsx scripts/doctor.ts [--cdk-json PATH]
 * Reads cdk.json through the same typed readers the CDK app uses, asks AWS read-only questions, and
 * prints each thing a deployer must do and whether it is done. Exits 1 if anything would make a
 * deploy fail or unsafe, so `npm run deploy` stops before `cdk deploy`.
 */
import { readFile } from 'node:fs/promises';
import { ACMClient } from '@aws-sdk/client-acm';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import {
  emailDomainFor,
  parseDeploymentSettings,
  parseSettings,
  type DeploymentSettings,
  type SchemeSettings,
} from '../shared/config.js';
import { awsClientConfig } from '../shared/util/aws-client-config.js';
import {
  CHECK_NAMES,
  DEPLOY_GUIDE,
  checkAlarmSubscription,
  checkBootstrap,
  checkCredentials,
  checkDataRegion,
  checkDomainCertificate,
  checkEmailIdentity,
  checkPlaceholders,
  checkSesProductionAccess,
  checkTextMessages,
  EDGE_REGION,
  emailIdentityFor,
  guide,
  runCheck,
  type CheckResult,
} from './doctor/checks.js';
import { runCli } from './cli.js';

const USAGE = `Usage: npm run doctor [-- --cdk-json PATH]

Checks, read-only, that this AWS account and cdk.json are ready for \`npm run deploy\`, and lists what is
still to do after it. Uses your AWS credentials (AWS_PROFILE, SSO or access keys).`;

const MARK: Record<CheckResult['status'], string> = { ok: '[ OK ]', warn: '[TODO]', fail: '[FAIL]' };

function print(result: CheckResult): void {
  console.log(`${MARK[result.status]} ${result.name}: ${result.detail}`);
  if (result.fix) console.log(`       ${result.status === 'fail' ? 'Fix' : 'To do'}: ${result.fix}`);
}

async function readSettings(
  path: string,
): Promise<{ settings: SchemeSettings; deployment: DeploymentSettings } | CheckResult> {
  try {
    const context = (JSON.parse(await readFile(path, 'utf8')) as { context?: Record<string, unknown> })
      .context;
    const settings = parseSettings(context?.communityKindness);
    const deployment = parseDeploymentSettings(context?.deployment);
    // The stack refuses a sender outside the email domain; say so here rather than halfway through a synth.
    emailDomainFor(deployment, settings);
    return { settings, deployment };
  } catch (error) {
    return {
      name: 'cdk.json',
      status: 'fail',
      detail: error instanceof Error ? error.message : String(error),
      fix: `Correct cdk.json (${guide('settings')} lists every field).`,
    };
  }
}

async function runChecks(settings: SchemeSettings, deployment: DeploymentSettings): Promise<CheckResult[]> {
  const region = deployment.region;
  const results: CheckResult[] = [checkPlaceholders(settings, deployment)];
  const credentials = await checkCredentials(new STSClient(awsClientConfig({ region })));
  results.push(credentials.result);
  const shellRegion = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || undefined;
  // Without credentials the region can still be read from cdk.json; only the look for stray stacks waits.
  if (!credentials.identity)
    return [...results, await checkDataRegion(deployment, { otherRegions: [], shellRegion })];

  const account = credentials.identity.account;
  const cloudFormation = new CloudFormationClient(awsClientConfig({ region }));
  const edgeCloudFormation = new CloudFormationClient(awsClientConfig({ region: EDGE_REGION }));
  const sesv2 = new SESv2Client(awsClientConfig({ region }));
  const otherRegions = [{ region: EDGE_REGION, cloudFormation: edgeCloudFormation }];
  if (shellRegion && shellRegion !== EDGE_REGION && shellRegion !== region)
    otherRegions.push({
      region: shellRegion,
      cloudFormation: new CloudFormationClient(awsClientConfig({ region: shellRegion })),
    });

  // Independent read-only questions: asked together, reported in the order a deployer does them.
  results.push(
    ...(await Promise.all([
      runCheck(CHECK_NAMES.region, () => checkDataRegion(deployment, { otherRegions, shellRegion })),
      runCheck(CHECK_NAMES.bootstrap(region), () => checkBootstrap(cloudFormation, region, account)),
      ...(region === EDGE_REGION
        ? []
        : [
            runCheck(CHECK_NAMES.bootstrap(EDGE_REGION), () =>
              checkBootstrap(edgeCloudFormation, EDGE_REGION, account),
            ),
          ]),
      runCheck(CHECK_NAMES.domain, () =>
        checkDomainCertificate(new ACMClient(awsClientConfig({ region: EDGE_REGION })), deployment),
      ),
      runCheck(CHECK_NAMES.emailIdentity, () =>
        checkEmailIdentity(sesv2, emailIdentityFor(settings, deployment), region),
      ),
      runCheck(CHECK_NAMES.sesProductionAccess, () => checkSesProductionAccess(sesv2, region)),
      runCheck(CHECK_NAMES.textMessages, () =>
        checkTextMessages(new PinpointSMSVoiceV2Client(awsClientConfig({ region })), settings, region),
      ),
      runCheck(CHECK_NAMES.alarms, () =>
        checkAlarmSubscription(cloudFormation, new SNSClient(awsClientConfig({ region })), {
          alarmEmail: deployment.alarmEmail ?? settings.prescriberEmail,
          region,
        }),
      ),
    ])),
  );
  return results;
}

await runCli(
  {
    usage: USAGE,
    options: { 'cdk-json': { type: 'string', default: new URL('../cdk.json', import.meta.url).pathname } },
    failure: 'The doctor could not finish',
  },
  async ({ values }) => {
    const read = await readSettings(values['cdk-json']);
    const results = 'settings' in read ? await runChecks(read.settings, read.deployment) : [read];

    console.log('Community Kindness: is this account ready to deploy?\n');
    for (const result of results) print(result);
    const failed = results.filter((r) => r.status === 'fail').length;
    const todo = results.filter((r) => r.status === 'warn').length;
    console.log(
      `\n${failed} to fix before deploying, ${todo} still to do or to look at, ${results.length - failed - todo} done.`,
    );
    if (results.some((r) => r.name === CHECK_NAMES.credentials && r.status === 'fail'))
      console.log(
        'The other checks (bootstrap, stacks in other regions, email, domain, texts, alarms) need credentials first.',
      );
    if (failed > 0)
      console.log(
        `\`npm run deploy\` will not start until each [FAIL] is fixed (${DEPLOY_GUIDE} walks through each).`,
      );
    return failed > 0 ? 1 : 0;
  },
);
