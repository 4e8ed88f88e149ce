/**
 * The deployment preflight's checks: each takes the SDK clients it reads through (read-only calls
 * only) and returns what a deployer needs to know in plain words, with the fix. A `fail` is something
 * that makes a deploy fail or put the service somewhere unsafe; a `warn` is a step still to do (most
 * can only be done after the first deploy) or a choice worth a second look.
 */
import { DescribeCertificateCommand, type ACMClient } from '@aws-sdk/client-acm';
import { DescribeStacksCommand, type CloudFormationClient, type Stack } from '@aws-sdk/client-cloudformation';
import {
  DescribeAccountAttributesCommand,
  DescribePhoneNumbersCommand,
  DescribeSpendLimitsCommand,
  type PhoneNumberInformation,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { GetAccountCommand, GetEmailIdentityCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { ListSubscriptionsByTopicCommand, type SNSClient, type Subscription } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import {
  DEFAULT_DATA_REGION,
  emailDomainFor,
  type DeploymentSettings,
  type SchemeSettings,
} from '../../shared/config.js';
import { STACK_NAMES, STACK_OUTPUTS } from '../../infra/outputs.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  /** What was found, in plain words. */
  detail: string;
  /** What to do about it; absent when there is nothing to do. */
  fix?: string;
}

/** CloudFront's certificates, and the WAF in front of it, live in us-east-1 whatever the data region. */
export const EDGE_REGION = 'us-east-1';

/** The oldest bootstrap stack that aws-cdk-lib's default synthesizer deploys with. */
export const MINIMUM_BOOTSTRAP_VERSION = 6;

export const DEPLOY_GUIDE = 'docs/DEPLOY.md';

/** The runbook's sections that fixes send a deployer to (a test keeps them in step with the headings). */
export const GUIDE_SECTIONS = {
  deployer: 'The deployer',
  permissions: "The deployer's permissions",
  signIn: 'Sign in from your computer',
  settings: 'Settings',
  customDomain: 'Custom domain',
  email: 'Email',
  sesSandbox: 'Leave the SES sandbox',
  alarms: 'Confirm the alarm emails',
  textMessages: 'Text messages',
  wrongRegion: 'A stack in the wrong region',
} as const;

/** "docs/DEPLOY.md, "Section"": where in the runbook a step is explained. */
export function guide(section: keyof typeof GUIDE_SECTIONS): string {
  return `${DEPLOY_GUIDE}, "${GUIDE_SECTIONS[section]}"`;
}

/** Each check's name, as printed: the CLI names a check that could not run the same way. */
export const CHECK_NAMES = {
  placeholders: 'Your details in cdk.json',
  credentials: 'AWS credentials',
  region: 'Data region',
  bootstrap: (region: string) => `CDK bootstrap in ${region}`,
  emailIdentity: 'Email sending identity (SES)',
  sesProductionAccess: 'Email to anyone (out of the SES sandbox)',
  domain: 'Custom domain and certificate',
  textMessages: 'Text messages (End User Messaging SMS)',
  alarms: 'Alarm emails',
} as const;

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isAccessDenied(error: unknown): boolean {
  return /AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(errorName(error));
}

/**
 * Runs one check so that an unexpected error (a missing permission, a network fault) becomes a
 * failed line in the report instead of ending the whole run.
 */
export async function runCheck(name: string, check: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await check();
  } catch (error) {
    return {
      name,
      status: 'fail',
      detail: `Could not check: ${errorName(error)}: ${errorMessage(error)}`,
      fix: isAccessDenied(error)
        ? 'Your AWS identity may not read this. The preflight needs the read-only actions listed in ' +
          `${guide('permissions')}.`
        : 'Check your network and credentials, then run `npm run doctor` again.',
    };
  }
}

// ---- cdk.json -----------------------------------------------------------------------------------

/** Domains reserved for documentation and tests (RFC 2606 and RFC 6761): mail to them goes nowhere. */
const PLACEHOLDER_DOMAIN = /(^|[.@])(example\.(org|com|net)|[^.@]+\.(example|test|invalid|localhost))$/i;
const PLACEHOLDER_PHONE_DIGITS = '01234567890';
/** Cheltenham's districts: the sample service area of earlier versions of cdk.json. */
const SAMPLE_DISTRICTS = ['GL50', 'GL51', 'GL52', 'GL53', 'GL54'];

