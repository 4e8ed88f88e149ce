/**
 * NHS.UK frontend v10 components, as markup. Class names and structure follow the component
 * templates (node_modules/nhsuk-frontend/dist/nhsuk/components/<name>/template.njk) so the
 * stylesheet and, when it loads, the JavaScript recognise them. Only the options these pages use.
 */
import { html, join, type HtmlValue, type SafeHtml } from './html.js';
import { DEFAULT_LANGUAGE, t, type Language } from './i18n.js';

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const present = ids.filter((id): id is string => Boolean(id));
  return present.length > 0 ? present.join(' ') : undefined;
}

function attr(name: string, value: string | number | undefined): SafeHtml {
  return value === undefined ? html`` : html` ${name}="${value}"`;
}

function hintBlock(id: string, hint: HtmlValue | undefined): SafeHtml {
  return hint ? html`<div class="nhsuk-hint" id="${id}-hint">${hint}</div>` : html``;
}

function errorBlock(id: string, error: string | undefined, lang: Language = DEFAULT_LANGUAGE): SafeHtml {
  return error
    ? html`<span class="nhsuk-error-message" id="${id}-error"
        ><span class="nhsuk-u-visually-hidden">${t(lang, 'common.error')}: </span>${error}</span
      >`
    : html``;
}

function formGroupClass(error: string | undefined): string {
  return error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group';
}

export type LegendSize = 's' | 'm' | 'l';

function legend(text: HtmlValue, size: LegendSize | undefined, isPageHeading = false): SafeHtml {
  const classes = `nhsuk-fieldset__legend${size ? ` nhsuk-fieldset__legend--${size}` : ''}`;
  return isPageHeading
    ? html`<legend class="${classes}"><h1 class="nhsuk-fieldset__heading">${text}</h1></legend>`
    : html`<legend class="${classes}">${text}</legend>`;
}

export function errorSummary(
  errors: readonly { message: string; href?: string }[],
  lang: Language = DEFAULT_LANGUAGE,
): SafeHtml {
  if (errors.length === 0) return html``;
  // tabindex lets the summary take focus with or without the component script.
  return html`<div class="nhsuk-error-summary" data-module="nhsuk-error-summary" tabindex="-1">
    <div role="alert">
      <h2 class="nhsuk-error-summary__heading">${t(lang, 'common.errorSummary')}</h2>
      <div class="nhsuk-error-summary__body">
        <ul class="nhsuk-list nhsuk-error-summary__list">
          ${errors.map((error) =>
            error.href
              ? html`<li><a href="${error.href}">${error.message}</a></li>`
              : html`<li>${error.message}</li>`,
          )}
        </ul>
      </div>
    </div>
  </div>`;
}

export interface InputOptions {
  name: string;
  label: HtmlValue;
  labelSize?: LegendSize;
  hint?: HtmlValue;
  error?: string;
  value?: string;
  type?: 'text' | 'tel' | 'email';
  autocomplete?: string;
  inputmode?: string;
  spellcheck?: boolean;
  /** Character width, e.g. 10 for a postcode. */
  width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
  widthClass?: string;
  maxlength?: number;
  /** Text in another direction than the page's, such as a name in English letters on an Arabic page. */
  dir?: 'ltr' | 'rtl';
  lang?: Language;
}

export function textInput(o: InputOptions): SafeHtml {
  const id = o.name;
  const classes = [
    'nhsuk-input',
    o.error && 'nhsuk-input--error',
    o.width && `nhsuk-input--width-${o.width}`,
    o.widthClass,
  ]
    .filter(Boolean)
    .join(' ');
  const labelClass = `nhsuk-label${o.labelSize ? ` nhsuk-label--${o.labelSize}` : ''}`;
  return html`<div class="${formGroupClass(o.error)}">
    <label class="${labelClass}" for="${id}">${o.label}</label>
    ${hintBlock(id, o.hint)} ${errorBlock(id, o.error, o.lang)}
    <input
      class="${classes}"
      id="${id}"
      name="${o.name}"
      type="${o.type ?? 'text'}"
      ${attr('value', o.value || undefined)}${attr('autocomplete', o.autocomplete)}${attr('inputmode', o.inputmode)}${attr('spellcheck', o.spellcheck === undefined ? undefined : String(o.spellcheck))}${attr('maxlength', o.maxlength)}${attr('dir', o.dir)}${attr('aria-describedby', describedBy(o.hint !== undefined && `${id}-hint`, o.error && `${id}-error`))}
    />
  </div>`;
}

