import type { SchemeContact } from '../domain/views.js';
import { html, type SafeHtml } from './html.js';

export interface LayoutInput {
  /** The page's own title, without the scheme name: "Ask for help". */
  title: string;
  contact: SchemeContact;
  /** The contents of <main>. */
  content: SafeHtml;
  /** Prefixes the title with "Error: " so screen reader users hear it first (NHS.UK pattern). */
  hasErrors?: boolean;
  /** Pages reached through a secret link (respond pages) must not be indexed. */
  noIndex?: boolean;
}

export const ASSETS = {
  stylesheet: '/assets/nhsuk-frontend.min.css',
  script: '/assets/nhsuk-frontend.min.js',
  favicon: '/assets/favicon.ico',
} as const;

export function pageTitle(title: string, contact: SchemeContact, hasErrors = false): string {
  return `${hasErrors ? 'Error: ' : ''}${title} – ${contact.schemeName}`;
}

/**
 * The NHS.UK frontend page template (nhsuk-frontend v10 template.njk) without its inline
 * "js-enabled" script: the Content-Security-Policy forbids inline script, and every page works
 * without JavaScript, so components simply stay un-enhanced until the module script runs.
 *
 * The referrer policy keeps invite tokens in /respond/{token} URLs from leaking to other sites, while
 * same-origin POSTs still carry Origin, which the respond handler checks.
 */
export function layout(input: LayoutInput): string {
  const { contact } = input;
  const page = html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>${pageTitle(input.title, contact, input.hasErrors)}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#005eb8" />
        <meta name="referrer" content="same-origin" />
        ${input.noIndex && html`<meta name="robots" content="noindex, nofollow" />`}
        <link rel="icon" href="${ASSETS.favicon}" sizes="48x48" />
        <link rel="stylesheet" href="${ASSETS.stylesheet}" />
        <script type="module" src="${ASSETS.script}" defer></script>
      </head>
      <body>
        <a class="nhsuk-skip-link" data-module="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
        <header class="nhsuk-header" role="banner">
          <div class="nhsuk-header__container nhsuk-width-container">
            <div class="nhsuk-header__service">
              <a class="nhsuk-header__service-name" href="/">${contact.schemeName}</a>
            </div>
          </div>
        </header>
        <div class="nhsuk-width-container">
          <main class="nhsuk-main-wrapper" id="maincontent">
            <div class="nhsuk-grid-row">
              <div class="nhsuk-grid-column-two-thirds">${input.content}</div>
            </div>
          </main>
        </div>
        <footer class="nhsuk-footer" role="contentinfo">
          <div class="nhsuk-width-container">
            <div class="nhsuk-footer__meta">
              <p class="nhsuk-body-s">
                ${contact.schemeName} is a volunteer help scheme run with your GP practice.
              </p>
              <p class="nhsuk-body-s">To speak to someone, call ${phoneLink(contact.schemePhone)}.</p>
              <p class="nhsuk-body-s">In an emergency, call 999. For urgent medical help, call NHS 111.</p>
            </div>
          </div>
        </footer>
      </body>
    </html> `;
  return page.toString();
}

/** A tel: link, so people on a phone can call with one tap. */
export function phoneLink(phone: string): SafeHtml {
  const dial = phone.replace(/[^\d+]/g, '');
  return html`<a href="tel:${dial}" class="nhsuk-u-nowrap">${phone}</a>`;
}
