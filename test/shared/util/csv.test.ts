import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from '../../../shared/util/csv.js';

describe('csvCell', () => {
  it.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'guards %j so a spreadsheet shows it as text',
    (value) => {
      expect(csvCell(value).replace(/^"/, '').startsWith("'")).toBe(true);
    },
  );

  it('leaves ordinary text and numbers alone', () => {
    expect(csvCell('shopping')).toBe('shopping');
    expect(csvCell(-3)).toBe('-3');
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=a,b')).toBe(`"'=a,b"`);
  });

  it('keeps a validated value as it is when the guard is off', () => {
    expect(csvCell('+447700900123', { guardFormula: false })).toBe('+447700900123');
  });
});

describe('csvDocument', () => {
  it('writes CRLF rows with every text cell guarded', () => {
    expect(
      csvDocument([
        ['item', 'value'],
        ['=cmd', 2],
      ]),
    ).toBe("item,value\r\n'=cmd,2\r\n");
  });
});