export interface TextareaOptions {
  name: string;
  label: HtmlValue;
  labelSize?: LegendSize;
  hint?: HtmlValue;
  error?: string;
  value?: string;
  rows?: number;
  maxlength?: number;
  lang?: Language;
}

export function textarea(o: TextareaOptions): SafeHtml {
  const id = o.name;
  const classes = o.error ? 'nhsuk-textarea nhsuk-textarea--error' : 'nhsuk-textarea';
  const labelClass = `nhsuk-label${o.labelSize ? ` nhsuk-label--${o.labelSize}` : ''}`;
  return html`<div class="${formGroupClass(o.error)}">
    <label class="${labelClass}" for="${id}">${o.label}</label>
    ${hintBlock(id, o.hint)} ${errorBlock(id, o.error, o.lang)}
    <textarea
      class="${classes}"
      id="${id}"
      name="${o.name}"
      rows="${o.rows ?? 5}"
      ${attr('maxlength', o.maxlength)}${attr('aria-describedby', describedBy(o.hint !== undefined && `${id}-hint`, o.error && `${id}-error`))}
    >
${o.value ?? ''}</textarea>
  </div>`;
}

export interface ChoiceItem {
  value: string;
  text: HtmlValue;
  hint?: HtmlValue;
}

export interface ChoiceOptions {
  name: string;
  legend: HtmlValue;
  legendSize?: LegendSize;
  hint?: HtmlValue;
  error?: string;
  items: readonly ChoiceItem[];
  /** The checked value(s). */
  value?: string | readonly string[];
  inline?: boolean;
  small?: boolean;
  lang?: Language;
}

/** NHS item ids: the first is the name itself (so error links reach it), then name-2, name-3… */
function itemId(name: string, index: number): string {
  return index === 0 ? name : `${name}-${index + 1}`;
}

function choices(kind: 'radios' | 'checkboxes', o: ChoiceOptions): SafeHtml {
  const id = o.name;
  const checked = new Set(typeof o.value === 'string' ? [o.value] : (o.value ?? []));
  const type = kind === 'radios' ? 'radio' : 'checkbox';
  const listClasses = [
    `nhsuk-${kind}`,
    o.inline && `nhsuk-${kind}--inline`,
    o.small && `nhsuk-${kind}--small`,
  ]
    .filter(Boolean)
    .join(' ');
  const items = o.items.map((item, index) => {
    const inputId = itemId(o.name, index);
    const itemHintId = item.hint ? `${inputId}-item-hint` : undefined;
    return html`<div class="nhsuk-${kind}__item">
      <input
        class="nhsuk-${kind}__input"
        id="${inputId}"
        name="${o.name}"
        type="${type}"
        value="${item.value}"
        ${checked.has(item.value) && html` checked`}${attr('aria-describedby', itemHintId)}
      />
      <label class="nhsuk-label nhsuk-${kind}__label" for="${inputId}">${item.text}</label>
      ${item.hint && html`<div class="nhsuk-hint nhsuk-${kind}__hint" id="${itemHintId}">${item.hint}</div>`}
    </div>`;
  });
  return html`<div class="${formGroupClass(o.error)}">
    <fieldset
      class="nhsuk-fieldset"
      ${attr('aria-describedby', describedBy(o.hint !== undefined && `${id}-hint`, o.error && `${id}-error`))}
    >
      ${legend(o.legend, o.legendSize)} ${hintBlock(id, o.hint)} ${errorBlock(id, o.error, o.lang)}
      <div class="${listClasses}" data-module="nhsuk-${kind}">${items}</div>
    </fieldset>
  </div>`;
}

export function radios(o: ChoiceOptions): SafeHtml {
  return choices('radios', o);
}

export function checkboxes(o: ChoiceOptions): SafeHtml {
  return choices('checkboxes', o);
}

export interface DateInputOptions {
  /** Prefix of the three inputs: `${name}-day`, `${name}-month`, `${name}-year`. */
  name: string;
  legend: HtmlValue;
  legendSize?: LegendSize;
  hint?: HtmlValue;
  error?: string;
  value: { day: string; month: string; year: string };
  lang?: Language;
}

