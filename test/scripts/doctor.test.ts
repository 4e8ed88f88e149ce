import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ACMClient, DescribeCertificateCommand, ResourceNotFoundException } from '@aws-sdk/client-acm';
import { CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import {
  DescribeAccountAttributesCommand,
  DescribePhoneNumbersCommand,
  DescribeSpendLimitsCommand,
  PinpointSMSVoiceV2Client,
  type PhoneNumberInformation,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  GetAccountCommand,
  GetEmailIdentityCommand,
  NotFoundException,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import { ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseDeploymentSettings, parseSettings, type SchemeSettings } from '../../shared/config.js';
import {
  certificateCovers,
  checkAlarmSubscription,
  checkBootstrap,
  checkCredentials,
  checkDataRegion,
  checkDomainCertificate,
  checkEmailIdentity,
  checkPlaceholders,
  checkSesProductionAccess,
  checkTextMessages,
  DEPLOY_GUIDE,
  emailIdentityFor,
  GUIDE_SECTIONS,
  runCheck,
} from '../../scripts/doctor/checks.js';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const ACCOUNT = '123456789012';
const CERTIFICATE_ARN = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/0a1b2c3d-aaaa-bbbb-cccc-0123456789ab`;
const TOPIC_ARN = `arn:aws:sns:eu-west-2:${ACCOUNT}:CommunityKindness-Alarms`;

/** The practice's own values: what a finished cdk.json looks like. */
function practiceSettings(overrides: Record<string, unknown> = {}): SchemeSettings {
  return parseSettings({
    senderEmail: 'help@kindness.stmarys-surgery.co.uk',
    prescriberEmail: 'prescriber@stmarys-surgery.co.uk',
    schemePhone: '01747 822000',
    serviceAreas: ['SP8'],
    ...overrides,
  });
}

/** CloudFormation's answer for a stack name that was never created (it has no typed exception). */
function stackMissing(name: string): Error {
  return Object.assign(new Error(`Stack with id ${name} does not exist`), { name: 'ValidationError' });
}

function stack(overrides: Partial<Stack>): Stack {
  return { StackName: 'CDKToolkit', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date(), ...overrides };
}

describe('checkPlaceholders', () => {
  it('passes when every address, domain and the phone number are the practice’s own', () => {
    const result = checkPlaceholders(
      practiceSettings(),
      parseDeploymentSettings({
        domainName: 'kindness.stmarys-surgery.co.uk',
        certificateArn: CERTIFICATE_ARN,
      }),
    );
    expect(result.status).toBe('ok');
  });

  it('fails on the shipped example addresses and phone number, naming each field', () => {
    const result = checkPlaceholders(
      practiceSettings({
        senderEmail: 'help@community-kindness.example.org',
        schemePhone: '01234 567890',
      }),
      parseDeploymentSettings({ alarmEmail: 'ops@example.com' }),
    );
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('communityKindness.senderEmail');
    expect(result.detail).toContain('deployment.alarmEmail');
    expect(result.detail).toContain('01234 567890');
    expect(result.detail).not.toContain('prescriberEmail');
    expect(result.fix).toMatch(/cdk\.json/);
  });

  it('fails on reserved test domains such as .test and .invalid', () => {
    const result = checkPlaceholders(
      practiceSettings({ prescriberEmail: 'me@surgery.test' }),
      parseDeploymentSettings({ emailDomain: 'surgery.invalid' }),
    );
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('prescriberEmail');
    expect(result.detail).toContain('deployment.emailDomain');
  });

  it('warns when the service area is still the sample districts', () => {
    const result = checkPlaceholders(
      practiceSettings({ serviceAreas: ['GL54', 'GL50', 'GL51', 'GL52', 'GL53'] }),
      parseDeploymentSettings(undefined),
    );
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('GL50');
  });
});

describe('checkPlaceholders and the values cdk.json ships for Gillingham', () => {
  const gillingham = {
    schemeName: 'Gillingham Community Kindness',
    schemePhone: '01747 859202',
    serviceAreas: ['SP8', 'SP7 9', 'BA12 6'],
  };

  it('warns, never fails, when a practice with its own addresses still has Gillingham’s name, phone and areas', () => {
    const result = checkPlaceholders(practiceSettings(gillingham), parseDeploymentSettings(undefined));
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('communityKindness.schemeName is "Gillingham Community Kindness"');
    expect(result.detail).toContain('communityKindness.schemePhone is 01747 859202');
    expect(result.detail).toContain('communityKindness.serviceAreas is SP8, SP7 9, BA12 6');
    expect(result.fix).toMatch(/cdk\.json/);
  });

  it('names only what is still Gillingham’s, whatever the order or spacing', () => {
    const result = checkPlaceholders(
      practiceSettings({ schemeName: 'St Mary’s Community Kindness', schemePhone: '01747859202' }),
      parseDeploymentSettings(undefined),
    );
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('schemePhone');
    expect(result.detail).not.toContain('schemeName');
    expect(result.detail).not.toContain('serviceAreas');
  });

  it('still fails first on the shipped example addresses, which Gillingham must replace too', () => {
    const result = checkPlaceholders(
      practiceSettings({ ...gillingham, senderEmail: 'help@community-kindness.example.org' }),
      parseDeploymentSettings(undefined),
    );
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('communityKindness.senderEmail');
  });

  it('passes a practice whose areas only overlap Gillingham’s', () => {
    const result = checkPlaceholders(
      practiceSettings({ serviceAreas: ['SP8', 'SP7'] }),
      parseDeploymentSettings(undefined),
    );
    expect(result.status).toBe('ok');
  });
});

describe('checkCredentials', () => {
  const sts = new STSClient({ region: 'eu-west-2', credentials });
  const stsMock = mockClient(sts);
  beforeEach(() => stsMock.reset());

  it('passes and returns the account when STS knows who is calling', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({
      Account: ACCOUNT,
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Deployer/jo`,
    });
    const { result, identity } = await checkCredentials(sts);
    expect(result.status).toBe('ok');
    expect(result.detail).toContain(ACCOUNT);
    expect(identity?.account).toBe(ACCOUNT);
  });

  it('warns when signed in as the root user', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` });
    const { result } = await checkCredentials(sts);
    expect(result.status).toBe('warn');
    expect(result.detail).toMatch(/root user/);
  });

  it('fails with the sign-in commands when there are no credentials', async () => {
    stsMock.on(GetCallerIdentityCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );
    const { result, identity } = await checkCredentials(sts);
    expect(result.status).toBe('fail');
    expect(identity).toBeUndefined();
    expect(result.fix).toContain('aws sso login');
    expect(result.fix).toContain('aws configure');
  });
});

describe('checkDataRegion', () => {
  const edge = new CloudFormationClient({ region: 'us-east-1', credentials });
  const edgeMock = mockClient(edge);
  beforeEach(() => edgeMock.reset());

  it('passes for eu-west-2 with no main stack elsewhere, and looks for it by name', async () => {
    edgeMock.on(DescribeStacksCommand).rejects(stackMissing('CommunityKindness'));
    const result = await checkDataRegion(parseDeploymentSettings({}), {
      otherRegions: [{ region: 'us-east-1', cloudFormation: edge }],
    });
    expect(result.status).toBe('ok');
    expect(result.detail).toContain('eu-west-2');
    expect(edgeMock).toHaveReceivedCommandWith(DescribeStacksCommand, { StackName: 'CommunityKindness' });
  });

  it('warns when cdk.json names another region on purpose', async () => {
    edgeMock.on(DescribeStacksCommand).rejects(stackMissing('CommunityKindness'));
    const result = await checkDataRegion(parseDeploymentSettings({ region: 'eu-west-1' }), {
      otherRegions: [{ region: 'us-east-1', cloudFormation: edge }],
    });
    expect(result.status).toBe('warn');
    expect(result.fix).toMatch(/DPIA/);
  });

  it('warns that the scripts follow the shell region when it differs', async () => {
    const result = await checkDataRegion(parseDeploymentSettings({}), {
      otherRegions: [],
      shellRegion: 'us-east-1',
    });
    expect(result.status).toBe('warn');
    expect(result.fix).toContain('AWS_REGION=eu-west-2');
  });

  it('fails when the main stack already lives in us-east-1 while cdk.json says eu-west-2', async () => {
    edgeMock
      .on(DescribeStacksCommand)
      .resolves({ Stacks: [stack({ StackName: 'CommunityKindness', StackStatus: 'UPDATE_COMPLETE' })] });
    const result = await checkDataRegion(parseDeploymentSettings({}), {
      otherRegions: [{ region: 'us-east-1', cloudFormation: edge }],
    });
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('us-east-1');
    expect(result.fix).toContain('wrong region');
  });
});

describe('checkBootstrap', () => {
  const cloudFormation = new CloudFormationClient({ region: 'eu-west-2', credentials });
  const cfnMock = mockClient(cloudFormation);
  beforeEach(() => cfnMock.reset());

  it('passes for a complete bootstrap stack of a recent version', async () => {
    cfnMock
      .on(DescribeStacksCommand, { StackName: 'CDKToolkit' })
      .resolves({ Stacks: [stack({ Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: '29' }] })] });
    const result = await checkBootstrap(cloudFormation, 'eu-west-2', ACCOUNT);
    expect(result.status).toBe('ok');
    expect(result.name).toBe('CDK bootstrap in eu-west-2');
  });

  it('warns while the bootstrap stack is being updated', async () => {
    cfnMock.on(DescribeStacksCommand).resolves({
      Stacks: [
        stack({
          StackStatus: 'UPDATE_IN_PROGRESS',
          Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: '29' }],
        }),
      ],
    });
    expect((await checkBootstrap(cloudFormation, 'eu-west-2', ACCOUNT)).status).toBe('warn');
  });

  it('fails with the exact bootstrap command when the region was never bootstrapped', async () => {
    cfnMock.on(DescribeStacksCommand).rejects(stackMissing('CDKToolkit'));
    const result = await checkBootstrap(cloudFormation, 'us-east-1', ACCOUNT);
    expect(result.status).toBe('fail');
    expect(result.fix).toContain(`npx cdk bootstrap aws://${ACCOUNT}/us-east-1`);
  });

  it('fails when the bootstrap stack is older than this CDK needs', async () => {
    cfnMock
      .on(DescribeStacksCommand)
      .resolves({ Stacks: [stack({ Outputs: [{ OutputKey: 'BootstrapVersion', OutputValue: '4' }] })] });
    const result = await checkBootstrap(cloudFormation, 'eu-west-2', ACCOUNT);
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('version 4');
  });

  it('fails when the bootstrap stack never finished creating', async () => {
    cfnMock.on(DescribeStacksCommand).resolves({ Stacks: [stack({ StackStatus: 'ROLLBACK_COMPLETE' })] });
    const result = await checkBootstrap(cloudFormation, 'eu-west-2', ACCOUNT);
    expect(result.status).toBe('fail');
    expect(result.fix).toContain('delete-stack');
  });
});

