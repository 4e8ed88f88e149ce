import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ENTRY_METADATA_KEY, FUNCTIONS, type FunctionName } from '../../infra/catalogue.js';
import { CommunityKindnessStack } from '../../infra/stack.js';
import { parseSettings, type SchemeSettings } from '../../shared/config.js';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DependsOn?: string | string[];
}

export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

export interface SynthesizedStack {
  stack: CommunityKindnessStack;
  template: Template;
  json: CfnTemplate;
  settings: SchemeSettings;
}

/** The `communityKindness` context object exactly as cdk.json holds it (what `cdk deploy` parses). */
export function cdkJsonContext(): unknown {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context.communityKindness;
}

/** Synthesizes the real stack in-process with bundling skipped (about 5 s): call once per file. */
export function synthesizeStack(): SynthesizedStack {
  const settings = parseSettings(cdkJsonContext());
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CommunityKindnessStack(app, 'CommunityKindness', {
    settings,
    env: { account: '000000000000', region: 'eu-west-2' },
  });
  const template = Template.fromStack(stack);
  return { stack, template, json: template.toJSON() as CfnTemplate, settings };
}

export function resourcesOfType(json: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(json.Resources).filter(([, resource]) => resource.Type === type);
}

export function onlyResourceOfType(json: CfnTemplate, type: string): [string, CfnResource] {
  const found = resourcesOfType(json, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as [string, CfnResource];
}

export function props(resource: CfnResource | undefined): Record<string, unknown> {
  return resource?.Properties ?? {};
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** `{ "Ref": id }` or `{ "Fn::GetAtt": [id, attr] }` → id; anything else → undefined. */
export function referencedId(value: unknown): string | undefined {
  const record = asRecord(value);
  if (typeof record.Ref === 'string') return record.Ref;
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}

export interface CatalogueFunction {
  name: FunctionName;
  logicalId: string;
  resource: CfnResource;
}

/** Each Lambda function that carries the catalogue's entry metadata, by catalogue name (all matches kept). */
export function catalogueFunctions(json: CfnTemplate): Record<FunctionName, CatalogueFunction[]> {
  const byName = Object.fromEntries(Object.keys(FUNCTIONS).map((name) => [name, []])) as unknown as Record<
    FunctionName,
    CatalogueFunction[]
  >;
  for (const [logicalId, resource] of resourcesOfType(json, 'AWS::Lambda::Function')) {
    const entry = resource.Metadata?.[ENTRY_METADATA_KEY];
    const name = (Object.keys(FUNCTIONS) as FunctionName[]).find((n) => FUNCTIONS[n].entry === entry);
    if (name) byName[name].push({ name, logicalId, resource });
  }
  return byName;
}

/** The one function for a catalogue name; throws when there is none or more than one. */
export function catalogueFunction(json: CfnTemplate, name: FunctionName): CatalogueFunction {
  const found = catalogueFunctions(json)[name];
  if (found.length !== 1) throw new Error(`expected one function for ${name}, found ${found.length}`);
  return found[0] as CatalogueFunction;
}

/** Statements of every AWS::IAM::Policy attached to the role a function runs as (plus inline role policies). */
export function roleStatements(json: CfnTemplate, fn: CfnResource): PolicyStatement[] {
  const roleId = referencedId(props(fn).Role);
  if (!roleId) throw new Error('function has no role in this template');
  const statements: PolicyStatement[] = [];
  for (const [, policy] of resourcesOfType(json, 'AWS::IAM::Policy')) {
    const roles = props(policy).Roles;
    if (!Array.isArray(roles) || !roles.some((r) => referencedId(r) === roleId)) continue;
    statements.push(...policyDocumentStatements(props(policy).PolicyDocument));
  }
  const inline = props(json.Resources[roleId]).Policies;
  if (Array.isArray(inline)) {
    for (const p of inline) statements.push(...policyDocumentStatements(asRecord(p).PolicyDocument));
  }
  return statements;
}

function policyDocumentStatements(document: unknown): PolicyStatement[] {
  const statement = asRecord(document).Statement;
  return Array.isArray(statement) ? (statement as PolicyStatement[]) : [];
}

export function actionsOf(statement: PolicyStatement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

export function resourcesOf(statement: PolicyStatement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

/** Sorted, de-duplicated actions a role's Allow statements grant. */
export function allowedActions(statements: PolicyStatement[]): string[] {
  const actions = statements.filter((s) => s.Effect === 'Allow').flatMap(actionsOf);
  return [...new Set(actions)].sort();
}

/** Every logical id a value refers to through Ref, Fn::GetAtt or ${Sub} placeholders. */
export function referencesIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) referencesIn(v, into);
  } else if (value !== null && typeof value === 'object') {
    const id = referencedId(value);
    if (id && !id.startsWith('AWS::')) into.add(id);
    const sub = (value as Record<string, unknown>)['Fn::Sub'];
    const subText =
      typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : '';
    for (const match of subText.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) {
      if (match[1]) into.add(match[1]);
    }
    for (const v of Object.values(value)) referencesIn(v, into);
  }
  return into;
}

/** A dependency cycle among resources (Ref, GetAtt, Sub, DependsOn) as a list of ids, or undefined. */
export function findDependencyCycle(json: CfnTemplate): string[] | undefined {
  const edges = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(json.Resources)) {
    const deps = referencesIn(resource.Properties);
    const dependsOn = resource.DependsOn;
    for (const d of Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : []) deps.add(d);
    edges.set(
      id,
      [...deps].filter((d) => d in json.Resources),
    );
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const next of edges.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}

export interface AslValidationResult {
  isValid: boolean;
  errors: { message?: string }[];
  errorsText: (separator?: string) => string;
}

export type AslValidator = (
  definition: unknown,
  options?: { checkPaths?: boolean; checkArn?: boolean },
) => AslValidationResult;

/** asl-validator v4 is CommonJS without type declarations: load it through require and type it here. */
export function loadAslValidator(): AslValidator {
  const require = createRequire(import.meta.url);
  return require('asl-validator') as AslValidator;
}