/**
 * What cdk.json ships with: Gillingham Community Kindness's own name, phone line and postcodes. Right
 * for Gillingham, so never a failure; but a practice that copied cdk.json and kept them would send its
 * requesters to Gillingham's phone line and turn away its own postcodes.
 */
const SHIPPED_FOR_GILLINGHAM = {
  schemeName: 'Gillingham Community Kindness',
  schemePhoneDigits: '01747859202',
  serviceAreas: ['BA12 6', 'SP7 9', 'SP8'],
};

/** The sample values cdk.json ships with must all be replaced before the service meets the public. */
export function checkPlaceholders(settings: SchemeSettings, deployment: DeploymentSettings): CheckResult {
  const name = CHECK_NAMES.placeholders;
  const addresses: [string, string | undefined][] = [
    ['communityKindness.senderEmail', settings.senderEmail],
    ['communityKindness.prescriberEmail', settings.prescriberEmail],
    ['deployment.alarmEmail', deployment.alarmEmail],
    ['deployment.domainName', deployment.domainName],
    ['deployment.emailDomain', deployment.emailDomain],
  ];
  const placeholders = addresses
    .filter(([, value]) => value !== undefined && PLACEHOLDER_DOMAIN.test(value.trim()))
    .map(([key, value]) => `${key} is ${value}`);
  if (settings.schemePhone.replace(/\D/g, '') === PLACEHOLDER_PHONE_DIGITS)
    placeholders.push(`communityKindness.schemePhone is the sample number ${settings.schemePhone}`);
  if (placeholders.length > 0)
    return {
      name,
      status: 'fail',
      detail: `Still the sample values: ${placeholders.join('; ')}.`,
      fix:
        "Put the practice's own addresses, domain and phone number in cdk.json " +
        `(see ${guide('settings')}). Mail to example addresses goes nowhere, and the phone number ` +
        'is shown on every page as the way to reach a person.',
    };
  const districts = [...settings.serviceAreas].sort();
  if (districts.join() === SAMPLE_DISTRICTS.join())
    return {
      name,
      status: 'warn',
      detail: `serviceAreas is still the sample list (${SAMPLE_DISTRICTS.join(', ')}, Cheltenham).`,
      fix: "If that is not your practice's area, list your own postcode districts or sectors in cdk.json.",
    };
  const gillingham = [
    settings.schemeName === SHIPPED_FOR_GILLINGHAM.schemeName &&
      `communityKindness.schemeName is "${settings.schemeName}"`,
    settings.schemePhone.replace(/\D/g, '') === SHIPPED_FOR_GILLINGHAM.schemePhoneDigits &&
      `communityKindness.schemePhone is ${settings.schemePhone}`,
    districts.join() === SHIPPED_FOR_GILLINGHAM.serviceAreas.join() &&
      `communityKindness.serviceAreas is ${settings.serviceAreas.join(', ')}`,
  ].filter((found): found is string => Boolean(found));
  if (gillingham.length > 0)
    return {
      name,
      status: 'warn',
      detail: `Still Gillingham Community Kindness's values, as cdk.json ships them: ${gillingham.join('; ')}.`,
      fix:
        "Right for Gillingham Medical Practice's own scheme. Any other practice: put its own scheme name, " +
        `phone line and postcode districts or sectors in cdk.json (see ${guide('settings')}).`,
    };
  return { name, status: 'ok', detail: 'Addresses, domain and phone number are your own.' };
}

// ---- AWS credentials ----------------------------------------------------------------------------

export interface CallerIdentity {
  account: string;
  arn: string;
}

export async function checkCredentials(
  sts: STSClient,
): Promise<{ result: CheckResult; identity?: CallerIdentity }> {
  const name = CHECK_NAMES.credentials;
  try {
    const response = await sts.send(new GetCallerIdentityCommand({}));
    const identity = { account: response.Account ?? 'unknown', arn: response.Arn ?? 'unknown' };
    if (/:root$/.test(identity.arn))
      return {
        identity,
        result: {
          name,
          status: 'warn',
          detail: `Signed in to account ${identity.account} as its root user.`,
          fix:
            'Deploy as an IAM Identity Center (SSO) user or an IAM role instead, and lock the root user ' +
            `away with MFA (${guide('deployer')}).`,
        },
      };
    return {
      identity,
      result: { name, status: 'ok', detail: `Signed in to account ${identity.account} as ${identity.arn}.` },
    };
  } catch (error) {
    return {
      result: {
        name,
        status: 'fail',
        detail: `No usable AWS credentials (${errorName(error)}: ${errorMessage(error)}).`,
        fix:
          'Sign in first: `aws sso login --profile <profile>` then `export AWS_PROFILE=<profile>`, or ' +
          `\`aws configure\` for access keys (${guide('signIn')}).`,
      },
    };
  }
}

