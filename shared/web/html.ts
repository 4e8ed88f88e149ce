/**
 * A tiny templating helper: everything interpolated into `html` is escaped unless it is already
 * SafeHtml made by `html`. Escaping by default means a forgotten call cannot open an XSS hole; the
 * only way to get markup through is to build it with this same tag.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in element content and in quoted attribute values (single or double quotes). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

// Module-private: only `html` can mint SafeHtml, so no caller can wrap an untrusted string.
const mint = Symbol('SafeHtml');

export class SafeHtml {
  readonly #markup: string;

  constructor(key: symbol, markup: string) {
    if (key !== mint) throw new TypeError('SafeHtml is created only by the html tag');
    this.#markup = markup;
  }

  toString(): string {
    return this.#markup;
  }
}

/**
 * What may be interpolated. Objects other than SafeHtml are refused by the type so that
 * "[object Object]" never reaches a page. null, undefined and false render nothing, which keeps
 * `${condition && html`...`}` readable.
 */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map((item: HtmlValue) => render(item)).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(mint, out);
}

/** Joins fragments, e.g. list items, with a separator that is itself escaped if it is plain text. */
export function join(parts: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  const sep = render(separator);
  return new SafeHtml(mint, parts.map((part) => render(part)).join(sep));
}