describe('emailIdentityFor', () => {
  it('uses the sender address when no domain is configured', () => {
    expect(emailIdentityFor(practiceSettings(), parseDeploymentSettings({}))).toEqual({
      kind: 'email',
      address: 'help@kindness.stmarys-surgery.co.uk',
    });
  });

  it('uses the sender’s domain with the MAIL FROM subdomain once a custom domain is set', () => {
    const deployment = parseDeploymentSettings({
      domainName: 'kindness.stmarys-surgery.co.uk',
      certificateArn: CERTIFICATE_ARN,
    });
    expect(emailIdentityFor(practiceSettings(), deployment)).toEqual({
      kind: 'domain',
      domain: 'kindness.stmarys-surgery.co.uk',
      mailFromDomain: 'mail.kindness.stmarys-surgery.co.uk',
    });
  });

  it('prefers an explicit emailDomain', () => {
    const identity = emailIdentityFor(
      practiceSettings(),
      parseDeploymentSettings({ emailDomain: 'stmarys-surgery.co.uk', mailFromSubdomain: 'bounce' }),
    );
    expect(identity).toEqual({
      kind: 'domain',
      domain: 'stmarys-surgery.co.uk',
      mailFromDomain: 'bounce.stmarys-surgery.co.uk',
    });
  });
});