// ---- Region and CDK bootstrap ---------------------------------------------------------------------

async function describeStack(
  cloudFormation: CloudFormationClient,
  stackName: string,
): Promise<Stack | undefined> {
  try {
    const response = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    return response.Stacks?.[0];
  } catch (error) {
    if (errorName(error) === 'ValidationError' && /does not exist/i.test(errorMessage(error)))
      return undefined;
    throw error;
  }
}

export interface RegionProbe {
  region: string;
  cloudFormation: CloudFormationClient;
}

/**
 * Personal data belongs in the data region. The CDK CLI used to place the main stack in us-east-1 when
 * no region was configured, so a main stack found anywhere else means data may already be there.
 */
export async function checkDataRegion(
  deployment: DeploymentSettings,
  options: { otherRegions: RegionProbe[]; shellRegion?: string },
): Promise<CheckResult> {
  const name = CHECK_NAMES.region;
  const region = deployment.region;
  for (const probe of options.otherRegions) {
    if (probe.region === region) continue;
    const stray = await describeStack(probe.cloudFormation, STACK_NAMES.main);
    if (stray && stray.StackStatus !== 'DELETE_COMPLETE')
      return {
        name,
        status: 'fail',
        detail:
          `A ${STACK_NAMES.main} stack already exists in ${probe.region} (${stray.StackStatus}), but cdk.json ` +
          `puts the data in ${region}. Personal data may be held in ${probe.region}, and a deploy now would ` +
          'start a second, empty service.',
        fix: `Decide which one is the service. To keep ${region}: follow ${guide('wrongRegion')}. To keep ${probe.region} on purpose: set deployment.region to "${probe.region}" in cdk.json.`,
      };
  }
  const shellNote =
    options.shellRegion && options.shellRegion !== region
      ? ` Your shell's AWS region is ${options.shellRegion}: the deploy ignores it, but the scripts ` +
        '(create-prescriber, import-volunteers, erase-requester) use it.'
      : '';
  if (region !== DEFAULT_DATA_REGION)
    return {
      name,
      status: 'warn',
      detail: `cdk.json puts personal data in ${region}, not ${DEFAULT_DATA_REGION} (London).${shellNote}`,
      fix:
        `If that is deliberate, make sure your DPIA names ${region}. Otherwise remove deployment.region ` +
        `from cdk.json to use ${DEFAULT_DATA_REGION}.`,
    };
  if (shellNote)
    return {
      name,
      status: 'warn',
      detail: `Personal data will be kept in ${region} (London).${shellNote}`,
      fix: `Run \`export AWS_REGION=${region}\` (or pass --region ${region} to each script).`,
    };
  return { name, status: 'ok', detail: `Personal data will be kept in ${region} (London).` };
}

const SETTLED_STATUSES = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE']);