export function dateInput(o: DateInputOptions): SafeHtml {
  const id = o.name;
  const lang = o.lang ?? DEFAULT_LANGUAGE;
  const parts = [
    { key: 'day', label: t(lang, 'common.day'), width: 2 },
    { key: 'month', label: t(lang, 'common.month'), width: 2 },
    { key: 'year', label: t(lang, 'common.year'), width: 4 },
  ] as const;
  // The schema reports one message for the whole date, so every box is marked.
  const items = parts.map((part) => {
    const inputId = `${id}-${part.key}`;
    const classes = `nhsuk-input${o.error ? ' nhsuk-input--error' : ''} nhsuk-input--width-${part.width} nhsuk-date-input__input`;
    return html`<div class="nhsuk-date-input__item">
      <div class="${formGroupClass(o.error)}">
        <label class="nhsuk-label nhsuk-date-input__label" for="${inputId}">${part.label}</label>
        <input
          class="${classes}"
          id="${inputId}"
          name="${inputId}"
          type="text"
          ${attr('value', o.value[part.key] || undefined)}
          inputmode="numeric"
        />
      </div>
    </div>`;
  });
  return html`<div class="${formGroupClass(o.error)}">
    <fieldset
      class="nhsuk-fieldset"
      role="group"
      ${attr('aria-describedby', describedBy(o.hint !== undefined && `${id}-hint`, o.error && `${id}-error`))}
    >
      ${legend(o.legend, o.legendSize)} ${hintBlock(id, o.hint)} ${errorBlock(id, o.error, o.lang)}
      <div class="nhsuk-date-input" id="${id}">${items}</div>
    </fieldset>
  </div>`;
}

export function button(o: { text: string; name?: string; value?: string; variant?: 'secondary' }): SafeHtml {
  const classes = o.variant ? `nhsuk-button nhsuk-button--${o.variant}` : 'nhsuk-button';
  // The button script stops a double click from submitting twice; the server copes either way.
  return html`<button
    class="${classes}"
    data-module="nhsuk-button"
    type="submit"
    ${attr('name', o.name)}${attr('value', o.value)}
  >
    ${o.text}
  </button>`;
}

export interface SummaryRow {
  key: HtmlValue;
  value: HtmlValue;
}

export function summaryList(rows: readonly (SummaryRow | false | undefined)[]): SafeHtml {
  const present = rows.filter((row): row is SummaryRow => Boolean(row));
  return html`<dl class="nhsuk-summary-list">
    ${present.map(
      (row) =>
        html`<div class="nhsuk-summary-list__row">
          <dt class="nhsuk-summary-list__key">${row.key}</dt>
          <dd class="nhsuk-summary-list__value">${row.value}</dd>
        </div>`,
    )}
  </dl>`;
}

export function panel(heading: HtmlValue, body: HtmlValue): SafeHtml {
  return html`<div class="nhsuk-panel">
    <h1 class="nhsuk-panel__heading">${heading}</h1>
    <div class="nhsuk-panel__body">${body}</div>
  </div>`;
}

export function insetText(body: HtmlValue, lang: Language = DEFAULT_LANGUAGE): SafeHtml {
  return html`<div class="nhsuk-inset-text">
    <span class="nhsuk-u-visually-hidden">${t(lang, 'common.information')}: </span>
    ${body}
  </div>`;
}

export function warningCallout(heading: HtmlValue, body: HtmlValue): SafeHtml {
  return html`<div class="nhsuk-card nhsuk-card--warning">
    <div class="nhsuk-card__content">
      <h2 class="nhsuk-card__heading">${heading}</h2>
      ${body}
    </div>
  </div>`;
}

export function tag(text: string, colour?: 'red' | 'orange' | 'green' | 'grey'): SafeHtml {
  return html`<strong class="nhsuk-tag${colour ? ` nhsuk-tag--${colour}` : ''}">${text}</strong>`;
}

/** Multi-line values (addresses) without trusting the text: each line escaped, joined by <br>. */
export function lines(values: readonly (string | undefined)[]): SafeHtml {
  return join(
    values.filter((value): value is string => Boolean(value)),
    html`<br />`,
  );
}
