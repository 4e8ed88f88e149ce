import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isHelpType } from '../shared/vocabulary/help-types.js';
import {
  addVolunteer,
  areasOutsideService,
  editVolunteer,
  listVolunteers,
  loadRosterPage,
  loadVolunteerHistory,
  parseVolunteerForm,
  pauseVolunteer,
  previewImport,
  removeVolunteer,
  rosterCsv,
  runImport,
  type SaveResult,
  type VolunteerFilters,
} from '../shared/domain/admin/volunteers.js';
import { normaliseArea } from '../shared/vocabulary/postcode.js';
import { londonDate } from '../shared/vocabulary/time.js';
import { isVolunteerArea } from '../shared/schema/fields.js';
import { htmlResponse, redirect, SECURITY_HEADERS, type HttpResult } from '../shared/http/responses.js';
import { multipartFields } from '../shared/http/requests.js';
import {
  renderImport,
  renderRemoveConfirm,
  renderVolunteerForm,
  renderVolunteerList,
  volunteerPath,
  VOLUNTEERS_PATH,
} from '../shared/web/admin/volunteers.js';
import { combineDateParts } from '../shared/web/form.js';
import {
  adminHandler,
  badRequest,
  doneMessage,
  formParams,
  notFound,
  withId,
  type AdminContext,
  type AdminRoute,
} from './admin-route.js';
import type { RouteTable } from './route-table.js';
import { applicantRoutes } from './admin-applicants.js';

/** A pasted roster of several hundred volunteers fits; the sandbox and API Gateway allow far more. */
const IMPORT_MAX_BYTES = 60 * 1024;

const MESSAGES: Record<string, string> = {
  added: 'The volunteer has been added.',
  saved: 'The changes are saved.',
  paused: 'The pause is saved.',
  removed: 'The volunteer has been removed and their details deleted.',
  imported: 'The roster has been imported.',
};

function filtersOf(event: APIGatewayProxyEventV2): VolunteerFilters {
  const q = event.queryStringParameters ?? {};
  return {
    ...(q.helpType && isHelpType(q.helpType) ? { helpType: q.helpType } : {}),
    ...(q.area && isVolunteerArea(normaliseArea(q.area)) ? { area: normaliseArea(q.area) } : {}),
    ...(q.paused === 'yes' || q.paused === 'no' ? { paused: q.paused } : {}),
  };
}

