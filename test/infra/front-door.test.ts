import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../infra/catalogue.js';
import { acknowledgeNagFindings } from '../../infra/nag.js';
import { CommunityKindnessStack, type CommunityKindnessStackProps } from '../../infra/stack.js';
import { parseDeploymentSettings, parseSettings } from '../../shared/config.js';
import {
  actionsOf,
  allowedActions,
  asRecord,
  catalogueFunction,
  catalogueFunctions,
  cdkJsonContext,
  onlyResourceOfType,
  props,
  referencedId,
  resourcesOf,
  roleStatements,
  synthesizeStack,
  type CfnResource,
  type CfnTemplate,
} from './helpers.js';

/**
 * Only through the front door, a custom domain, and no tokens in CloudFront or API logs: the
 * synthesized templates, with and without a domain.
 */
const DOMAIN = 'help.example.org';
const CERTIFICATE = 'arn:aws:acm:us-east-1:000000000000:certificate/11111111-2222-3333-4444-555555555555';

function synthesize(extra: Partial<CommunityKindnessStackProps> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CommunityKindnessStack(app, 'CommunityKindness', {
    settings: parseSettings(cdkJsonContext()),
    env: { account: '000000000000', region: 'eu-west-2' },
    ...extra,
  });
  return { stack, json: Template.fromStack(stack).toJSON() as CfnTemplate };
}

const plain = synthesizeStack();
const withDomain = synthesize({
  deployment: parseDeploymentSettings({ domainName: DOMAIN, certificateArn: CERTIFICATE }),
});

type Origin = {
  Id: string;
  DomainName: unknown;
  OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
};

function distributionConfig(json: CfnTemplate): Record<string, unknown> {
  return asRecord(props(onlyResourceOfType(json, 'AWS::CloudFront::Distribution')[1]).DistributionConfig);
}

function apiOrigins(json: CfnTemplate): Origin[] {
  return (distributionConfig(json).Origins as Origin[]).filter((o) =>
    JSON.stringify(o.DomainName).includes('execute-api'),
  );
}

/** The origin secret; the stack's other secret keys the volunteer lookups. */
function originSecret(json: CfnTemplate): [string, CfnResource] {
  const found = Object.entries(json.Resources).filter(
    ([id, resource]) =>
      (resource as { Type?: string }).Type === 'AWS::SecretsManager::Secret' && id.includes('OriginVerify'),
  );
  if (found.length !== 1) throw new Error(`expected one origin secret, found ${found.length}`);
  return found[0] as [string, CfnResource];
}

function secretId(json: CfnTemplate): string {
  return originSecret(json)[0];
}

/** The functions behind the HTTP routes, from the catalogue. */
const routeFunctionNames = [...new Set(ROUTES.map((r) => r.fn))];

describe('only through the front door', () => {
  it('keeps the origin secret in Secrets Manager, generated there: no value in the template', () => {
    const [, secret] = originSecret(plain.json);
    expect(props(secret).GenerateSecretString).toMatchObject({
      PasswordLength: 64,
      ExcludePunctuation: true,
    });
    expect(props(secret).SecretString).toBeUndefined();
  });

  it('has CloudFront send the secret to the API as x-origin-verify, read by a dynamic reference at deploy time', () => {
    const origins = apiOrigins(plain.json);
    expect(origins).toHaveLength(1);
    const headers = origins[0]?.OriginCustomHeaders ?? [];
    expect(headers.map((h) => h.HeaderName)).toEqual(['x-origin-verify']);
    const value = JSON.stringify(headers[0]?.HeaderValue);
    expect(value).toContain('{{resolve:secretsmanager:');
    expect(value).toContain(`{"Ref":"${secretId(plain.json)}"}`);
  });

  it('sends every API behaviour (pages, posts and the dashboard) to that one origin with the header', () => {
    const config = distributionConfig(plain.json);
    const apiOriginId = apiOrigins(plain.json)[0]?.Id;
    const behaviours = [
      asRecord(config.DefaultCacheBehavior),
      ...(config.CacheBehaviors as Record<string, unknown>[]).filter((b) => b.PathPattern !== '/assets/*'),
    ];
    expect(behaviours.map((b) => b.PathPattern ?? 'default')).toEqual(['default', '/admin*']);
    for (const behaviour of behaviours) expect(behaviour.TargetOriginId).toBe(apiOriginId);
  });

  it('pins the header to a secret version after a rotation, so CloudFormation reads the new value', () => {
    const rotated = synthesize({ originVerifySecretVersionId: 'b2c3d4e5-0000-4000-8000-000000000001' });
    const value = JSON.stringify(apiOrigins(rotated.json)[0]?.OriginCustomHeaders?.[0]?.HeaderValue);
    expect(value).toContain(':SecretString:::b2c3d4e5-0000-4000-8000-000000000001}}');
  });

  it('tells every HTTP function where the secret is, lets it read only that secret, through the extension', () => {
    const functions = catalogueFunctions(plain.json);
    for (const name of routeFunctionNames) {
      const [fn] = functions[name];
      expect(fn, name).toBeDefined();
      const resource = fn?.resource;
      const env = asRecord(asRecord(props(resource).Environment).Variables);
      expect(referencedId(env.ORIGIN_VERIFY_SECRET_ARN), name).toBe(secretId(plain.json));
      expect(env.PARAMETERS_SECRETS_EXTENSION_CACHE_ENABLED, name).toBe('false');
      expect(JSON.stringify(props(resource).Layers), name).toContain(
        'AWS-Parameters-and-Secrets-Lambda-Extension',
      );
      const secretStatements = roleStatements(plain.json, resource ?? { Type: '' }).filter((s) =>
        actionsOf(s).some((a) => a.startsWith('secretsmanager:')),
      );
      expect(allowedActions(secretStatements), name).toEqual([
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
      ]);
      const secretsRead = secretStatements.flatMap((statement) => resourcesOf(statement).map(referencedId));
      expect(secretsRead, name).toContain(secretId(plain.json));
      // The only other secret a route's function may read is the one that keys the volunteer lookups.
      for (const other of secretsRead.filter((id) => id !== secretId(plain.json)))
        expect(other, name).toMatch(/^LookupSecret/);
    }
  });

  it('gives the secret to no function that is not behind an HTTP route', () => {
    const functions = catalogueFunctions(plain.json);
    for (const name of ['startMatching', 'wave', 'emailEvents', 'dailyDigest'] as const) {
      for (const fn of functions[name]) {
        const env = asRecord(asRecord(props(fn.resource).Environment).Variables);
        expect(env.ORIGIN_VERIFY_SECRET_ARN, name).toBeUndefined();
      }
    }
  });
});

