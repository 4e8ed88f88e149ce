import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHelpRequest } from '../../../shared/schema/request.js';
import { renderNewRequest } from '../../../shared/web/admin/request-form.js';
import {
  combineDateParts,
  orderedRequestErrors,
  requestErrorTarget,
  splitDateParts,
} from '../../../shared/web/form.js';
import { renderRequestForm } from '../../../shared/web/pages.js';

const TODAY = '2026-11-20';

function neededByErrors(form: Record<string, string | undefined>): string | undefined {
  const result = parseHelpRequest(combineDateParts(form), TODAY);
  return result.ok ? undefined : result.errors.find((error) => error.field === 'neededBy')?.message;
}

describe('combineDateParts', () => {
  it('turns the three boxes into a zero-padded YYYY-MM-DD date', () => {
    const combined = combineDateParts({
      'neededBy-day': '3',
      'neededBy-month': '12',
      'neededBy-year': '2026',
    });
    expect(combined).toEqual({ neededBy: '2026-12-03' });
  });

  it('accepts spaces around the numbers people type', () => {
    const combined = combineDateParts({
      'neededBy-day': ' 07 ',
      'neededBy-month': '1',
      'neededBy-year': '2027 ',
    });
    expect(combined.neededBy).toBe('2027-01-07');
  });

  it('removes the part keys and leaves every other field as it was', () => {
    const combined = combineDateParts({
      name: 'Mary',
      website: '',
      'neededBy-day': '3',
      'neededBy-month': '12',
      'neededBy-year': '2026',
    });
    expect(Object.keys(combined).sort()).toEqual(['name', 'neededBy', 'website']);
    expect(combined.name).toBe('Mary');
    expect(combined.website).toBe('');
  });

  it('gives no date when all three boxes are empty, so the schema asks for one', () => {
    const combined = combineDateParts({ 'neededBy-day': '', 'neededBy-month': ' ', 'neededBy-year': '' });
    expect(combined.neededBy).toBeUndefined();
    expect(neededByErrors({ 'neededBy-day': '', 'neededBy-month': '', 'neededBy-year': '' })).toBe(
      'Enter the date help is needed by',
    );
  });

  it('makes a non-numeric date fail the schema as not a real date', () => {
    expect(
      neededByErrors({ 'neededBy-day': 'tomorrow', 'neededBy-month': '12', 'neededBy-year': '2026' }),
    ).toBe('Date help is needed by must be a real date, like 27 3 2027');
  });

  it('makes a partly filled date fail the schema as not a real date', () => {
    expect(neededByErrors({ 'neededBy-day': '', 'neededBy-month': '12', 'neededBy-year': '2026' })).toBe(
      'Date help is needed by must be a real date, like 27 3 2027',
    );
  });

  it('passes 31 February on for the schema to reject', () => {
    expect(neededByErrors({ 'neededBy-day': '31', 'neededBy-month': '2', 'neededBy-year': '2027' })).toBe(
      'Date help is needed by must be a real date, like 27 3 2027',
    );
  });

  it('leaves a form that already sends neededBy alone', () => {
    expect(combineDateParts({ neededBy: '2026-12-01', name: 'Mary' })).toEqual({
      neededBy: '2026-12-01',
      name: 'Mary',
    });
  });

  it('never turns parts that are not all digits into something that looks like a date', () => {
    const part = fc.oneof(fc.string({ maxLength: 6 }), fc.stringMatching(/^[0-9-]{0,5}$/));
    fc.assert(
      fc.property(part, part, part, (day, month, year) => {
        const allDigits = [day, month, year].every((value) => /^\d+$/.test(value.trim()));
        fc.pre(!allDigits);
        const combined = combineDateParts({
          'neededBy-day': day,
          'neededBy-month': month,
          'neededBy-year': year,
        });
        expect(combined.neededBy === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(combined.neededBy)).toBe(true);
      }),
    );
  });

  it('round-trips any real date through the three boxes', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          const parts = splitDateParts({ neededBy: iso });
          const combined = combineDateParts({
            'neededBy-day': parts.day,
            'neededBy-month': parts.month,
            'neededBy-year': parts.year,
          });
          expect(combined.neededBy).toBe(iso);
        },
      ),
    );
  });
});

describe('splitDateParts', () => {
  it('prefers what the person typed over a combined date', () => {
    expect(splitDateParts({ 'neededBy-day': 'x', neededBy: '2026-12-03' })).toEqual({
      day: 'x',
      month: '',
      year: '',
    });
  });

  it('splits a combined date without leading zeros, as people type it', () => {
    expect(splitDateParts({ neededBy: '2026-02-03' })).toEqual({ day: '3', month: '2', year: '2026' });
  });
});

describe('the request field order, shared by the public form and the phone-entry form', () => {
  const contact = { schemeName: 'Community Kindness', schemePhone: '01632 960000' };
  // Deliberately out of page order, with one error not tied to a field.
  const errors = [
    { field: 'consent', message: 'Consent problem' },
    { field: 'neededBy', message: 'Date problem' },
    { field: 'form', message: 'Form problem' },
    { field: 'name', message: 'Name problem' },
    { field: 'postcode', message: 'Postcode problem' },
  ];
  const summaryLinks = (page: string) =>
    [...page.matchAll(/<a href="(#[^"]*)"[^>]*>\s*([A-Za-z]+) problem/g)].map((m) => `${m[2]} ${m[1]}`);

  it('lists errors in page order, each linked to its field, on both forms', () => {
    expect(orderedRequestErrors(errors).map((e) => e.field)).toEqual([
      'form',
      'name',
      'postcode',
      'neededBy',
      'consent',
    ]);
    expect(requestErrorTarget('neededBy')).toBe('#neededBy-day');
    expect(requestErrorTarget('form')).toBeUndefined();
    const publicForm = renderRequestForm({ contact, idempotencyKey: 'k', today: TODAY, errors });
    const phoneForm = renderNewRequest({ contact, idempotencyKey: 'k', today: TODAY, errors });
    const expected = ['Name #name', 'Postcode #postcode', 'Date #neededBy-day', 'Consent #consent'];
    expect(summaryLinks(publicForm)).toEqual(expected);
    expect(summaryLinks(phoneForm)).toEqual(expected);
  });
});
