import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every Lambda function and every HTTP route, named once. The stack deploys from these tables
 * and the sandbox routes and runs from the same ones, so the two cannot drift apart.
 */
export const FUNCTIONS = {
  publicPages: { entry: 'functions/public-pages.ts', description: 'Request form and confirmation pages' },
  submitRequest: { entry: 'functions/submit-request.ts', description: 'Validates and stores a help request' },
  respond: { entry: 'functions/respond.ts', description: 'Volunteer respond page: GET shows, POST acts' },
  startMatching: {
    entry: 'functions/start-matching.ts',
    description: 'Starts matching from the table stream',
  },
  acknowledgeRequest: {
    entry: 'functions/acknowledge-request.ts',
    description: 'Workflow: confirms to the requester',
  },
  findCandidates: { entry: 'functions/find-candidates.ts', description: 'Workflow: chooses the next wave' },
  sendInvites: { entry: 'functions/send-invites.ts', description: 'Workflow: emails invites' },
  checkOutcome: {
    entry: 'functions/check-outcome.ts',
    description: 'Workflow: accepted, next wave or escalate',
  },
  escalate: { entry: 'functions/escalate.ts', description: 'Workflow: hands the request to the prescriber' },
} as const;

export type FunctionName = keyof typeof FUNCTIONS;

export type HttpMethod = 'GET' | 'POST';

export interface Route {
  method: HttpMethod;
  /** API Gateway path syntax: {name} is a path parameter. */
  path: string;
  fn: FunctionName;
}

export const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/', fn: 'publicPages' },
  { method: 'GET', path: '/requests/received', fn: 'publicPages' },
  { method: 'POST', path: '/requests', fn: 'submitRequest' },
  { method: 'GET', path: '/respond/{token}', fn: 'respond' },
  { method: 'POST', path: '/respond/{token}', fn: 'respond' },
];

/** CloudFormation metadata key that ties a synthesized function back to its source module. */
export const ENTRY_METADATA_KEY = 'community-kindness:entry';

const NHSUK_DIST = 'node_modules/nhsuk-frontend/dist/nhsuk';

/**
 * Static assets served under /assets/ (S3 behind CloudFront in AWS, the sandbox's server locally):
 * URL path below /assets/ → file in the repository. The NHS.UK stylesheet asks for /assets/images/*.
 */
export function assetFiles(root = '.'): Record<string, string> {
  const images = readdirSync(join(root, NHSUK_DIST, 'assets/images'));
  return {
    'nhsuk-frontend.min.css': join(NHSUK_DIST, 'nhsuk-frontend.min.css'),
    'nhsuk-frontend.min.js': join(NHSUK_DIST, 'nhsuk-frontend.min.js'),
    'favicon.ico': join(NHSUK_DIST, 'assets/images/favicon.ico'),
    ...Object.fromEntries(images.map((file) => [`images/${file}`, join(NHSUK_DIST, 'assets/images', file)])),
  };
}
