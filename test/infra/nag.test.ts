import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { cdkJsonContext } from './helpers.js';

/** Promise 9: cdk-nag's AwsSolutions and Serverless packs find nothing that is not fixed or acknowledged. */
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
    // The app exactly as `cdk synth` builds it (nag plugins and acknowledgements included), bundling skipped.
    const { app } = buildApp({
      context: {
        'aws:cdk:bundling-stacks': [],
        communityKindness: cdkJsonContext(),
        deployment: { region: 'eu-west-2' },
      },
      env: { CDK_DEFAULT_ACCOUNT: '000000000000', CDK_DEFAULT_REGION: 'us-east-1' },
      outdir,
    });

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

    // A function may go without a DeadLetterConfig only for a reason that holds: its failures reach a
    // person synchronously, or its invoker's on-failure destination is a named, alarmed queue.
    // Our own functions (AppFunction's "Fn"); CDK's deploy-time asset copier has its own reason.
    const noDeadLetter = acknowledged.filter(
      (a) => a.id.endsWith('Serverless-LambdaDLQ') && a.path.endsWith('/Fn'),
    );
    expect(noDeadLetter.length).toBeGreaterThan(0);
    for (const { path, reason } of noDeadLetter) {
      expect(reason, path).toMatch(
        /^(Invoked synchronously by (API Gateway|Step Functions)|Invoked asynchronously: failed events go to the on-failure destination \S+ \(alarmed\)|Invoked by a DynamoDB stream event source mapping whose on-failure destination is \S+ \(alarmed\))/,
      );
    }
    const digest = noDeadLetter.find((a) => a.path.includes('/DailyDigest/'));
    expect(digest?.reason).toContain('on-failure destination CommunityKindness/DailyDigest/DeadLetters');
  }, 240_000);
});
