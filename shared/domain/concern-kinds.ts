import type { ConcernKind } from './model.js';

/** What the volunteer ticks, in their words; the prescriber's email and dashboard use the same labels. */
export const CONCERN_KIND_LABELS: Record<ConcernKind, string> = {
  'seemed-unwell': 'They seemed unwell',
  'no-food': 'There was no food in the house',
  'no-answer': 'I could not get an answer',
  'home-unsafe': 'Their home did not seem safe or warm',
  other: 'Something else worried me',
};