export async function checkBootstrap(
  cloudFormation: CloudFormationClient,
  region: string,
  account?: string,
): Promise<CheckResult> {
  const name = CHECK_NAMES.bootstrap(region);
  const command = `npx cdk bootstrap aws://${account ?? '<account-id>'}/${region}`;
  const stack = await describeStack(cloudFormation, 'CDKToolkit');
  if (!stack)
    return {
      name,
      status: 'fail',
      detail: `${region} is not bootstrapped: the CDK has nowhere to upload the functions and templates.`,
      fix: `Run \`${command}\` once.`,
    };
  const status = stack.StackStatus ?? 'UNKNOWN';
  const version = Number(stack.Outputs?.find((o) => o.OutputKey === 'BootstrapVersion')?.OutputValue);
  if (status.endsWith('_IN_PROGRESS'))
    return {
      name,
      status: 'warn',
      detail: `The bootstrap stack is being changed (${status}).`,
      fix: 'Wait a minute, then run `npm run doctor` again.',
    };
  if (status === 'UPDATE_ROLLBACK_COMPLETE')
    return {
      name,
      status: 'warn',
      detail:
        'The last update of the bootstrap stack was rolled back; the previous version is still in place.',
      fix: `Run \`${command}\` again and read its error if it fails.`,
    };
  if (!SETTLED_STATUSES.has(status))
    return {
      name,
      status: 'fail',
      detail: `The bootstrap stack is in state ${status}, so deploys cannot use it.`,
      fix:
        `Delete it (\`aws cloudformation delete-stack --stack-name CDKToolkit --region ${region}\`; empty ` +
        `its staging bucket first if asked), then run \`${command}\`.`,
    };
  if (!Number.isFinite(version) || version < MINIMUM_BOOTSTRAP_VERSION)
    return {
      name,
      status: 'fail',
      detail: `Bootstrapped with version ${Number.isFinite(version) ? version : 'unknown'}; this CDK needs ${MINIMUM_BOOTSTRAP_VERSION} or later.`,
      fix: `Run \`${command}\` to upgrade it.`,
    };
  return { name, status: 'ok', detail: `Bootstrapped (version ${version}).` };
}

// ---- Email (SES) ------------------------------------------------------------------------------------

export type EmailIdentity =
  { kind: 'domain'; domain: string; mailFromDomain: string } | { kind: 'email'; address: string };

/**
 * The identity the stack sends from, decided by the same rule the stack uses: a domain (Easy DKIM and
 * a custom MAIL FROM) when one is configured, else the sender's own address.
 */
export function emailIdentityFor(settings: SchemeSettings, deployment: DeploymentSettings): EmailIdentity {
  const domain = emailDomainFor(deployment, settings);
  if (!domain) return { kind: 'email', address: settings.senderEmail };
  return { kind: 'domain', domain, mailFromDomain: `${deployment.mailFromSubdomain}.${domain}` };
}

function dkimRecords(domain: string, tokens: string[] | undefined): string {
  if (!tokens?.length) return 'the three DKIM CNAME records shown in the SES console';
  return tokens.map((t) => `CNAME ${t}._domainkey.${domain} -> ${t}.dkim.amazonses.com`).join('; ');
}

function mailFromRecords(mailFromDomain: string, region: string): string {
  return (
    `MX ${mailFromDomain} -> 10 feedback-smtp.${region}.amazonses.com; ` +
    `TXT ${mailFromDomain} -> "v=spf1 include:amazonses.com ~all"`
  );
}

export async function checkEmailIdentity(
  sesv2: SESv2Client,
  identity: EmailIdentity,
  region: string,
): Promise<CheckResult> {
  const name = CHECK_NAMES.emailIdentity;
  const identityName = identity.kind === 'domain' ? identity.domain : identity.address;
  let response;
  try {
    response = await sesv2.send(new GetEmailIdentityCommand({ EmailIdentity: identityName }));
  } catch (error) {
    if (errorName(error) !== 'NotFoundException') throw error;
    return {
      name,
      status: 'warn',
      detail: `SES in ${region} has no identity ${identityName} yet.`,
      fix:
        identity.kind === 'domain'
          ? '`npm run deploy` creates it; then add the DNS records it needs (run `npm run doctor` again to see them).'
          : `\`npm run deploy\` creates it and SES emails a verification link to ${identityName}: click it.`,
    };
  }
  if (identity.kind === 'email') {
    if (!response.VerifiedForSendingStatus)
      return {
        name,
        status: 'warn',
        detail: `${identityName} is not verified yet, so SES will not send from it.`,
        fix: `Click the link in the "Amazon Web Services – Email Address Verification Request" email sent to ${identityName}.`,
      };
    return {
      name,
      status: 'warn',
      detail:
        `${identityName} is verified, but an address identity has no DKIM signature for your domain: ` +
        'providers that enforce DMARC may reject or junk the emails.',
      fix: `Set deployment.emailDomain (and its DNS records) in cdk.json (${guide('email')}).`,
    };
  }
  const dkim = response.DkimAttributes?.Status;
  if (dkim === 'FAILED')
    return {
      name,
      status: 'fail',
      detail: `SES gave up verifying ${identityName}: it did not find the DKIM records within 72 hours.`,
      fix:
        `Publish ${dkimRecords(identityName, response.DkimAttributes?.Tokens)}, then restart verification ` +
        '(SES console, the identity, DKIM: "Retry").',
    };
  if (!response.VerifiedForSendingStatus || dkim !== 'SUCCESS')
    return {
      name,
      status: 'warn',
      detail: `${identityName} is not verified yet (DKIM ${dkim ?? 'not started'}), so SES will not send from it.`,
      fix: `Add these DNS records at your DNS host: ${dkimRecords(identityName, response.DkimAttributes?.Tokens)}. SES checks them for up to 72 hours.`,
    };
  const mailFrom = response.MailFromAttributes;
  if (mailFrom?.MailFromDomain && mailFrom.MailFromDomainStatus !== 'SUCCESS')
    return {
      name,
      status: 'warn',
      detail: `${identityName} is verified with DKIM; its MAIL FROM domain ${mailFrom.MailFromDomain} is ${mailFrom.MailFromDomainStatus ?? 'not set up'}, so SPF does not align yet.`,
      fix: `Add these DNS records: ${mailFromRecords(mailFrom.MailFromDomain, region)}.`,
    };
  return {
    name,
    status: 'ok',
    detail: `${identityName} is verified and signs with DKIM${mailFrom?.MailFromDomain ? `; MAIL FROM ${mailFrom.MailFromDomain}` : ''}.`,
  };
}

