import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { ENTRY_METADATA_KEY } from '../infra/catalogue.js';
import { removeStagedAssetFolders } from '../infra/constructs/web.js';
import { CommunityKindnessStack } from '../infra/stack.js';
import { parseSettings, type SchemeSettings } from '../shared/config.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type CfnResource = { Type: string; Properties?: Record<string, Json>; Metadata?: Record<string, Json> };
export type Template = { Resources: Record<string, CfnResource> };

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'eu-west-2';

/** The settings `cdk deploy` uses, read from the same cdk.json context. */
export function deploySettings(): SchemeSettings {
  const cdkJson = JSON.parse(readFileSync('cdk.json', 'utf8')) as { context: Record<string, unknown> };
  return parseSettings(cdkJson.context.communityKindness);
}

/** Synthesizes the real stack in-process, without bundling (the sandbox runs the TypeScript sources). */
export function synthesizeTemplate(settings: SchemeSettings = deploySettings()): Template {
  // The cloud assembly goes to a folder of our own, removed with the staged assets once the template
  // is read: CDK's default is a new temporary folder on every synthesis, never removed.
  const outdir = mkdtempSync(join(tmpdir(), 'ck-synth-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new CommunityKindnessStack(app, 'CommunityKindness', {
      settings,
      env: { account: LOCAL_ACCOUNT, region: LOCAL_REGION },
    });
    return app.synth().getStackByName(stack.stackName).template as Template;
  } finally {
    removeStagedAssetFolders();
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** A local ARN for a resource; the function ARNs name the logical id so a Task can be traced back to its module. */
export function localArn(logicalId: string, resource: CfnResource | undefined): string {
  if (resource?.Type === 'AWS::Lambda::Function') {
    return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;
  }
  if (resource?.Type === 'AWS::StepFunctions::StateMachine') {
    return `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${logicalId}`;
  }
  return `arn:aws:local:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${logicalId}`;
}

/** Resolves the intrinsic functions CDK puts in a definition string (Fn::Join of literals, GetAtt, Ref, pseudo-parameters). */
export function resolveIntrinsics(value: Json, template: Template): Json {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, template));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const arg = value[key] as Json;
    if (key === 'Fn::Join' && Array.isArray(arg)) {
      const [separator, parts] = arg as [string, Json[]];
      return parts.map((p) => String(resolveIntrinsics(p, template))).join(separator);
    }
    if (key === 'Fn::GetAtt' && Array.isArray(arg)) {
      const [logicalId] = arg as [string, string];
      return localArn(logicalId, template.Resources[logicalId]);
    }
    if (key === 'Ref' && typeof arg === 'string') {
      if (arg === 'AWS::Partition') return 'aws';
      if (arg === 'AWS::Region') return LOCAL_REGION;
      if (arg === 'AWS::AccountId') return LOCAL_ACCOUNT;
      if (arg === 'AWS::URLSuffix') return 'amazonaws.com';
      return localArn(arg, template.Resources[arg]);
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v, template)]));
}

export interface SynthesizedWorkflow {
  /** The Amazon States Language definition exactly as deployed, with ARNs made local. */
  definition: { StartAt: string; States: Record<string, Record<string, Json>> } & Record<string, Json>;
  /** Task state name → the source module of the Lambda function it invokes. */
  taskEntries: Record<string, string>;
}

export function synthesizedWorkflow(template: Template): SynthesizedWorkflow {
  const machines = Object.values(template.Resources).filter(
    (r) => r.Type === 'AWS::StepFunctions::StateMachine',
  );
  if (machines.length !== 1) throw new Error(`expected one state machine, found ${machines.length}`);
  const definitionString = resolveIntrinsics(machines[0]?.Properties?.DefinitionString ?? null, template);
  const definition = JSON.parse(String(definitionString)) as SynthesizedWorkflow['definition'];
  const taskEntries: Record<string, string> = {};
  for (const [stateName, state] of Object.entries(definition.States)) {
    if (state.Type !== 'Task') continue;
    const logicalId = String(state.Resource).split(':function:')[1] ?? '';
    const entry = template.Resources[logicalId]?.Metadata?.[ENTRY_METADATA_KEY];
    if (typeof entry !== 'string') throw new Error(`Task ${stateName} does not invoke a known function`);
    taskEntries[stateName] = entry;
  }
  return { definition, taskEntries };
}

/** The table as the stack declares it, for creating the same table in DynamoDB Local. */
export function tableDeclaration(template: Template): Record<string, Json> {
  const table = Object.values(template.Resources).find((r) => r.Type === 'AWS::DynamoDB::GlobalTable');
  if (!table?.Properties) throw new Error('no table in the template');
  return table.Properties;
}

/** A stream trigger's filter patterns (Lambda event filtering), for the function deployed from `entry`. */
export function streamFilterPatterns(template: Template, entry: string): Json[] {
  const mapping = Object.values(template.Resources).find((r) => {
    if (r.Type !== 'AWS::Lambda::EventSourceMapping') return false;
    const target = r.Properties?.FunctionName as { Ref?: string } | undefined;
    const fn = target?.Ref ? template.Resources[target.Ref] : undefined;
    return fn?.Metadata?.[ENTRY_METADATA_KEY] === entry;
  });
  if (!mapping) throw new Error(`no stream trigger for ${entry}`);
  const filters = (mapping.Properties?.FilterCriteria as { Filters?: { Pattern: string }[] } | undefined)
    ?.Filters;
  return (filters ?? []).map((f) => JSON.parse(f.Pattern) as Json);
}