describe('checkEmailIdentity', () => {
  const sesv2 = new SESv2Client({ region: 'eu-west-2', credentials });
  const sesMock = mockClient(sesv2);
  beforeEach(() => sesMock.reset());
  const domain = {
    kind: 'domain',
    domain: 'stmarys-surgery.co.uk',
    mailFromDomain: 'mail.stmarys-surgery.co.uk',
  } as const;

  it('passes for a verified domain with DKIM and its MAIL FROM domain', async () => {
    sesMock.on(GetEmailIdentityCommand, { EmailIdentity: 'stmarys-surgery.co.uk' }).resolves({
      IdentityType: 'DOMAIN',
      VerifiedForSendingStatus: true,
      DkimAttributes: { Status: 'SUCCESS', SigningEnabled: true },
      MailFromAttributes: {
        MailFromDomain: 'mail.stmarys-surgery.co.uk',
        MailFromDomainStatus: 'SUCCESS',
        BehaviorOnMxFailure: 'USE_DEFAULT_VALUE',
      },
    });
    const result = await checkEmailIdentity(sesv2, domain, 'eu-west-2');
    expect(result.status).toBe('ok');
    expect(result.detail).toContain('DKIM');
  });

  it('warns with the three DKIM CNAME records while the domain waits for DNS', async () => {
    sesMock.on(GetEmailIdentityCommand).resolves({
      VerifiedForSendingStatus: false,
      DkimAttributes: { Status: 'PENDING', Tokens: ['tok1', 'tok2', 'tok3'] },
    });
    const result = await checkEmailIdentity(sesv2, domain, 'eu-west-2');
    expect(result.status).toBe('warn');
    expect(result.fix).toContain('CNAME tok1._domainkey.stmarys-surgery.co.uk -> tok1.dkim.amazonses.com');
    expect(result.fix).toContain('tok3._domainkey');
  });

  it('warns with the MX and SPF records when only the MAIL FROM domain is pending', async () => {
    sesMock.on(GetEmailIdentityCommand).resolves({
      VerifiedForSendingStatus: true,
      DkimAttributes: { Status: 'SUCCESS' },
      MailFromAttributes: {
        MailFromDomain: 'mail.stmarys-surgery.co.uk',
        MailFromDomainStatus: 'PENDING',
        BehaviorOnMxFailure: 'USE_DEFAULT_VALUE',
      },
    });
    const result = await checkEmailIdentity(sesv2, domain, 'eu-west-2');
    expect(result.status).toBe('warn');
    expect(result.fix).toContain('MX mail.stmarys-surgery.co.uk -> 10 feedback-smtp.eu-west-2.amazonses.com');
    expect(result.fix).toContain('v=spf1 include:amazonses.com ~all');
  });

  it('warns before the first deploy, when the identity does not exist yet', async () => {
    sesMock
      .on(GetEmailIdentityCommand)
      .rejects(new NotFoundException({ message: 'Email identity does not exist.', $metadata: {} }));
    const result = await checkEmailIdentity(sesv2, domain, 'eu-west-2');
    expect(result.status).toBe('warn');
    expect(result.fix).toContain('npm run deploy');
  });

  it('warns that an address identity, even verified, gives no DKIM alignment', async () => {
    sesMock
      .on(GetEmailIdentityCommand)
      .resolves({ IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: true });
    const result = await checkEmailIdentity(
      sesv2,
      { kind: 'email', address: 'help@surgery.co.uk' },
      'eu-west-2',
    );
    expect(result.status).toBe('warn');
    expect(result.detail).toMatch(/DMARC/);
  });

  it('warns to click the verification link for an unverified address', async () => {
    sesMock
      .on(GetEmailIdentityCommand)
      .resolves({ IdentityType: 'EMAIL_ADDRESS', VerifiedForSendingStatus: false });
    const result = await checkEmailIdentity(
      sesv2,
      { kind: 'email', address: 'help@surgery.co.uk' },
      'eu-west-2',
    );
    expect(result.status).toBe('warn');
    expect(result.fix).toContain('help@surgery.co.uk');
  });

  it('fails when SES gave up looking for the DKIM records', async () => {
    sesMock.on(GetEmailIdentityCommand).resolves({
      VerifiedForSendingStatus: false,
      DkimAttributes: { Status: 'FAILED', Tokens: ['tok1', 'tok2', 'tok3'] },
    });
    const result = await checkEmailIdentity(sesv2, domain, 'eu-west-2');
    expect(result.status).toBe('fail');
    expect(result.fix).toContain('tok2._domainkey.stmarys-surgery.co.uk');
  });
});

