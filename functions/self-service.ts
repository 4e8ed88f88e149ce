import {
  performAction,
  performPause,
  performRelease,
  viewAction,
  viewPause,
  type ActionKind,
} from '../shared/domain/self-service.js';
import { contactOf } from '../shared/domain/views.js';
import { isCrossSite, parseBody, tokenParameter } from '../shared/http/requests.js';
import { htmlResponse } from '../shared/http/responses.js';
import { getCoreRuntime } from '../shared/runtime-core.js';
import { getWorkflowStarter, type WorkflowStarter } from '../shared/workflow/starter.js';
import { renderPause, renderSelfService } from '../shared/web/self-service.js';
import { renderErrorPage } from '../shared/web/pages.js';
import { byRouteKey, httpHandler, linkLanguageOf, type HttpRoute } from './http-handler.js';
import type { RouteTable } from './route-table.js';

/**
 * The Step Functions client is built only when a release starts matching again, so the cancel, done and
 * pause pages do not pay for it on a cold start. (A static import: the bundle is one file either way,
 * and a dynamic import() kept the whole SFN client in it, untree-shaken.)
 */
const lazyStarter: WorkflowStarter = {
  start: (...args) => getWorkflowStarter().start(...args),
};

/**
 * GET /cancel, /done, /release, /pause, /stop and /details/{token} only show (email scanners fetch links); POST acts,
 * and only from our own page, checked like the respond function.
 */
const link =
  (kind: ActionKind): HttpRoute =>
  async (event) => {
    const { settings, ports, config } = getCoreRuntime();
    const contact = contactOf(settings);
    const token = tokenParameter(event);
    const path = `/${kind}/${encodeURIComponent(token)}`;
    const isPost = event.requestContext.http.method === 'POST';
    const languageFor = (stored?: string) => linkLanguageOf(event, stored);
    if (isPost && isCrossSite(event, [config.publicBaseUrl]))
      return htmlResponse(403, renderErrorPage({ status: 403, contact, lang: languageFor() }));

    if (kind === 'pause') {
      let view;
      if (isPost) {
        const body = parseBody(event);
        view = await performPause(token, body.kind === 'form' ? body.fields.until : undefined, ports);
      } else {
        view = await viewPause(token, ports);
      }
      // A volunteer's own link: volunteers have no language on record.
      const page = renderPause(view, { path, contact, lang: languageFor() });
      return htmlResponse(page.status, page.body);
    }

    let view;
    if (!isPost || kind === 'details') view = await viewAction(kind, token, ports);
    else if (kind === 'release')
      view = await performRelease(token, settings, { ...ports, starter: lazyStarter });
    else {
      const body = parseBody(event);
      view = await performAction(kind, token, settings, ports, {
        scope: body.kind === 'form' ? body.fields.scope : undefined,
      });
    }
    // The cancel link is the requester's: its pages speak the language stored with the request. The
    // others are the volunteer's, who has no language on record.
    const stored = kind === 'cancel' && 'summary' in view ? view.summary.language : undefined;
    const page = renderSelfService(view, { path, contact, lang: languageFor(stored) });
    return htmlResponse(page.status, page.body);
  };

export const routes: RouteTable<'selfService', HttpRoute> = {
  // The short path texts use (GET only): its page posts to the long one.
  'GET /c/{token}': link('cancel'),
  'GET /cancel/{token}': link('cancel'),
  'POST /cancel/{token}': link('cancel'),
  'GET /done/{token}': link('done'),
  'POST /done/{token}': link('done'),
  'GET /release/{token}': link('release'),
  'POST /release/{token}': link('release'),
  'GET /pause/{token}': link('pause'),
  'POST /pause/{token}': link('pause'),
  'GET /stop/{token}': link('stop'),
  'POST /stop/{token}': link('stop'),
  // Shows only: the person's details, to the volunteer who has the task (texts link here).
  'GET /details/{token}': link('details'),
};

export const handler = httpHandler(byRouteKey(routes));
