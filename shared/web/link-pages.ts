import type { HelpType } from '../vocabulary/help-types.js';
import type { SchemeContact } from '../domain/views.js';
import { formatDateLongIn } from './format.js';
import { html, type SafeHtml } from './html.js';
import { chooseLanguage, isLanguage, LANGUAGES, t, tHtml, type Language } from './i18n.js';
import { pathInLanguage } from './layout.js';

/**
 * The language of a page reached from a link in a message. The person's own language, stored with
 * what the link is about (the request, for the requester's cancel link), wins over the browser's, so
 * an Arabic family's cancel link opens in Arabic on any phone. Only the page's own language link
 * (?lang=) overrides it, for a relative who reads the other language. Without a stored language (a
 * volunteer's links: volunteers have no language on record), the browser's Accept-Language decides,
 * then English.
 */
export function linkPageLanguage(input: {
  stored?: string | undefined;
  explicit?: string | undefined;
  acceptLanguage?: string | undefined;
}): Language {
  if (isLanguage(input.explicit)) return input.explicit;
  if (isLanguage(input.stored)) return input.stored;
  return chooseLanguage({ acceptLanguage: input.acceptLanguage });
}

/** The same link page in every other language; none for a link that was not recognised (no token). */
export function linkPageAlternates(lang: Language, path: string): { lang: Language; href: string }[] {
  if (path.endsWith('/')) return [];
  return LANGUAGES.filter((other) => other !== lang).map((other) => ({
    lang: other,
    href: `${path}?lang=${other}`,
  }));
}

/** Where a link page's form posts: its own address, keeping a language chosen with ?lang=. */
export function formAction(path: string, lang: Language): string {
  return pathInLanguage(path, lang);
}

/** A reference or a postcode district stays left-to-right, unbroken, inside right-to-left text. */
export function ltrValue(text: string): SafeHtml {
  return html`<span dir="ltr" class="nhsuk-u-nowrap">${text}</span>`;
}

export interface LinkPageInput {
  /** The page's own address (its form posts here); the language links add ?lang= to it. */
  path: string;
  contact: SchemeContact;
  /** The page's language; English when unset. */
  lang?: Language;
}

/** "Shopping, needed by … (reference GCK-…)": which request the page is about, and nothing more. */
export function requestLine(
  lang: Language,
  summary: { helpType: HelpType; neededBy: string; reference: string },
): SafeHtml {
  return html`<p>
    ${tHtml(lang, 'link.summary', {
      helpType: t(lang, `helpType.${summary.helpType}`),
      date: formatDateLongIn(lang, summary.neededBy),
      reference: ltrValue(summary.reference),
    })}
  </p>`;
}

/** "Reference GCK-…" under a panel's heading. */
export function referencePanelBody(lang: Language, reference: string): SafeHtml {
  return html`${t(lang, 'link.reference')} <strong dir="ltr">${reference}</strong>`;
}