export async function checkSesProductionAccess(sesv2: SESv2Client, region: string): Promise<CheckResult> {
  const name = CHECK_NAMES.sesProductionAccess;
  const account = await sesv2.send(new GetAccountCommand({}));
  if (account.SendingEnabled === false || account.EnforcementStatus === 'SHUTDOWN')
    return {
      name,
      status: 'fail',
      detail: `SES sending is paused for this account in ${region} (${account.EnforcementStatus ?? 'sending disabled'}).`,
      fix: 'Read the notice from AWS (SES console, "Reputation metrics", and your email), fix the cause, and ask AWS to resume sending.',
    };
  if (account.ProductionAccessEnabled) {
    if (account.EnforcementStatus === 'PROBATION')
      return {
        name,
        status: 'warn',
        detail: 'Production access is on, but the account is on probation for its bounce or complaint rate.',
        fix: 'Read the notice from AWS and the SES reputation metrics before sending more.',
      };
    return { name, status: 'ok', detail: `Production access in ${region}: SES sends to any address.` };
  }
  const review = account.Details?.ReviewDetails;
  if (review?.Status === 'PENDING')
    return {
      name,
      status: 'warn',
      detail: `Production access requested (case ${review.CaseId ?? 'unknown'}); AWS has not answered yet. Until then SES only sends to verified addresses.`,
      fix: 'Wait for the answer (usually within a day) and reply to any questions in the case.',
    };
  return {
    name,
    status: 'warn',
    detail:
      `This account is in the SES sandbox in ${region}${review?.Status === 'DENIED' ? ' (the last request was declined)' : ''}: ` +
      'requesters and volunteers will get no email, only verified addresses do.',
    fix: `Request production access in ${region} (${guide('sesSandbox')}).`,
  };
}

// ---- Custom domain and certificate -------------------------------------------------------------------

/** Whether a certificate name (possibly a one-label wildcard) covers a host name. */
export function certificateCovers(certificateName: string, host: string): boolean {
  const pattern = certificateName.toLowerCase();
  const name = host.toLowerCase();
  if (pattern === name) return true;
  if (!pattern.startsWith('*.')) return false;
  const firstDot = name.indexOf('.');
  return firstDot > 0 && name.slice(firstDot + 1) === pattern.slice(2);
}

