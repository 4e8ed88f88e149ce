import { describe, expect, it } from 'vitest';
import { formatUkPhone, telHref } from '../../../shared/util/phone.js';

describe('formatUkPhone', () => {
  it.each([
    ['07700900666', '07700 900666'],
    ['+447700900333', '07700 900333'],
    ['07700 900 982', '07700 900982'],
    ['01747859202', '01747 859202'],
    ['(01747) 859-202', '01747 859202'],
    ['+441747859202', '01747 859202'],
    ['02079460000', '020 7946 0000'],
    ['01614960000', '0161 496 0000'],
    ['01134960000', '0113 496 0000'],
    ['01539512345', '015395 12345'],
    ['08001234567', '0800 123 4567'],
  ])('writes %s as %s', (typed, formatted) => {
    expect(formatUkPhone(typed)).toBe(formatted);
  });

  it('leaves a number that is not a UK number as it was typed', () => {
    expect(formatUkPhone(' +33 1 23 45 67 89 ')).toBe('+33 1 23 45 67 89');
  });
});

describe('telHref', () => {
  it('dials a UK number in international form, whatever its spacing', () => {
    expect(telHref('01747 859202')).toBe('tel:+441747859202');
    expect(telHref('07700900666')).toBe('tel:+447700900666');
  });
});