describe('checkSesProductionAccess', () => {
  const sesv2 = new SESv2Client({ region: 'eu-west-2', credentials });
  const sesMock = mockClient(sesv2);
  beforeEach(() => sesMock.reset());

  it('passes with production access', async () => {
    sesMock
      .on(GetAccountCommand)
      .resolves({ ProductionAccessEnabled: true, SendingEnabled: true, EnforcementStatus: 'HEALTHY' });
    expect((await checkSesProductionAccess(sesv2, 'eu-west-2')).status).toBe('ok');
  });

  it('warns in the SES sandbox, with where to request access', async () => {
    sesMock.on(GetAccountCommand).resolves({ ProductionAccessEnabled: false, SendingEnabled: true });
    const result = await checkSesProductionAccess(sesv2, 'eu-west-2');
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('sandbox');
    expect(result.fix).toContain('Leave the SES sandbox');
  });

  it('warns with the case number while a request is under review', async () => {
    sesMock.on(GetAccountCommand).resolves({
      ProductionAccessEnabled: false,
      SendingEnabled: true,
      Details: { ReviewDetails: { Status: 'PENDING', CaseId: '1234567890' } },
    });
    const result = await checkSesProductionAccess(sesv2, 'eu-west-2');
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('1234567890');
  });

  it('fails when AWS has paused sending for the account', async () => {
    sesMock
      .on(GetAccountCommand)
      .resolves({ ProductionAccessEnabled: true, SendingEnabled: false, EnforcementStatus: 'SHUTDOWN' });
    const result = await checkSesProductionAccess(sesv2, 'eu-west-2');
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('paused');
  });
});

