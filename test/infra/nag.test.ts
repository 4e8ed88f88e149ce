import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { EdgeStack } from '../../infra/edge.js';
import { acknowledgeNagFindings } from '../../infra/nag.js';
import { CommunityKindnessStack } from '../../infra/stack.js';
import { deploySettings } from '../../sandbox/synthesized.js';

/** Promise 9: cdk-nag's AwsSolutions and Serverless packs find nothing that is not fixed or acknowledged. */
const settings = deploySettings();

interface Report {
  pluginReports: { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
}

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id,
          reason,
        })),
      ),
  );
}

describe('cdk-nag', () => {
  it('finds no unacknowledged issue in either stack, and every acknowledgement names its control', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'ck-nag-'));
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] }, outdir });
    const edge = new EdgeStack(app, 'Edge', {
      submitRateLimitPer5Minutes: settings.submitRateLimitPer5Minutes,
      env: { account: '000000000000', region: 'us-east-1' },
      crossRegionReferences: true,
    });
    const main = new CommunityKindnessStack(app, 'Main', {
      settings,
      webAclArn: edge.webAclArn,
      env: { account: '000000000000', region: 'eu-west-2' },
      crossRegionReferences: true,
    });
    acknowledgeNagFindings(main);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));

    let synthError: unknown;
    try {
      app.synth();
    } catch (error) {
      synthError = error;
    }
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as Report;
    const findings = report.pluginReports.flatMap((p) =>
      p.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`)),
    );
    expect(findings).toEqual([]);
    expect(synthError).toBeUndefined();

    const acknowledged = acknowledgements(app);
    console.warn(
      `cdk-nag: 0 unacknowledged findings; ${acknowledged.length} acknowledgements, each on one resource with its reason`,
    );
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledged) {
      expect(reason.length, `${id} at ${path}`).toBeGreaterThan(40);
      // Scoped to one resource (a construct below the stack), never to a stack or the app.
      expect(path.split('/').length, `${id} at ${path}`).toBeGreaterThan(1);
    }
  }, 120_000);
});
