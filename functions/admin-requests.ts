import { loadHome } from '../shared/domain/admin/requests.js';
import { loadOpenConcerns } from '../shared/domain/concerns.js';
import { loadHeldRequests } from '../shared/domain/duplicates.js';
import { htmlResponse } from '../shared/http/responses.js';
import { renderCareSections } from '../shared/web/admin/care.js';
import { renderHome } from '../shared/web/admin/pages.js';
import { adminHandler, doneMessage, withId, type AdminRoute } from './admin-route.js';
import { MESSAGES, showRequest } from './admin-request-view.js';
import type { RouteTable } from './route-table.js';

/**
 * The dashboard's pages of requests: what needs me now, and one request. Its actions are in
 * admin-request-actions.ts, requests taken by phone in admin-phone-requests.ts.
 */
export const routes: RouteTable<'adminRequests', AdminRoute> = {
  'GET /admin': async (event, context) => {
    const { settings, ports } = context.runtime;
    const [home, concerns, held] = await Promise.all([
      loadHome(settings, ports),
      loadOpenConcerns(ports.store),
      loadHeldRequests(ports.store),
    ]);
    const now = ports.clock.now();
    const top = renderCareSections({ concerns, held, now });
    return htmlResponse(
      200,
      renderHome(home, { contact: context.contact, now, message: doneMessage(MESSAGES, event), top }),
    );
  },
  'GET /admin/requests/{id}': withId((event, id, context) =>
    showRequest(id, context, {
      done: event.queryStringParameters?.done,
      who: event.queryStringParameters?.who,
    }),
  ),
};

export const handler = adminHandler(routes);
