import { describe, expect, it } from 'vitest';
import { countSegments, encodingOf, nonGsmCharacters } from '../../../shared/sms/segments.js';

describe('segment counting', () => {
  it('fits 160 GSM-7 characters in one segment and splits longer texts in 153s', () => {
    expect(countSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts the GSM-7 extension characters twice', () => {
    expect(countSegments('€[]{}^~|\\')).toMatchObject({ encoding: 'GSM-7', units: 18 });
    expect(countSegments(`${'a'.repeat(158)}€`).segments).toBe(1);
    expect(countSegments(`${'a'.repeat(159)}€`).segments).toBe(2);
  });

  it('treats the GSM-7 alphabet’s accented letters and symbols as GSM-7', () => {
    expect(encodingOf('£5 at café, Ñoño Müller @ 10:30 - ok')).toBe('GSM-7');
    // An en dash, or an acute u (GSM-7 has only ù), is not in the alphabet.
    expect(encodingOf('£5 at café, Ñoño Müller @ 10:30 – no')).toBe('UCS-2');
    expect(encodingOf('Ñandú')).toBe('UCS-2');
  });

  it('makes the whole text UCS-2 for one character outside GSM-7, 70 a segment then 67', () => {
    const curly = `It’s ${'a'.repeat(65)}`;
    expect(countSegments(curly)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(countSegments(`${curly}a`).segments).toBe(2);
    expect(countSegments('ب'.repeat(134)).segments).toBe(2);
    expect(countSegments('ب'.repeat(135)).segments).toBe(3);
    expect(nonGsmCharacters(curly)).toEqual(['’']);
  });

  it('counts an emoji as two UCS-2 units', () => {
    expect(countSegments('👍')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
  });

  it('counts nothing for an empty text', () => {
    expect(countSegments('').segments).toBe(0);
  });
});
