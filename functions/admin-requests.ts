import { loadHome } from '../shared/domain/admin/requests.js';
import { loadOpenConcerns } from '../shared/domain/concerns.js';
import { loadHeldRequests } from '../shared/domain/duplicates.js';
import { claimFilterOf } from '../shared/domain/team.js';
import { htmlResponse, redirect } from '../shared/http/responses.js';
import { searchDashboard } from '../shared/domain/admin/search.js';
import { renderSearch } from '../shared/web/admin/search.js';
import { renderCareSections } from '../shared/web/admin/care.js';
import { renderHome, requestPath } from '../shared/web/admin/pages.js';
import { adminHandler, doneMessage, withId, type AdminRoute } from './admin-route.js';
import { MESSAGES, showRequest } from './admin-request-view.js';
import type { RouteTable } from './route-table.js';

/**
 * The dashboard's pages of requests: what needs me now, one request, and the search. Its actions are in
 * admin-request-actions.ts, requests taken by phone in admin-phone-requests.ts.
 */
export const routes: RouteTable<'adminRequests', AdminRoute> = {
  'GET /admin': async (event, context) => {
    const { settings, ports } = context.runtime;
    const show = claimFilterOf(event.queryStringParameters?.show, context.prescriber);
    const [home, concerns, held] = await Promise.all([
      loadHome(settings, ports, show.filter ? { claim: show.filter } : {}),
      loadOpenConcerns(ports.store),
      loadHeldRequests(ports.store),
    ]);
    const now = ports.clock.now();
    const top = renderCareSections({ concerns, held, now });
    return htmlResponse(
      200,
      renderHome(home, {
        contact: context.contact,
        now,
        message: doneMessage(MESSAGES, event),
        top,
        prescriber: context.prescriber,
        show: show.name,
      }),
    );
  },
  'GET /admin/search': async (event, context) => {
    const typed = event.queryStringParameters?.q;
    if (typed === undefined) return htmlResponse(200, renderSearch({ contact: context.contact }));
    const outcome = await searchDashboard(typed, context.runtime.ports);
    // A reference names one request: straight to it.
    const only = outcome.requests[0];
    if (outcome.kind === 'reference' && only) return redirect(requestPath(only.id));
    return htmlResponse(200, renderSearch({ contact: context.contact, outcome }));
  },
  'GET /admin/requests/{id}': withId((event, id, context) =>
    showRequest(id, context, {
      done: event.queryStringParameters?.done,
      who: event.queryStringParameters?.who,
    }),
  ),
};

export const handler = adminHandler(routes);