describe('checkDomainCertificate', () => {
  const acm = new ACMClient({ region: 'us-east-1', credentials });
  const acmMock = mockClient(acm);
  beforeEach(() => acmMock.reset());
  const withDomain = parseDeploymentSettings({
    domainName: 'kindness.stmarys-surgery.co.uk',
    certificateArn: CERTIFICATE_ARN,
  });

  it('passes for an issued certificate that covers the domain', async () => {
    acmMock.on(DescribeCertificateCommand, { CertificateArn: CERTIFICATE_ARN }).resolves({
      Certificate: {
        DomainName: 'kindness.stmarys-surgery.co.uk',
        Status: 'ISSUED',
        NotAfter: new Date('2027-12-01T00:00:00Z'),
      },
    });
    const result = await checkDomainCertificate(acm, withDomain);
    expect(result.status).toBe('ok');
    expect(result.detail).toContain('2027-12-01');
  });

  it('passes for a wildcard certificate one level up', async () => {
    acmMock.on(DescribeCertificateCommand).resolves({
      Certificate: {
        DomainName: 'stmarys-surgery.co.uk',
        SubjectAlternativeNames: ['stmarys-surgery.co.uk', '*.stmarys-surgery.co.uk'],
        Status: 'ISSUED',
      },
    });
    expect((await checkDomainCertificate(acm, withDomain)).status).toBe('ok');
  });

  it('warns that links will use cloudfront.net when no domain is set, without asking ACM', async () => {
    const result = await checkDomainCertificate(acm, parseDeploymentSettings({}));
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('*.cloudfront.net');
    expect(acmMock.calls()).toHaveLength(0);
  });

  it('fails with the validation record while the certificate waits for DNS', async () => {
    acmMock.on(DescribeCertificateCommand).resolves({
      Certificate: {
        DomainName: 'kindness.stmarys-surgery.co.uk',
        Status: 'PENDING_VALIDATION',
        DomainValidationOptions: [
          {
            DomainName: 'kindness.stmarys-surgery.co.uk',
            ResourceRecord: {
              Name: '_abc.kindness.stmarys-surgery.co.uk.',
              Type: 'CNAME',
              Value: '_xyz.acm-validations.aws.',
            },
          },
        ],
      },
    });
    const result = await checkDomainCertificate(acm, withDomain);
    expect(result.status).toBe('fail');
    expect(result.fix).toContain('CNAME _abc.kindness.stmarys-surgery.co.uk. -> _xyz.acm-validations.aws.');
  });

  it('fails when the certificate is for another name', async () => {
    acmMock.on(DescribeCertificateCommand).resolves({
      Certificate: { DomainName: 'www.stmarys-surgery.co.uk', Status: 'ISSUED' },
    });
    const result = await checkDomainCertificate(acm, withDomain);
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('does not cover kindness.stmarys-surgery.co.uk');
  });

  it('fails when the certificate does not exist in us-east-1', async () => {
    acmMock
      .on(DescribeCertificateCommand)
      .rejects(new ResourceNotFoundException({ message: 'Could not find certificate', $metadata: {} }));
    const result = await checkDomainCertificate(acm, withDomain);
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('us-east-1');
  });

  it('fails on an expired certificate', async () => {
    acmMock.on(DescribeCertificateCommand).resolves({
      Certificate: { DomainName: 'kindness.stmarys-surgery.co.uk', Status: 'EXPIRED' },
    });
    expect((await checkDomainCertificate(acm, withDomain)).status).toBe('fail');
  });
});

