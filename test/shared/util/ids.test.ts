import { decodeTime, isValid, ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { newUlid, ULID_PATTERN } from '../../../shared/util/ids.js';

describe('request and volunteer ids', () => {
  it('are ULIDs the ulid package reads back, with the time they were made', () => {
    const at = Date.UTC(2026, 10, 30, 22, 55, 1, 234);
    const id = newUlid(at);
    expect(id).toMatch(ULID_PATTERN);
    expect(isValid(id)).toBe(true);
    expect(decodeTime(id)).toBe(at);
    expect(id.slice(0, 10)).toBe(ulid(at).slice(0, 10));
  });

  it('sort by the time they were made', () => {
    expect(newUlid(1_000) < newUlid(2_000)).toBe(true);
  });

  it('differ in their random part, whose characters all occur', () => {
    const ids = Array.from({ length: 2_000 }, () => newUlid(0));
    expect(new Set(ids).size).toBe(ids.length);
    const seen = new Set(ids.flatMap((id) => [...id.slice(10)]));
    expect(seen.size).toBe(32);
  });
});
