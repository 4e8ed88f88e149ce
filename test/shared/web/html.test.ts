import { describe, expect, it } from 'vitest';
import { escapeHtml, html, join, SafeHtml } from '../../../shared/web/html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('leaves ordinary text alone', () => {
    expect(escapeHtml('Milk, bread – and 2 eggs')).toBe('Milk, bread – and 2 eggs');
  });
});

describe('html', () => {
  it('escapes a script tag in an interpolated string', () => {
    const name = '<script>alert(1)</script>';
    expect(html`<p>${name}</p>`.toString()).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('cannot be broken out of a quoted attribute', () => {
    const value = '" onfocus="alert(1)';
    // prettier-ignore
    expect(html`<input value="${value}">`.toString()).toBe('<input value="&quot; onfocus=&quot;alert(1)">');
  });

  it('keeps markup that html itself produced', () => {
    const inner = html`<strong>${'A&E'}</strong>`;
    expect(html`<p>${inner}</p>`.toString()).toBe('<p><strong>A&amp;E</strong></p>');
  });

  it('joins arrays, still escaping the plain strings inside them', () => {
    const items = [html`<li>one</li>`, '<li>two</li>'];
    // prettier-ignore
    expect(html`<ul>${items}</ul>`.toString()).toBe('<ul><li>one</li>&lt;li&gt;two&lt;/li&gt;</ul>');
  });

  it('renders nothing for null, undefined and false, and numbers as text', () => {
    const hidden = false as boolean;
    expect(html`[${null}${undefined}${hidden && html`<b>x</b>`}${42}]`.toString()).toBe('[42]');
  });

  it('does not let other code wrap an untrusted string as SafeHtml', () => {
    expect(() => new SafeHtml(Symbol('SafeHtml'), '<script></script>')).toThrow(TypeError);
  });

  it('does not double-escape when a SafeHtml is nested twice', () => {
    const once = html`${'<'}`;
    expect(html`${html`${once}`}`.toString()).toBe('&lt;');
  });
});

describe('join', () => {
  it('separates escaped lines with markup', () => {
    // prettier-ignore
    expect(join(['1 High St', '<b>GL50</b>'], html`<br>`).toString()).toBe('1 High St<br>&lt;b&gt;GL50&lt;/b&gt;');
  });
});
