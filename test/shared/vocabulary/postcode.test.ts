import { describe, expect, it } from 'vitest';
import {
  areaDistrict,
  areasOverlap,
  coversArea,
  isInServiceArea,
  normaliseArea,
  normalisePostcode,
  postcodeDistrict,
  postcodeSector,
  splitAreas,
} from '../../../shared/vocabulary/postcode.js';
import { isVolunteerArea } from '../../../shared/schema/fields.js';

describe('postcodes, districts and sectors', () => {
  it('finds the district and the sector of a postcode', () => {
    const postcode = normalisePostcode('sp84qa');
    expect(postcode).toBe('SP8 4QA');
    expect(postcodeDistrict('SP8 4QA')).toBe('SP8');
    expect(postcodeSector('SP8 4QA')).toBe('SP8 4');
    expect(postcodeSector('BA12 6PE')).toBe('BA12 6');
    expect(postcodeSector('W1A 0AX')).toBe('W1A 0');
  });

  it.each(['SP8', 'BA12', 'W1A', 'SP8 4', 'BA12 6', 'W1A 0'])('takes %s as an area', (area) =>
    expect(isVolunteerArea(area)).toBe(true),
  );

  it.each(['SP8 45', 'SP8 4QA', 'sp8', 'SP8  4', ' SP8', 'Gillingham', '8', ''])(
    'refuses %j as an area',
    (area) => expect(isVolunteerArea(area)).toBe(false),
  );

  it('normalises an area as typed', () => {
    expect(normaliseArea(' sp8  4 ')).toBe('SP8 4');
    expect(normaliseArea('ba12')).toBe('BA12');
    expect(areaDistrict('SP8 4')).toBe('SP8');
    expect(areaDistrict('SP8')).toBe('SP8');
  });

  it('covers an area by the area itself or its district, never by a neighbouring sector', () => {
    expect(coversArea(['SP8 4'], 'SP8 4')).toBe(true);
    expect(coversArea(['SP8 4'], 'SP8 5')).toBe(false);
    expect(coversArea(['SP8'], 'SP8 4')).toBe(true);
    expect(coversArea(['SP8'], 'SP8 5')).toBe(true);
    expect(coversArea(['SP7 9'], 'SP8 4')).toBe(false);
    // A request kept from before sectors knows only its district: sector volunteers cannot be sure to be near.
    expect(coversArea(['SP8 4'], 'SP8')).toBe(false);
    expect(coversArea(['SP8'], 'SP8')).toBe(true);
  });

  it('sees a district and its sectors as sharing ground, and two sectors as apart', () => {
    expect(areasOverlap('SP8', 'SP8 4')).toBe(true);
    expect(areasOverlap('SP8 4', 'SP8')).toBe(true);
    expect(areasOverlap('SP8 4', 'SP8 4')).toBe(true);
    expect(areasOverlap('SP8 4', 'SP8 5')).toBe(false);
    expect(areasOverlap('SP7', 'SP8')).toBe(false);
  });

  it('serves postcodes in a listed district or sector only', () => {
    const gillingham = ['SP8', 'SP7 9', 'BA12 6'];
    expect(isInServiceArea('SP8 4QA', gillingham)).toBe(true);
    expect(isInServiceArea('SP8 5DP', gillingham)).toBe(true);
    expect(isInServiceArea('SP7 9PL', gillingham)).toBe(true);
    expect(isInServiceArea('BA12 6NB', gillingham)).toBe(true);
    // Sectors next door that the scheme does not list belong to other practices.
    expect(isInServiceArea('SP7 8AB', gillingham)).toBe(false);
    expect(isInServiceArea('BA12 9AA', gillingham)).toBe(false);
    expect(isInServiceArea('GL50 1AB', gillingham)).toBe(false);
  });

  it('splits areas typed in one box without splitting a sector', () => {
    expect(splitAreas('SP8 4, SP7 9, BA12')).toEqual(['SP8 4', 'SP7 9', 'BA12']);
    expect(splitAreas('SP8 4 SP8 5')).toEqual(['SP8 4', 'SP8 5']);
    expect(splitAreas('GL50 GL51')).toEqual(['GL50', 'GL51']);
    expect(splitAreas('SP8;SP7 9')).toEqual(['SP8', 'SP7 9']);
    expect(splitAreas(' sp8  4 ,, ')).toEqual(['sp8 4']);
    // A digit on its own after a separator is not glued to the area before it: the schema refuses it.
    expect(splitAreas('SP8, 4')).toEqual(['SP8', '4']);
    expect(splitAreas('')).toEqual([]);
  });
});