describe('certificateCovers', () => {
  it('matches exact names and one-label wildcards only', () => {
    expect(certificateCovers('help.example.org', 'HELP.example.org')).toBe(true);
    expect(certificateCovers('*.example.org', 'help.example.org')).toBe(true);
    expect(certificateCovers('*.example.org', 'a.help.example.org')).toBe(false);
    expect(certificateCovers('*.example.org', 'example.org')).toBe(false);
    expect(certificateCovers('example.org', 'help.example.org')).toBe(false);
  });
});

describe('checkTextMessages', () => {
  const sms = new PinpointSMSVoiceV2Client({ region: 'eu-west-2', credentials });
  const smsMock = mockClient(sms);
  beforeEach(() => {
    smsMock.reset();
    smsMock
      .on(DescribeAccountAttributesCommand)
      .resolves({ AccountAttributes: [{ Name: 'ACCOUNT_TIER', Value: 'PRODUCTION' }] });
  });
  const NUMBER = '+447700900123';
  const withNumber = (monthlySpendLimitUsd = 10) =>
    practiceSettings({ sms: { originationIdentity: NUMBER, monthlySpendLimitUsd } });
  const ukLongCode = (overrides: Partial<PhoneNumberInformation> = {}): PhoneNumberInformation => ({
    PhoneNumberArn: `arn:aws:sms-voice:eu-west-2:${ACCOUNT}:phone-number/phone-1`,
    PhoneNumberId: 'phone-1',
    PhoneNumber: NUMBER,
    Status: 'ACTIVE',
    IsoCountryCode: 'GB',
    MessageType: 'TRANSACTIONAL',
    NumberCapabilities: ['SMS'],
    NumberType: 'LONG_CODE',
    MonthlyLeasingPrice: '1.00',
    TwoWayEnabled: true,
    SelfManagedOptOutsEnabled: false,
    OptOutListName: 'Default',
    DeletionProtectionEnabled: false,
    CreatedTimestamp: new Date(),
    ...overrides,
  });
  const spendLimit = (enforced: number) => ({
    SpendLimits: [
      {
        Name: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT' as const,
        EnforcedLimit: enforced,
        MaxLimit: enforced,
        Overridden: false,
      },
    ],
  });

  it('passes for an active two-way UK number with enough spend limit, found across pages', async () => {
    smsMock
      .on(DescribePhoneNumbersCommand, { NextToken: undefined })
      .resolves({ PhoneNumbers: [ukLongCode({ PhoneNumber: '+447700900999' })], NextToken: 'page-2' })
      .on(DescribePhoneNumbersCommand, { NextToken: 'page-2' })
      .resolves({ PhoneNumbers: [ukLongCode()] });
    smsMock.on(DescribeSpendLimitsCommand).resolves(spendLimit(50));
    const result = await checkTextMessages(sms, withNumber(), 'eu-west-2');
    expect(result.status).toBe('ok');
    expect(result.detail).toContain('$50');
  });

  it('asks for an ARN by id rather than listing every number', async () => {
    const arn = `arn:aws:sms-voice:eu-west-2:${ACCOUNT}:phone-number/phone-1`;
    smsMock
      .on(DescribePhoneNumbersCommand, { PhoneNumberIds: [arn] })
      .resolves({ PhoneNumbers: [ukLongCode()] });
    smsMock.on(DescribeSpendLimitsCommand).resolves(spendLimit(50));
    const result = await checkTextMessages(
      sms,
      practiceSettings({ sms: { originationIdentity: arn, monthlySpendLimitUsd: 10 } }),
      'eu-west-2',
    );
    expect(result.status).toBe('ok');
    expect(smsMock).toHaveReceivedCommandWith(DescribePhoneNumbersCommand, { PhoneNumberIds: [arn] });
  });

  it('warns, without calling AWS, when no number is configured', async () => {
    const result = await checkTextMessages(sms, practiceSettings(), 'eu-west-2');
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('sms.originationIdentity');
    expect(smsMock.calls()).toHaveLength(0);
  });

  it('warns when the spend limit is still the new-account $1 and cdk.json expects more', async () => {
    smsMock.on(DescribePhoneNumbersCommand).resolves({ PhoneNumbers: [ukLongCode()] });
    smsMock.on(DescribeSpendLimitsCommand).resolves(spendLimit(1));
    const result = await checkTextMessages(sms, withNumber(10), 'eu-west-2');
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('$1, below the $10');
  });

  it('warns while the account is still in the SMS sandbox', async () => {
    smsMock.on(DescribePhoneNumbersCommand).resolves({ PhoneNumbers: [ukLongCode()] });
    smsMock.on(DescribeSpendLimitsCommand).resolves(spendLimit(50));
    smsMock
      .on(DescribeAccountAttributesCommand)
      .resolves({ AccountAttributes: [{ Name: 'ACCOUNT_TIER', Value: 'SANDBOX' }] });
    const result = await checkTextMessages(sms, withNumber(), 'eu-west-2');
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('SMS sandbox');
  });

  it('warns when two-way SMS is off, since replies would not be read', async () => {
    smsMock
      .on(DescribePhoneNumbersCommand)
      .resolves({ PhoneNumbers: [ukLongCode({ TwoWayEnabled: false })] });
    smsMock.on(DescribeSpendLimitsCommand).resolves(spendLimit(50));
    const result = await checkTextMessages(sms, withNumber(), 'eu-west-2');
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('two-way SMS is off');
  });

  it('fails when the configured number is not in the account', async () => {
    smsMock
      .on(DescribePhoneNumbersCommand)
      .resolves({ PhoneNumbers: [ukLongCode({ PhoneNumber: '+447700900999' })] });
    const result = await checkTextMessages(sms, withNumber(), 'eu-west-2');
    expect(result.status).toBe('fail');
    expect(result.detail).toContain(NUMBER);
  });
});