describe('custom domain', () => {
  it('without a domain: CloudFront default certificate, email links to the CloudFront domain', () => {
    const config = distributionConfig(plain.json);
    expect(config.Aliases).toBeUndefined();
    expect(config.ViewerCertificate).toBeUndefined();
    const env = asRecord(
      asRecord(props(catalogueFunction(plain.json, 'submitRequest').resource).Environment).Variables,
    );
    expect(JSON.stringify(env.PUBLIC_BASE_URL)).toContain('DomainName');
  });

  it('with a domain: the alias, its us-east-1 certificate by SNI, and TLS 1.2 (2021) as the minimum', () => {
    const config = distributionConfig(withDomain.json);
    expect(config.Aliases).toEqual([DOMAIN]);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: CERTIFICATE,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
  });

  it('with a domain: every link in every email starts with https://<domain>', () => {
    for (const [name, functions] of Object.entries(catalogueFunctions(withDomain.json))) {
      for (const fn of functions) {
        const env = asRecord(asRecord(props(fn.resource).Environment).Variables);
        expect(env.PUBLIC_BASE_URL, name).toBe(`https://${DOMAIN}`);
      }
    }
    const outputs = (withDomain.json as unknown as { Outputs: Record<string, { Value: unknown }> }).Outputs;
    expect(outputs.PublicUrl?.Value).toBe(`https://${DOMAIN}`);
  });

  it('refuses a domain without a certificate, a certificate without a domain, and one outside us-east-1', () => {
    expect(() => parseDeploymentSettings({ domainName: DOMAIN })).toThrow(/certificateArn/);
    expect(() =>
      synthesize({ deployment: parseDeploymentSettings({ certificateArn: CERTIFICATE }) }),
    ).toThrow(/without domainName/);
    expect(() =>
      parseDeploymentSettings({
        domainName: DOMAIN,
        certificateArn: CERTIFICATE.replace('us-east-1', 'eu-west-2'),
      }),
    ).toThrow(/us-east-1/);
  });

  it('acknowledges cdk-nag CFR4 (old TLS) only without a domain', () => {
    const cfr4On = (stack: CommunityKindnessStack) => {
      acknowledgeNagFindings(stack);
      return stack.web.distribution.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .some((m) =>
          Object.keys(m.data as Record<string, string>).some((id) => id.endsWith('AwsSolutions-CFR4')),
        );
    };
    expect(cfr4On(synthesize().stack)).toBe(true);
    expect(
      cfr4On(
        synthesize({
          deployment: parseDeploymentSettings({ domainName: DOMAIN, certificateArn: CERTIFICATE }),
        }).stack,
      ),
    ).toBe(false);
  });
});

describe('no token in CloudFront or API logs', () => {
  it('has no CloudFront standard logging, with or without a domain', () => {
    expect(distributionConfig(plain.json).Logging).toBeUndefined();
    expect(distributionConfig(withDomain.json).Logging).toBeUndefined();
  });

  it('logs the route template, never the path, query string or headers, in the API access log', () => {
    const [, stage] = onlyResourceOfType(plain.json, 'AWS::ApiGatewayV2::Stage');
    const format = String(asRecord(props(stage).AccessLogSettings).Format);
    const fields = JSON.parse(format) as Record<string, string>;
    expect(fields.routeKey).toBe('$context.routeKey');
    for (const value of Object.values(fields)) {
      expect(value).toMatch(/^\$context\.[A-Za-z.]+$/);
      expect(value).not.toMatch(/path|querystring|header|domainName|authorizer/i);
    }
  });
});