/** The roster: list and filter, add, edit, pause, remove, import (with a preview) and export. */
export const routes: RouteTable<'adminVolunteers', AdminRoute> = {
  'GET /admin/volunteers': async (event, context) => {
    const { ports, settings } = context.runtime;
    const filters = filtersOf(event);
    const from = event.queryStringParameters?.after;
    const page = await loadRosterPage(
      { filters, cursor: from, search: event.queryStringParameters?.q },
      ports,
    );
    const now = ports.clock.now();
    return htmlResponse(
      200,
      renderVolunteerList({
        contact: context.contact,
        page,
        filters,
        areas: [...settings.serviceAreas].sort(),
        now,
        today: londonDate(now),
        dbsValidForMonths: settings.dbsValidForMonths,
        ...(from ? { from } : {}),
        message: doneMessage(MESSAGES, event),
      }),
    );
  },
  'GET /admin/volunteers/export': async (event, context) => {
    const { ports } = context.runtime;
    const csv = rosterCsv(await listVolunteers(filtersOf(event), ports));
    return {
      statusCode: 200,
      headers: {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="volunteers-${londonDate(ports.clock.now())}.csv"`,
      },
      body: csv,
    };
  },
  'GET /admin/volunteers/new': async (_event, context) =>
    htmlResponse(
      200,
      renderVolunteerForm({ contact: context.contact, now: context.runtime.ports.clock.now() }),
    ),
  'GET /admin/volunteers/import': async (_event, context) =>
    htmlResponse(200, renderImport({ contact: context.contact })),
  'POST /admin/volunteers/import': (event, context) => importRoster(event, context),
  'POST /admin/volunteers': (event, context) => save(event, context, undefined),
  'GET /admin/volunteers/{id}': withId(async (event, id, context) => {
    const { ports } = context.runtime;
    const [volunteer, history] = await Promise.all([
      ports.store.getVolunteer(id),
      loadVolunteerHistory(id, ports),
    ]);
    if (!volunteer) return notFound(context);
    const now = ports.clock.now();
    return htmlResponse(
      200,
      renderVolunteerForm({
        contact: context.contact,
        volunteer,
        history,
        now,
        message: doneMessage(MESSAGES, event),
      }),
    );
  }),
  'POST /admin/volunteers/{id}': withId((event, id, context) => save(event, context, id)),
  'POST /admin/volunteers/{id}/pause': withId((event, id, context) => pause(event, context, id)),
  'POST /admin/volunteers/{id}/remove': withId(async (event, id, context) => {
    const params = formParams(event);
    if (params?.get('confirm') !== 'yes') {
      const volunteer = await context.runtime.ports.store.getVolunteer(id);
      if (!volunteer) return notFound(context);
      return htmlResponse(200, renderRemoveConfirm({ contact: context.contact, volunteer }));
    }
    const removed = await removeVolunteer(id, context.prescriber.id, context.runtime.ports);
    return removed ? redirect(`${VOLUNTEERS_PATH}?done=removed`) : notFound(context);
  }),
  ...applicantRoutes,
};

export const handler = adminHandler(routes);

async function save(
  event: APIGatewayProxyEventV2,
  context: AdminContext,
  id: string | undefined,
): Promise<HttpResult> {
  const params = formParams(event);
  if (!params) return badRequest(context);
  const { ports } = context.runtime;
  const now = ports.clock.now();
  const fields = Object.fromEntries(params);
  const helpTypes = params.getAll('helpTypes');
  const existing = id ? await ports.store.getVolunteer(id) : undefined;
  if (id && !existing) return notFound(context);
  const again = (errors: { field: string; message: string }[]) =>
    htmlResponse(
      400,
      renderVolunteerForm({
        contact: context.contact,
        volunteer: existing,
        values: fields,
        helpTypes,
        errors,
        now,
      }),
    );
  const parsed = parseVolunteerForm(fields, helpTypes, londonDate(now));
  if (!parsed.value) return again(parsed.errors);
  const outside = areasOutsideService(parsed.value.areas, context.runtime.settings.serviceAreas);
  if (outside.length > 0) {
    return again([
      {
        field: 'areas',
        message: `${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} outside the area the scheme serves (${context.runtime.settings.serviceAreas.join(', ')}): enter areas it covers`,
      },
    ]);
  }
  const result: SaveResult = id
    ? await editVolunteer(id, parsed.value, context.prescriber.id, ports)
    : await addVolunteer(parsed.value, context.prescriber.id, ports);
  switch (result.kind) {
    case 'email-taken':
      return again([{ field: 'email', message: 'Another volunteer already has this email address' }]);
    case 'not-found':
      return notFound(context);
    case 'saved':
      return redirect(`${volunteerPath(result.volunteer.id)}?done=${id ? 'saved' : 'added'}`);
  }
}

async function pause(event: APIGatewayProxyEventV2, context: AdminContext, id: string): Promise<HttpResult> {
  const params = formParams(event);
  if (!params) return badRequest(context);
  const { ports } = context.runtime;
  const now = ports.clock.now();
  const until = combineDateParts(Object.fromEntries(params), 'until').until;
  const today = londonDate(now);
  const valid =
    until === undefined ||
    (/^\d{4}-\d{2}-\d{2}$/.test(until) && !Number.isNaN(Date.parse(until)) && until >= today);
  if (!valid) {
    const volunteer = await ports.store.getVolunteer(id);
    if (!volunteer) return notFound(context);
    return htmlResponse(
      400,
      renderVolunteerForm({
        contact: context.contact,
        volunteer,
        now,
        errors: [{ field: 'until', message: 'Enter a real date, today or later, like 27 3 2027' }],
      }),
    );
  }
  const result = await pauseVolunteer(id, until, context.prescriber.id, ports);
  return result.kind === 'saved' ? redirect(`${volunteerPath(id)}?done=paused`) : notFound(context);
}

/**
 * The roster as posted: a chosen file (a multipart form) wins over the pasted text beside it; the
 * confirm step posts the checked text back as an ordinary form.
 */
async function importFields(event: APIGatewayProxyEventV2): Promise<Map<string, string> | undefined> {
  const multipart = await multipartFields(event, IMPORT_MAX_BYTES);
  if (multipart) {
    const file = multipart.get('file') ?? '';
    return new Map([...multipart, ['csv', file.trim() === '' ? (multipart.get('csv') ?? '') : file]]);
  }
  const params = formParams(event, IMPORT_MAX_BYTES);
  return params ? new Map(params) : undefined;
}

async function importRoster(event: APIGatewayProxyEventV2, context: AdminContext): Promise<HttpResult> {
  const params = await importFields(event);
  if (!params) {
    return htmlResponse(
      413,
      renderImport({
        contact: context.contact,
        errors: ['The file is too large: import it in parts, or use the command line'],
      }),
    );
  }
  const csv = params.get('csv') ?? '';
  const { ports } = context.runtime;
  if (params.get('confirm') === 'yes') {
    const summary = await runImport(csv, context.prescriber.id, ports);
    if (summary.errors.length > 0)
      return htmlResponse(400, renderImport({ contact: context.contact, csv, errors: summary.errors }));
    return redirect(`${VOLUNTEERS_PATH}?done=imported`);
  }
  const preview = await previewImport(csv, ports);
  return htmlResponse(
    preview.errors.length > 0 ? 400 : 200,
    renderImport({ contact: context.contact, csv, preview }),
  );
}