export async function checkDomainCertificate(
  acm: ACMClient,
  deployment: DeploymentSettings,
): Promise<CheckResult> {
  const name = CHECK_NAMES.domain;
  const { domainName, certificateArn } = deployment;
  if (!domainName || !certificateArn)
    return {
      name,
      status: 'warn',
      detail:
        'No custom domain: the form and every link in emails and texts will use a *.cloudfront.net address.',
      fix: `For a web address of your own, set deployment.domainName and deployment.certificateArn (${guide('customDomain')}).`,
    };
  let certificate;
  try {
    certificate = (await acm.send(new DescribeCertificateCommand({ CertificateArn: certificateArn })))
      .Certificate;
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') throw error;
  }
  if (!certificate)
    return {
      name,
      status: 'fail',
      detail: `No certificate ${certificateArn} in ${EDGE_REGION} for this account.`,
      fix: `Request one for ${domainName} in ACM in ${EDGE_REGION} (DNS validation) and put its ARN in deployment.certificateArn.`,
    };
  const names = [certificate.DomainName, ...(certificate.SubjectAlternativeNames ?? [])].filter(
    (n): n is string => typeof n === 'string',
  );
  if (certificate.Status === 'PENDING_VALIDATION') {
    const records = (certificate.DomainValidationOptions ?? [])
      .map((o) => o.ResourceRecord)
      .filter((r) => r?.Name && r.Value)
      .map((r) => `${r?.Type ?? 'CNAME'} ${r?.Name} -> ${r?.Value}`);
    return {
      name,
      status: 'fail',
      detail: `The certificate for ${names.join(', ')} is waiting for DNS validation; CloudFront cannot use it yet.`,
      fix: `Add ${records.length ? [...new Set(records)].join('; ') : 'the validation CNAME shown in the ACM console'} at your DNS host, wait for "Issued", then deploy.`,
    };
  }
  if (certificate.Status !== 'ISSUED')
    return {
      name,
      status: 'fail',
      detail: `The certificate is ${certificate.Status ?? 'in an unknown state'}; CloudFront cannot use it.`,
      fix: `Request a new certificate for ${domainName} in ACM in ${EDGE_REGION} and put its ARN in deployment.certificateArn.`,
    };
  if (!names.some((n) => certificateCovers(n, domainName)))
    return {
      name,
      status: 'fail',
      detail: `The certificate is for ${names.join(', ')}, which does not cover ${domainName}.`,
      fix: `Use a certificate for ${domainName} (or *.${domainName.split('.').slice(1).join('.')}).`,
    };
  return {
    name,
    status: 'ok',
    detail: `${domainName}: certificate issued${certificate.NotAfter ? `, valid until ${certificate.NotAfter.toISOString().slice(0, 10)}` : ''}. Point ${domainName} at the distribution after deploying.`,
  };
}

// ---- Text messages (End User Messaging SMS) -------------------------------------------------------

async function findPhoneNumber(
  sms: PinpointSMSVoiceV2Client,
  identity: string,
): Promise<PhoneNumberInformation | undefined> {
  // An ARN or phone-number id can be asked for directly; an E.164 number has no filter, so list them.
  if (!identity.startsWith('+')) {
    try {
      const response = await sms.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [identity] }));
      return response.PhoneNumbers?.[0];
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }
  let nextToken: string | undefined;
  do {
    const page = await sms.send(new DescribePhoneNumbersCommand({ NextToken: nextToken }));
    const found = page.PhoneNumbers?.find((n) => n.PhoneNumber === identity);
    if (found) return found;
    nextToken = page.NextToken;
  } while (nextToken);
  return undefined;
}

