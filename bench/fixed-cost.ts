import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { EdgeStack } from '../infra/edge.js';
import type { MetricName } from '../shared/domain/ports.js';
import type { SchemeSettings } from '../shared/config.js';
import { synthesizeTemplate } from '../sandbox/synthesized.js';
import { FIXED_MONTHLY_PRICES } from './prices.js';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;
interface Template {
  Resources?: Resources;
}

/**
 * Every business metric the code can write, listed by the type's keys so that a new metric name fails
 * to compile here until it is counted. Each is one CloudWatch metric (one dimension, the service).
 */
const CUSTOM_METRICS: Record<MetricName, true> = {
  RequestsReceived: true,
  InvitesSent: true,
  Accepted: true,
  Escalated: true,
  TimeToAcceptSeconds: true,
};

export interface FixedCostLine {
  item: string;
  quantity: number;
  unitUsd: number;
  monthlyUsd: number;
  counted: string;
}

export interface FixedCost {
  lines: FixedCostLine[];
  monthlyUsd: number;
}

function ofType(template: Template, type: string): { Properties?: Record<string, unknown> }[] {
  return Object.values(template.Resources ?? {}).filter((r) => r.Type === type);
}

function edgeTemplate(settings: SchemeSettings): Template {
  const outdir = mkdtempSync(join(tmpdir(), 'ck-bench-edge-'));
  try {
    const app = new App({ outdir });
    const edge = new EdgeStack(app, 'BenchEdge', {
      submitRateLimitPer5Minutes: settings.submitRateLimitPer5Minutes,
      env: { region: 'us-east-1' },
    });
    return app.synth().getStackByName(edge.stackName).template as Template;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * One practice's monthly bill before any request: the resources counted in the synthesized main and
 * edge templates, priced from bench/prices.ts. Usage charges (WAF per request, KMS per call, SMS per
 * segment) are not here: they scale with requests and belong to the per-1,000 figures.
 */
export function fixedMonthlyCost(settings: SchemeSettings): FixedCost {
  const main = synthesizeTemplate(settings) as Template;
  const edge = edgeTemplate(settings);
  const acls = ofType(edge, 'AWS::WAFv2::WebACL');
  const rules = acls.flatMap((acl) => (acl.Properties?.Rules as Record<string, unknown>[] | undefined) ?? []);
  const botControl = rules.filter((rule) =>
    JSON.stringify(rule.Statement ?? {}).includes('AWSManagedRulesBotControlRuleSet'),
  ).length;
  const alarms = [...ofType(main, 'AWS::CloudWatch::Alarm'), ...ofType(edge, 'AWS::CloudWatch::Alarm')];
  const keys = [...ofType(main, 'AWS::KMS::Key'), ...ofType(edge, 'AWS::KMS::Key')];
  const secrets = [
    ...ofType(main, 'AWS::SecretsManager::Secret'),
    ...ofType(edge, 'AWS::SecretsManager::Secret'),
  ];
  const p = FIXED_MONTHLY_PRICES;
  const line = (item: string, quantity: number, unitUsd: number, counted: string): FixedCostLine => ({
    item,
    quantity,
    unitUsd,
    monthlyUsd: quantity * unitUsd,
    counted,
  });
  const lines = [
    line('WAF web ACL', acls.length, p.wafWebAcl.usd, 'AWS::WAFv2::WebACL in the edge template'),
    line('WAF rules', rules.length, p.wafRule.usd, 'Rules of those ACLs (a managed group is one rule)'),
    line(
      'WAF Bot Control subscription',
      botControl,
      p.wafBotControl.usd,
      'rules using AWSManagedRulesBotControlRuleSet',
    ),
    line('KMS customer managed keys', keys.length, p.kmsKey.usd, 'AWS::KMS::Key'),
    line('CloudWatch alarms', alarms.length, p.cloudWatchAlarm.usd, 'AWS::CloudWatch::Alarm'),
    line(
      'CloudWatch custom metrics',
      Object.keys(CUSTOM_METRICS).length,
      p.cloudWatchCustomMetric.usd,
      `business metrics (EMF): ${Object.keys(CUSTOM_METRICS).join(', ')}`,
    ),
    line(
      'Secrets Manager secrets',
      secrets.length,
      p.secretsManagerSecret.usd,
      'AWS::SecretsManager::Secret',
    ),
    line('SMS long code (UK, two-way)', 1, p.smsLongCodeUk.usd, 'one number for texts and replies'),
  ];
  return { lines, monthlyUsd: lines.reduce((sum, l) => sum + l.monthlyUsd, 0) };
}