describe('checkAlarmSubscription', () => {
  const cloudFormation = new CloudFormationClient({ region: 'eu-west-2', credentials });
  const sns = new SNSClient({ region: 'eu-west-2', credentials });
  const cfnMock = mockClient(cloudFormation);
  const snsMock = mockClient(sns);
  const options = { alarmEmail: 'prescriber@stmarys-surgery.co.uk', region: 'eu-west-2' };
  beforeEach(() => {
    cfnMock.reset();
    snsMock.reset();
    cfnMock.on(DescribeStacksCommand, { StackName: 'CommunityKindness' }).resolves({
      Stacks: [
        stack({
          StackName: 'CommunityKindness',
          Outputs: [{ OutputKey: 'AlarmTopicArn', OutputValue: TOPIC_ARN }],
        }),
      ],
    });
  });

  it('passes when the alarm address has confirmed, reading the topic from the stack outputs', async () => {
    snsMock.on(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC_ARN }).resolves({
      Subscriptions: [
        {
          Protocol: 'email',
          Endpoint: options.alarmEmail,
          SubscriptionArn: `${TOPIC_ARN}:0a1b`,
          TopicArn: TOPIC_ARN,
        },
      ],
    });
    const result = await checkAlarmSubscription(cloudFormation, sns, options);
    expect(result.status).toBe('ok');
    expect(snsMock).toHaveReceivedCommandWith(ListSubscriptionsByTopicCommand, { TopicArn: TOPIC_ARN });
  });

  it('warns while the subscription waits for its confirmation click', async () => {
    snsMock.on(ListSubscriptionsByTopicCommand).resolves({
      Subscriptions: [
        { Protocol: 'email', Endpoint: options.alarmEmail, SubscriptionArn: 'PendingConfirmation' },
      ],
    });
    const result = await checkAlarmSubscription(cloudFormation, sns, options);
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('waiting for confirmation');
  });

  it('warns before the first deploy, without asking SNS', async () => {
    cfnMock.on(DescribeStacksCommand).rejects(stackMissing('CommunityKindness'));
    const result = await checkAlarmSubscription(cloudFormation, sns, options);
    expect(result.status).toBe('warn');
    expect(result.detail).toContain('not deployed');
    expect(snsMock.calls()).toHaveLength(0);
  });

  it('fails when nobody is subscribed any more', async () => {
    snsMock.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });
    const result = await checkAlarmSubscription(cloudFormation, sns, options);
    expect(result.status).toBe('fail');
    expect(result.fix).toContain(options.alarmEmail);
  });
});

