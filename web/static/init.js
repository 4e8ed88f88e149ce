/**
 * Starts the NHS.UK frontend components (error summary focus, double-click guard on buttons, skip
 * link). Loaded as a module from every page; the CSP allows only scripts from our own origin, so
 * this file replaces the inline snippet of the NHS.UK page template. Pages work without it.
 */
/* global document */
import { initAll } from './nhsuk-frontend.min.js';

document.body.classList.add('nhsuk-frontend-supported');
initAll();