export async function checkTextMessages(
  sms: PinpointSMSVoiceV2Client,
  settings: SchemeSettings,
  region: string,
): Promise<CheckResult> {
  const name = CHECK_NAMES.textMessages;
  const identity = settings.sms?.originationIdentity;
  if (!identity)
    return {
      name,
      status: 'warn',
      detail:
        'No text-message number set (communityKindness.sms.originationIdentity): people who chose texts ' +
        'will not get them, and replies cannot be read.',
      fix: `Request a UK long code with two-way SMS and put it in cdk.json (${guide('textMessages')}).`,
    };
  const number = await findPhoneNumber(sms, identity);
  if (!number || number.Status === 'DELETED')
    return {
      name,
      status: 'fail',
      detail: `This account has no phone number ${identity} in ${region}.`,
      fix: `Check sms.originationIdentity in cdk.json, or request the number in End User Messaging SMS in ${region}.`,
    };
  const problems: string[] = [];
  if (number.Status !== 'ACTIVE') problems.push(`the number is ${number.Status ?? 'not active'}`);
  if (!number.NumberCapabilities?.includes('SMS')) problems.push('it cannot send SMS');
  if (!number.TwoWayEnabled) problems.push('two-way SMS is off, so YES, NO and PAUSE replies are not read');
  const attributes = await sms.send(new DescribeAccountAttributesCommand({}));
  const tier = attributes.AccountAttributes?.find((a) => a.Name === 'ACCOUNT_TIER')?.Value;
  if (tier === 'SANDBOX')
    problems.push('the account is in the SMS sandbox, so texts only reach phone numbers verified in it');
  const limits = await sms.send(new DescribeSpendLimitsCommand({}));
  const textLimit = limits.SpendLimits?.find((l) => l.Name === 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT');
  const wanted = settings.sms?.monthlySpendLimitUsd ?? 1;
  const enforced = textLimit?.EnforcedLimit;
  if (enforced !== undefined && enforced < wanted)
    problems.push(
      `the account's monthly text spend limit is $${enforced}, below the $${wanted} cdk.json expects: texts stop once it is reached`,
    );
  if (problems.length > 0)
    return {
      name,
      status: 'warn',
      detail: `${number.PhoneNumber ?? identity}: ${problems.join('; ')}.`,
      fix: `See ${guide('textMessages')} (production access, two-way SMS to the stack's inbound topic, a spend limit increase).`,
    };
  return {
    name,
    status: 'ok',
    detail: `${number.PhoneNumber ?? identity} is active with two-way SMS; monthly spend limit $${enforced ?? 'unknown'}.`,
  };
}

// ---- Alarms ---------------------------------------------------------------------------------------

async function listSubscriptions(sns: SNSClient, topicArn: string): Promise<Subscription[]> {
  const all: Subscription[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topicArn, NextToken: nextToken }),
    );
    all.push(...(page.Subscriptions ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return all;
}

/** Alarms reach a person only once someone has clicked the link in SNS's confirmation email. */
export async function checkAlarmSubscription(
  cloudFormation: CloudFormationClient,
  sns: SNSClient,
  options: { alarmEmail: string; region: string },
): Promise<CheckResult> {
  const name = CHECK_NAMES.alarms;
  const stack = await describeStack(cloudFormation, STACK_NAMES.main);
  if (!stack)
    return {
      name,
      status: 'warn',
      detail: `The ${STACK_NAMES.main} stack is not deployed in ${options.region} yet, so there is no alarm topic to check.`,
      fix: `After \`npm run deploy\`, confirm the subscription email sent to ${options.alarmEmail} and run \`npm run doctor\` again.`,
    };
  const topicArn = stack.Outputs?.find((o) => o.OutputKey === STACK_OUTPUTS.alarmTopicArn)?.OutputValue;
  if (!topicArn)
    return {
      name,
      status: 'warn',
      detail: `The deployed stack (${stack.StackStatus ?? 'unknown state'}) has no ${STACK_OUTPUTS.alarmTopicArn} output yet.`,
      fix: 'Run `npm run deploy`, then `npm run doctor` again.',
    };
  const emails = (await listSubscriptions(sns, topicArn)).filter((s) => s.Protocol === 'email');
  const confirmed = emails.filter((s) => s.SubscriptionArn && s.SubscriptionArn !== 'PendingConfirmation');
  if (confirmed.length > 0) {
    const endpoints = confirmed.map((s) => s.Endpoint ?? 'unknown');
    const expected = endpoints.some((e) => e.toLowerCase() === options.alarmEmail.toLowerCase());
    return expected
      ? { name, status: 'ok', detail: `Alarms go to ${endpoints.join(', ')} (confirmed).` }
      : {
          name,
          status: 'warn',
          detail: `Alarms go to ${endpoints.join(', ')}, but ${options.alarmEmail} has not confirmed.`,
          fix: `Click "Confirm subscription" in the email sent to ${options.alarmEmail}.`,
        };
  }
  if (emails.length > 0)
    return {
      name,
      status: 'warn',
      detail: `The alarm subscription for ${emails.map((s) => s.Endpoint ?? 'unknown').join(', ')} is waiting for confirmation: alarms reach nobody until then.`,
      fix:
        'Click "Confirm subscription" in the "AWS Notification - Subscription Confirmation" email. Lost it? ' +
        `Redeploying does not resend it; see ${guide('alarms')}.`,
    };
  return {
    name,
    status: 'fail',
    detail:
      'Nobody is subscribed to the alarm topic (someone may have used "unsubscribe"): alarms reach nobody.',
    fix: `Subscribe ${options.alarmEmail} again (${guide('alarms')}).`,
  };
}
