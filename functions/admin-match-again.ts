import { getWorkflowStarter } from '../shared/workflow/starter.js';
import { rerunMatching, unassignAndRerun } from '../shared/domain/admin/requests.js';
import { adminHandler, type AdminRoute } from './admin-route.js';
import { action, afterAction } from './admin-request-view.js';
import type { RouteTable } from './route-table.js';

/**
 * "Find a volunteer again" and taking an assignment back: both start a new workflow execution, so
 * they are the one dashboard function that carries the Step Functions client.
 */
export const routes: RouteTable<'adminMatchAgain', AdminRoute> = {
  'POST /admin/requests/{id}/rematch': action(async (id, _fields, context) => {
    const { ports } = context.runtime;
    const result = await rerunMatching(id, context.prescriber, context.runtime.settings, {
      ...ports,
      starter: getWorkflowStarter(),
    });
    return afterAction(result, id, 'rematch', context);
  }),
  'POST /admin/requests/{id}/unassign': action(async (id, _fields, context) => {
    const { settings, ports } = context.runtime;
    const starter = getWorkflowStarter();
    const result = await unassignAndRerun(id, context.prescriber, settings, { ...ports, starter });
    return afterAction(result, id, 'unassigned', context);
  }),
};

export const handler = adminHandler(routes);
