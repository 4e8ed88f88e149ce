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
  sendMessages: {
    entry: 'functions/send-messages.ts',
    description: 'The outbox sender: renders and sends each message once, from the table stream',
  },
  recordReportFacts: {
    entry: 'functions/record-report-facts.ts',
    description: "Reports: keeps each request's facts under the day it was made, from the table stream",
  },
  wave: {
    entry: 'functions/wave.ts',
    description: 'Workflow: a wave: accepted yet? if not, choose and invite the next volunteers',
  },
  escalate: { entry: 'functions/escalate.ts', description: 'Workflow: hands the request to the prescriber' },
  emailEvents: {
    entry: 'functions/email-events.ts',
    description: 'SES bounces and complaints: pauses the volunteer, tells the prescriber',
  },
  adminSignIn: {
    entry: 'functions/admin-sign-in.ts',
    description: 'Dashboard: sign in and sign out (Cognito)',
  },
  adminRequests: {
    entry: 'functions/admin-requests.ts',
    description: "Dashboard: what needs me now, a request's page, and search",
  },
  adminRequestActions: {
    entry: 'functions/admin-request-actions.ts',
    description: "Dashboard: a request's actions (assign, match again, take back, cancel, close, erase)",
  },
  adminMatchAgain: {
    entry: 'functions/admin-match-again.ts',
    description: 'Dashboard: find a volunteer again, and take an assignment back (a new workflow run)',
  },
  adminPhoneRequests: {
    entry: 'functions/admin-phone-requests.ts',
    description: 'Dashboard: requests taken by phone (the form and its post)',
  },
  selfService: {
    entry: 'functions/self-service.ts',
    description: 'Self-service links: cancel, done, release (matching again), pause and stop',
  },
  adminVolunteers: {
    entry: 'functions/admin-volunteers.ts',
    description: 'Dashboard: the volunteer roster, its import and export',
  },
  adminReports: {
    entry: 'functions/admin-reports.ts',
    description: 'Dashboard: reports for a period, and CSV',
  },
  // Welfare concerns and possible duplicates.
  concern: {
    entry: 'functions/concern.ts',
    description: 'Volunteer concern link: GET shows the form, POST tells the prescriber',
  },
  adminCare: {
    entry: 'functions/admin-care.ts',
    description: 'Dashboard: concerns, possible duplicates and recurring help (series)',
  },
  dailyDigest: {
    entry: 'functions/daily-digest.ts',
    description: 'Scheduled daily: the prescriber digest and the volunteers overdue reminders',
  },
  adminTeam: {
    entry: 'functions/admin-team.ts',
    description: 'Dashboard: the team of prescribers (admins add, disable and enable accounts in Cognito)',
  },
  smsInbound: {
    entry: 'functions/sms-inbound.ts',
    description: 'Text replies (End User Messaging two-way, through SNS): YES, NO, PAUSE, STOP',
  },
  volunteerProfile: {
    entry: 'functions/volunteer-profile.ts',
    description: "A volunteer's own details page, a new address's confirmation, and 'send me a link'",
  },
} as const;

export type FunctionName = keyof typeof FUNCTIONS;

export type HttpMethod = 'GET' | 'POST';

export interface Route {
  method: HttpMethod;
  /** API Gateway path syntax: {name} is a path parameter. */
  path: string;
  fn: FunctionName;
  /**
   * 'prescriber': behind the JWT authorizer (Cognito in AWS, the sandbox's local issuer locally); the
   * handler then checks the prescribers group. Routes without it are public.
   */
  auth?: 'prescriber';
}

