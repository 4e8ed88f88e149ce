import { describe, expect, it } from 'vitest';
import { DISTRICT, isEmail, normaliseText, textProblem, UK_PHONE } from '../../../shared/schema/fields.js';

describe('text rules', () => {
  it('normalises to NFC, trims and keeps LF line ends only', () => {
    expect(normaliseText('  Cafe\u0301 \r\nsecond\rthird ')).toBe('Café \nsecond\nthird');
  });

  it.each([
    ['NUL', 'Ann\u0000'],
    ['backspace', 'An\u0008n'],
    ['escape', '\u001b[31mAnn'],
    ['a C1 control', 'Ann\u0085'],
    ['DEL', 'Ann\u007f'],
  ])('refuses %s', (_label, value) => {
    expect(textProblem(value)).toBe('control');
    expect(textProblem(value, { multiline: true })).toBe('control');
  });

  it.each(['\u202e', '\u202a', '\u2066', '\u2069'])('refuses the direction control U+%s', (ch) => {
    expect(textProblem(`Ann${ch}evil`)).toBe('bidi');
  });

  it('refuses a line break in a one-line field and keeps it in a multi-line one', () => {
    expect(textProblem('Ann\nSmith')).toBe('line-break');
    expect(textProblem('first line\nsecond line', { multiline: true })).toBeUndefined();
  });

  it.each([
    ['zero-width spaces', '\u200b\u200b'],
    ['a Hangul filler', '\u3164'],
    ['a braille blank', '\u2800'],
    ['no-break spaces', '\u00a0\u00a0'],
  ])('refuses a name made only of %s', (_label, value) => {
    expect(textProblem(value)).toBe('invisible');
  });

  it('accepts ordinary names in English and Arabic, with marks Arabic text uses', () => {
    expect(textProblem("Mary O'Neill-Smith")).toBeUndefined();
    expect(textProblem('فاطمة الزهراء')).toBeUndefined();
    expect(textProblem('\u200fفاطمة')).toBeUndefined();
  });
});

describe('email', () => {
  it.each([
    'a@-example.org',
    '.a@example.org',
    'a.@example.org',
    'a..b@example.org',
    'a@example..org',
    'a@example',
    'a b@example.org',
    'a@exa_mple.org',
  ])('refuses %s', (value) => expect(isEmail(value)).toBe(false));

  it.each(['ann@example.org', 'ann.smith+help@mail.example.co.uk', "o'neill@example.com", 'A@EXAMPLE.ORG'])(
    'accepts %s',
    (value) => expect(isEmail(value)).toBe(true),
  );
});

describe('phone and district patterns', () => {
  it('knows UK numbers and postcode districts', () => {
    expect(UK_PHONE.test('07700900123')).toBe(true);
    expect(UK_PHONE.test('+447700900123')).toBe(true);
    expect(UK_PHONE.test('12345')).toBe(false);
    expect(DISTRICT.test('SP8')).toBe(true);
    expect(DISTRICT.test('BA12')).toBe(true);
    expect(DISTRICT.test('SP8 4')).toBe(false);
  });
});
