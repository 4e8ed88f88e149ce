import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isHelpType } from '../shared/domain/help-types.js';
import {
  addVolunteer,
  editVolunteer,
  listVolunteers,
  parseVolunteerForm,
  pauseVolunteer,
  previewImport,
  removeVolunteer,
  rosterCsv,
  runImport,
  type SaveResult,
  type VolunteerFilters,
} from '../shared/domain/admin/volunteers.js';
import { londonDate } from '../shared/domain/time.js';
import { htmlResponse, redirect, SECURITY_HEADERS, type HttpResult } from '../shared/http/responses.js';
import {
  renderImport,
  renderVolunteerForm,
  renderVolunteerList,
  volunteerPath,
  VOLUNTEERS_PATH,
} from '../shared/web/admin/volunteers.js';
import { combineDateParts } from '../shared/web/form.js';
import { adminHandler, badRequest, formParams, notFound, type AdminContext } from './admin-route.js';

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
    ...(q.area && /^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(q.area) ? { area: q.area } : {}),
    ...(q.paused === 'yes' || q.paused === 'no' ? { paused: q.paused } : {}),
  };
}

/** The roster: list and filter, add, edit, pause, remove, import (with a preview) and export. */
export const handler = adminHandler(async (event, context) => {
  const method = event.requestContext.http.method;
  const path = event.rawPath.replace(/\/+$/, '');
  const { ports } = context.runtime;
  const now = ports.clock.now();
  const message = MESSAGES[event.queryStringParameters?.done ?? ''];
  const id = event.pathParameters?.id;

  if (method === 'GET' && path === VOLUNTEERS_PATH) {
    const filters = filtersOf(event);
    const [volunteers, everyone] = await Promise.all([
      listVolunteers(filters, ports),
      ports.store.listVolunteers(),
    ]);
    const areas = [
      ...new Set([...context.runtime.settings.serviceAreaDistricts, ...everyone.flatMap((v) => v.areas)]),
    ].sort();
    return htmlResponse(
      200,
      renderVolunteerList({ contact: context.contact, volunteers, filters, areas, now, message }),
    );
  }
  if (method === 'GET' && path === `${VOLUNTEERS_PATH}/export`) {
    const csv = rosterCsv(await listVolunteers(filtersOf(event), ports));
    return {
      statusCode: 200,
      headers: {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="volunteers-${londonDate(now)}.csv"`,
      },
      body: csv,
    };
  }
  if (method === 'GET' && path === `${VOLUNTEERS_PATH}/new`) {
    return htmlResponse(200, renderVolunteerForm({ contact: context.contact, now }));
  }
  if (method === 'GET' && path === `${VOLUNTEERS_PATH}/import`) {
    return htmlResponse(200, renderImport({ contact: context.contact }));
  }
  if (method === 'POST' && path === `${VOLUNTEERS_PATH}/import`) return importRoster(event, context);
  if (method === 'POST' && path === VOLUNTEERS_PATH) return save(event, context, undefined);
  if (!id) return notFound(context);

  if (method === 'GET') {
    const volunteer = await ports.store.getVolunteer(id);
    if (!volunteer) return notFound(context);
    return htmlResponse(200, renderVolunteerForm({ contact: context.contact, volunteer, now, message }));
  }
  if (path.endsWith('/remove')) {
    const removed = await removeVolunteer(id, context.prescriber.id, ports);
    return removed ? redirect(`${VOLUNTEERS_PATH}?done=removed`) : notFound(context);
  }
  if (path.endsWith('/pause')) return pause(event, context, id);
  return save(event, context, id);
});

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

async function importRoster(event: APIGatewayProxyEventV2, context: AdminContext): Promise<HttpResult> {
  const params = formParams(event, IMPORT_MAX_BYTES);
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