describe('runCheck', () => {
  it('turns a refused permission into a failed line that names the permissions section', async () => {
    const result = await runCheck('Alarm emails', () =>
      Promise.reject(
        Object.assign(new Error('not authorized to perform: sns:ListSubscriptionsByTopic'), {
          name: 'AuthorizationError',
        }),
      ),
    );
    expect(result).toMatchObject({ name: 'Alarm emails', status: 'fail' });
    expect(result.detail).toContain('sns:ListSubscriptionsByTopic');
  });

  it('passes a check’s own result through', async () => {
    const own = { name: 'x', status: 'ok' as const, detail: 'fine' };
    expect(await runCheck('x', () => Promise.resolve(own))).toBe(own);
  });
});

describe('npm run doctor', () => {
  it('stops with a failed cdk.json line, before asking AWS anything, when the settings are invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ck-doctor-'));
    const cdkJson = join(dir, 'cdk.json');
    writeFileSync(
      cdkJson,
      JSON.stringify({
        context: {
          communityKindness: {
            senderEmail: 'a@b.org',
            prescriberEmail: 'c@d.org',
            schemePhone: '01747 822000',
            serviceAreas: ['SP8'],
          },
          deployment: {
            domainName: 'help.b.org',
            certificateArn: `arn:aws:acm:eu-west-2:${ACCOUNT}:certificate/abc`,
          },
        },
      }),
    );
    const run = promisify(execFile)('npx', ['tsx', 'scripts/doctor.ts', '--cdk-json', cdkJson], {
      env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' },
    });
    await expect(run).rejects.toMatchObject({ code: 1 });
    const { stdout } = (await run.catch((error: unknown) => error)) as { stdout: string };
    expect(stdout).toContain('[FAIL] cdk.json');
    expect(stdout).toContain('us-east-1');
    expect(stdout).not.toContain('AWS credentials');
  });
});

describe('the runbook the fixes point to', () => {
  it('has a heading for every section a fix names', () => {
    const headings = readFileSync(DEPLOY_GUIDE, 'utf8')
      .split('\n')
      .filter((line) => /^#{2,3} /.test(line))
      .map((line) => line.replace(/^#+ /, '').trim());
    for (const section of Object.values(GUIDE_SECTIONS)) expect(headings).toContain(section);
  });
});
