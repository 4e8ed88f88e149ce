import type { SchemeContact } from '../domain/views.js';
import { html, type SafeHtml } from './html.js';
import { DEFAULT_LANGUAGE, nativeName, t, tHtml, textDirection, type Language } from './i18n.js';

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
  /** The page's language; English when unset. Sets lang, dir and the layout's own words. */
  lang?: Language;
  /** Links to this page in other languages, shown at the top as "العربية" / "English". */
  alternates?: readonly { lang: Language; href: string }[];
}

export const ASSETS = {
  stylesheet: '/assets/nhsuk-frontend.min.css',
  /** Starts the NHS.UK components (web/static/init.js); it imports nhsuk-frontend.min.js itself. */
  script: '/assets/init.js',
  /** A few additions to the NHS.UK styles: the language link and right-to-left layout. */
  siteStylesheet: '/assets/site.css',
  favicon: '/assets/favicon.ico',
} as const;

export function pageTitle(
  title: string,
  contact: SchemeContact,
  hasErrors = false,
  lang: Language = DEFAULT_LANGUAGE,
): string {
  return `${hasErrors ? t(lang, 'layout.errorTitle', { title }) : title} – ${contact.schemeName}`;
}

/** The home link keeps a chosen language; English is the plain address. */
export function homePath(lang: Language): string {
  return lang === DEFAULT_LANGUAGE ? '/' : `/?lang=${lang}`;
}

function languageLinks(lang: Language, alternates: LayoutInput['alternates']): SafeHtml {
  if (!alternates || alternates.length === 0) return html``;
  return html`<nav class="ck-language nhsuk-width-container" aria-label="${t(lang, 'layout.languageNav')}">
    <ul class="ck-language__list">
      ${alternates.map(
        (alternate) =>
          html`<li>
            <a
              class="ck-language__link"
              href="${alternate.href}"
              hreflang="${alternate.lang}"
              lang="${alternate.lang}"
              dir="${textDirection(alternate.lang)}"
              >${nativeName(alternate.lang)}</a
            >
          </li>`,
      )}
    </ul>
  </nav>`;
}

/**
 * The NHS.UK frontend page template (nhsuk-frontend v10 template.njk) without its inline
 * "js-enabled" script: the Content-Security-Policy forbids inline script, and every page works
 * without JavaScript, so components simply stay un-enhanced until the module script runs.
 *
 * No referrer policy here: the Referrer-Policy header (same-origin) is the only one, because a meta
 * element would silently override it.
 */
export function layout(input: LayoutInput): string {
  const { contact } = input;
  const lang = input.lang ?? DEFAULT_LANGUAGE;
  const page = html`<!DOCTYPE html>
    <html lang="${lang}" dir="${textDirection(lang)}">
      <head>
        <meta charset="utf-8" />
        <title>${pageTitle(input.title, contact, input.hasErrors, lang)}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#005eb8" />
        ${input.noIndex && html`<meta name="robots" content="noindex, nofollow" />`}
        <link rel="icon" href="${ASSETS.favicon}" sizes="48x48" />
        <link rel="stylesheet" href="${ASSETS.stylesheet}" />
        <link rel="stylesheet" href="${ASSETS.siteStylesheet}" />
        <script type="module" src="${ASSETS.script}"></script>
      </head>
      <body>
        <a class="nhsuk-skip-link" data-module="nhsuk-skip-link" href="#maincontent"
          >${t(lang, 'layout.skipLink')}</a
        >
        <header class="nhsuk-header" role="banner">
          <div class="nhsuk-header__container nhsuk-width-container">
            <div class="nhsuk-header__service">
              <a class="nhsuk-header__service-name" href="${homePath(lang)}" lang="en" dir="ltr"
                >${contact.schemeName}</a
              >
            </div>
          </div>
        </header>
        ${languageLinks(lang, input.alternates)}
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
                ${t(lang, 'layout.footer.about', { schemeName: contact.schemeName })}
              </p>
              <p class="nhsuk-body-s">
                ${tHtml(lang, 'layout.footer.call', { phone: phoneLink(contact.schemePhone) })}
              </p>
              <p class="nhsuk-body-s">${t(lang, 'common.emergency')}</p>
              ${footerLinks(lang)}
            </div>
          </div>
        </footer>
      </body>
    </html> `;
  return page.toString();
}

/** Where the accessibility statement lives (the catalogue routes it to the public pages function). */
export const ACCESSIBILITY_PATH = '/accessibility';

/** The address of a public page in a language: English is the plain address, others add ?lang=. */
export function pathInLanguage(path: string, lang: Language): string {
  return lang === DEFAULT_LANGUAGE ? path : `${path}?lang=${lang}`;
}

/** Links every page carries in its footer, the dashboard's too. */
export function footerLinks(lang: Language): SafeHtml {
  return html`<ul class="nhsuk-footer__list ck-footer__list">
    <li class="nhsuk-footer__list-item">
      <a class="nhsuk-footer__list-item-link" href="${pathInLanguage(ACCESSIBILITY_PATH, lang)}"
        >${t(lang, 'layout.footer.accessibility')}</a
      >
    </li>
  </ul>`;
}

/** A tel: link, so people on a phone can call with one tap. */
export function phoneLink(phone: string): SafeHtml {
  const dial = phone.replace(/[^\d+]/g, '');
  // dir="ltr" keeps "01632 960 000" in order inside right-to-left text.
  return html`<a href="tel:${dial}" class="nhsuk-u-nowrap" dir="ltr">${phone}</a>`;
}