const ROUTE_LIST = [
  { method: 'GET', path: '/', fn: 'publicPages' },
  { method: 'GET', path: '/requests/received', fn: 'publicPages' },
  { method: 'GET', path: '/accessibility', fn: 'publicPages' },
  { method: 'POST', path: '/requests', fn: 'submitRequest' },
  // Join the team: the form and its thank-you page are public pages; the application is stored like a request.
  { method: 'GET', path: '/volunteer', fn: 'publicPages' },
  { method: 'GET', path: '/volunteer/received', fn: 'publicPages' },
  { method: 'POST', path: '/volunteer', fn: 'submitRequest' },
  // A volunteer's own details: "send me a link", their page (personal link), a new address confirmed.
  { method: 'GET', path: '/volunteer/profile', fn: 'volunteerProfile' },
  { method: 'POST', path: '/volunteer/profile', fn: 'volunteerProfile' },
  { method: 'GET', path: '/volunteer/profile/{token}', fn: 'volunteerProfile' },
  { method: 'POST', path: '/volunteer/profile/{token}', fn: 'volunteerProfile' },
  { method: 'GET', path: '/volunteer/confirm/{token}', fn: 'volunteerProfile' },
  { method: 'POST', path: '/volunteer/confirm/{token}', fn: 'volunteerProfile' },
  { method: 'GET', path: '/respond/{token}', fn: 'respond' },
  { method: 'POST', path: '/respond/{token}', fn: 'respond' },
  // Short links for texts (a link is 70 of a text's 160 characters): GET only, their pages post to the long paths.
  { method: 'GET', path: '/r/{token}', fn: 'respond' },
  { method: 'GET', path: '/c/{token}', fn: 'selfService' },
  { method: 'GET', path: '/cancel/{token}', fn: 'selfService' },
  { method: 'POST', path: '/cancel/{token}', fn: 'selfService' },
  { method: 'GET', path: '/done/{token}', fn: 'selfService' },
  { method: 'POST', path: '/done/{token}', fn: 'selfService' },
  { method: 'GET', path: '/release/{token}', fn: 'selfService' },
  { method: 'POST', path: '/release/{token}', fn: 'selfService' },
  { method: 'GET', path: '/pause/{token}', fn: 'selfService' },
  { method: 'POST', path: '/pause/{token}', fn: 'selfService' },
  { method: 'GET', path: '/stop/{token}', fn: 'selfService' },
  { method: 'POST', path: '/stop/{token}', fn: 'selfService' },
  { method: 'GET', path: '/details/{token}', fn: 'selfService' },
  // The dashboard. Sign-in and sign-out are how a token is got, so they are the only public /admin routes.
  { method: 'GET', path: '/admin/sign-in', fn: 'adminSignIn' },
  { method: 'POST', path: '/admin/sign-in', fn: 'adminSignIn' },
  { method: 'POST', path: '/admin/sign-out', fn: 'adminSignIn' },
  // Setting up an authenticator app: the signed-in prescriber's own access token makes the Cognito calls.
  { method: 'GET', path: '/admin/two-step', fn: 'adminSignIn', auth: 'prescriber' },
  { method: 'POST', path: '/admin/two-step', fn: 'adminSignIn', auth: 'prescriber' },
  { method: 'GET', path: '/admin', fn: 'adminRequests', auth: 'prescriber' },
  { method: 'GET', path: '/admin/requests/new', fn: 'adminPhoneRequests', auth: 'prescriber' },
  { method: 'POST', path: '/admin/requests', fn: 'adminPhoneRequests', auth: 'prescriber' },
  { method: 'GET', path: '/admin/requests/{id}', fn: 'adminRequests', auth: 'prescriber' },
  // Search by reference, phone, email or name (exact, through keyed-hash search keys).
  { method: 'GET', path: '/admin/search', fn: 'adminRequests', auth: 'prescriber' },
  { method: 'POST', path: '/admin/requests/{id}/assign', fn: 'adminRequestActions', auth: 'prescriber' },
  { method: 'POST', path: '/admin/requests/{id}/rematch', fn: 'adminMatchAgain', auth: 'prescriber' },
  { method: 'POST', path: '/admin/requests/{id}/unassign', fn: 'adminMatchAgain', auth: 'prescriber' },
  { method: 'GET', path: '/admin/requests/{id}/erase', fn: 'adminRequestActions', auth: 'prescriber' },
  { method: 'POST', path: '/admin/requests/{id}/erase', fn: 'adminRequestActions', auth: 'prescriber' },
  { method: 'POST', path: '/admin/requests/{id}/cancel', fn: 'adminRequestActions', auth: 'prescriber' },
  { method: 'POST', path: '/admin/requests/{id}/close', fn: 'adminRequestActions', auth: 'prescriber' },
  // A team of prescribers: "I'll handle this" and "Give back" on a request; admins manage the accounts.
  { method: 'POST', path: '/admin/requests/{id}/claim', fn: 'adminRequestActions', auth: 'prescriber' },
  { method: 'POST', path: '/admin/requests/{id}/give-back', fn: 'adminRequestActions', auth: 'prescriber' },
  { method: 'GET', path: '/admin/team', fn: 'adminTeam', auth: 'prescriber' },
  { method: 'POST', path: '/admin/team', fn: 'adminTeam', auth: 'prescriber' },
  { method: 'POST', path: '/admin/team/{id}/disable', fn: 'adminTeam', auth: 'prescriber' },
  { method: 'POST', path: '/admin/team/{id}/enable', fn: 'adminTeam', auth: 'prescriber' },
  { method: 'GET', path: '/admin/volunteers', fn: 'adminVolunteers', auth: 'prescriber' },
  { method: 'POST', path: '/admin/volunteers', fn: 'adminVolunteers', auth: 'prescriber' },
  { method: 'GET', path: '/admin/volunteers/new', fn: 'adminVolunteers', auth: 'prescriber' },
  { method: 'GET', path: '/admin/volunteers/import', fn: 'adminVolunteers', auth: 'prescriber' },
  { method: 'POST', path: '/admin/volunteers/import', fn: 'adminVolunteers', auth: 'prescriber' },
  { method: 'GET', path: '/admin/volunteers/export', fn: 'adminVolunteers', auth: 'prescriber' },
  { method: 'GET', path: '/admin/volunteers/{id}', fn: 'adminVolunteers', auth: 'prescriber' },
  { method: 'POST', path: '/admin/volunteers/{id}', fn: 'adminVolunteers', auth: 'prescriber' },
  { method: 'POST', path: '/admin/volunteers/{id}/pause', fn: 'adminVolunteers', auth: 'prescriber' },
  { method: 'POST', path: '/admin/volunteers/{id}/remove', fn: 'adminVolunteers', auth: 'prescriber' },
  // People who applied to join: the queue, their checks, and the decision.
  { method: 'GET', path: '/admin/applicants', fn: 'adminVolunteers', auth: 'prescriber' },
  { method: 'GET', path: '/admin/applicants/{id}', fn: 'adminVolunteers', auth: 'prescriber' },
  { method: 'POST', path: '/admin/applicants/{id}/checks', fn: 'adminVolunteers', auth: 'prescriber' },
  { method: 'POST', path: '/admin/applicants/{id}/approve', fn: 'adminVolunteers', auth: 'prescriber' },
  { method: 'POST', path: '/admin/applicants/{id}/decline', fn: 'adminVolunteers', auth: 'prescriber' },
  { method: 'GET', path: '/admin/reports', fn: 'adminReports', auth: 'prescriber' },
  { method: 'GET', path: '/admin/reports/export', fn: 'adminReports', auth: 'prescriber' },
  // Welfare concerns and possible duplicates.
  { method: 'GET', path: '/concern/{token}', fn: 'concern' },
  { method: 'POST', path: '/concern/{token}', fn: 'concern' },
  {
    method: 'POST',
    path: '/admin/concerns/{requestId}/{concernId}/acknowledge',
    fn: 'adminCare',
    auth: 'prescriber',
  },
  { method: 'POST', path: '/admin/requests/{id}/duplicate', fn: 'adminCare', auth: 'prescriber' },
  { method: 'GET', path: '/admin/series/{id}', fn: 'adminCare', auth: 'prescriber' },
  { method: 'POST', path: '/admin/series/{id}/end', fn: 'adminCare', auth: 'prescriber' },
  { method: 'POST', path: '/admin/series/{id}/stop', fn: 'adminCare', auth: 'prescriber' },
] as const satisfies readonly Route[];

export const ROUTES: readonly Route[] = ROUTE_LIST;

/** Each route exactly as written above: handlers' route tables are checked against these at compile time. */
export type CatalogueRoute = (typeof ROUTE_LIST)[number];

/**
 * API Gateway's catch-all `$default` route: any address or method no route above matches. Its function
 * answers with a page in the service's style (404, or 405 for a known address asked the wrong way),
 * rather than API Gateway's bare JSON.
 */
export const FALLBACK_FUNCTION: FunctionName = 'publicPages';

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
    // Ours: starts the NHS.UK components (a module, as the CSP allows no inline script), and a few styles.
    'init.js': 'web/static/init.js',
    'site.css': 'web/static/site.css',
    'admin.css': 'shared/web/admin/admin.css',
    ...Object.fromEntries(images.map((file) => [`images/${file}`, join(NHSUK_DIST, 'assets/images', file)])),
  };
}
