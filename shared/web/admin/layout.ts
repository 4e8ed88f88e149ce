import type { SchemeContact } from '../../domain/views.js';
import { html, type SafeHtml } from '../html.js';
import { DEFAULT_LANGUAGE } from '../i18n.js';
import { ASSETS, footerLinks, pageTitle } from '../layout.js';

export const ADMIN_HOME = '/admin';
const ADMIN_STYLESHEET = '/assets/admin.css';

export type AdminSection = 'home' | 'new-request' | 'volunteers' | 'applicants' | 'reports' | 'search';

const NAVIGATION: readonly { section: AdminSection; text: string; href: string }[] = [
  { section: 'home', text: 'What needs me now', href: ADMIN_HOME },
  { section: 'new-request', text: 'Phone request', href: '/admin/requests/new' },
  { section: 'volunteers', text: 'Volunteers', href: '/admin/volunteers' },
  { section: 'applicants', text: 'Want to volunteer', href: '/admin/applicants' },
  { section: 'reports', text: 'Reports', href: '/admin/reports' },
  { section: 'search', text: 'Search', href: '/admin/search' },
];

export interface AdminLayoutInput {
  title: string;
  contact: SchemeContact;
  content: SafeHtml;
  /** Which menu item is current; none on the sign-in page, where there is no menu. */
  section?: AdminSection;
  signedIn?: boolean;
  hasErrors?: boolean;
  /** Tables and the report read better across the whole width. */
  wide?: boolean;
}

/**
 * The dashboard's page: the same NHS.UK frontend as the public pages (no inline script or style, for
 * the CSP), with the menu and a sign-out button. Every page is a plain form or link: it all works
 * without JavaScript, on a phone first.
 */
export function adminLayout(input: AdminLayoutInput): string {
  const { contact } = input;
  const nav = input.signedIn
    ? html`<nav class="nhsuk-header__navigation" aria-label="Menu">
        <div class="nhsuk-header__navigation-container nhsuk-width-container">
          <ul class="nhsuk-header__navigation-list">
            ${NAVIGATION.map((item) =>
              item.section === input.section
                ? html`<li class="nhsuk-header__navigation-item nhsuk-header__navigation-item--current">
                    <a class="nhsuk-header__navigation-link" href="${item.href}" aria-current="page"
                      >${item.text}</a
                    >
                  </li>`
                : html`<li class="nhsuk-header__navigation-item">
                    <a class="nhsuk-header__navigation-link" href="${item.href}">${item.text}</a>
                  </li>`,
            )}
            <li class="nhsuk-header__navigation-item">
              <form method="post" action="/admin/sign-out" class="ck-inline-form">
                <button class="nhsuk-header__navigation-link ck-link-button" type="submit">Sign out</button>
              </form>
            </li>
            <li class="nhsuk-header__menu" hidden>
              <button
                class="nhsuk-header__menu-toggle nhsuk-header__navigation-link"
                id="toggle-menu"
                aria-expanded="false"
              >
                <span class="nhsuk-u-visually-hidden">Browse </span>More
              </button>
            </li>
          </ul>
        </div>
      </nav>`
    : html``;
  const page = html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>
          ${pageTitle(input.title, { ...contact, schemeName: `${contact.schemeName} dashboard` }, input.hasErrors)}
        </title>
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#005eb8" />
        <meta name="robots" content="noindex, nofollow" />
        <link rel="icon" href="${ASSETS.favicon}" sizes="48x48" />
        <link rel="stylesheet" href="${ASSETS.stylesheet}" />
        <link rel="stylesheet" href="${ADMIN_STYLESHEET}" />
        <script type="module" src="${ASSETS.script}"></script>
      </head>
      <body>
        <a class="nhsuk-skip-link" data-module="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
        <header class="nhsuk-header" role="banner" data-module="nhsuk-header">
          <div class="nhsuk-header__container nhsuk-width-container">
            <div class="nhsuk-header__service">
              <a class="nhsuk-header__service-name" href="${ADMIN_HOME}">${contact.schemeName} dashboard</a>
            </div>
          </div>
          ${nav}
        </header>
        <div class="nhsuk-width-container">
          <main class="nhsuk-main-wrapper" id="maincontent">
            <div class="nhsuk-grid-row">
              <div class="${input.wide ? 'nhsuk-grid-column-full' : 'nhsuk-grid-column-two-thirds'}">
                ${input.content}
              </div>
            </div>
          </main>
        </div>
        <footer class="nhsuk-footer" role="contentinfo">
          <div class="nhsuk-width-container">
            <div class="nhsuk-footer__meta">
              <p class="nhsuk-body-s">
                ${contact.schemeName}: for the social prescribing team only. Everything you do here is
                recorded.
              </p>
              ${footerLinks(DEFAULT_LANGUAGE)}
            </div>
          </div>
        </footer>
      </body>
    </html> `;
  return page.toString();
}
