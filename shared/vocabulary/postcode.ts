/**
 * UK postcodes: outward code (area + district, e.g. "SP8") then inward code (e.g. "4AB"), whose digit
 * makes the sector ("SP8 4"). The sector is all a volunteer sees before accepting, so it is derived
 * here once. Areas (a volunteer's, the scheme's) are districts or sectors; the rules for both live here.
 * Whole postcodes are read by the `postcode` package rather than a pattern of our own.
 */
import { toNormalised, toOutcode, toSector } from 'postcode';

/** "sp8  4ab" → "SP8 4AB"; undefined for anything that is not a whole UK postcode. */
export function normalisePostcode(raw: string): string | undefined {
  // Spaces anywhere are a person's typing ("SP8  4AB", "sp84ab"): the package reads it without them.
  return toNormalised(raw.replace(/\s+/g, '')) ?? undefined;
}

/** "SP8 4AB" → "SP8": the outward code, which is what the scheme calls a district. */
export function postcodeDistrict(normalisedPostcode: string): string {
  return toOutcode(normalisedPostcode) ?? normalisedPostcode.split(' ')[0] ?? normalisedPostcode;
}

/** "SP8 4AB" → "SP8 4": the finest area the scheme works with. */
export function postcodeSector(normalisedPostcode: string): string {
  return toSector(normalisedPostcode) ?? postcodeDistrict(normalisedPostcode);
}

/** An area as typed ("sp8  4", " ba12 ") in the form it is stored and compared in ("SP8 4", "BA12"). */
export function normaliseArea(raw: string): string {
  return raw.trim().toUpperCase().replace(/\s+/g, ' ');
}

/** The district an area lies in: itself for a district, "SP8" for "SP8 4". */
export function areaDistrict(area: string): string {
  return area.split(' ')[0] ?? area;
}

/**
 * Whether a list of areas covers an area: it holds that area, or its district. A volunteer for SP8 4
 * is not asked for SP8 5; one for SP8 is asked for both. A request known only by its district (kept
 * from before sectors) is covered by the district alone.
 */
export function coversArea(areas: readonly string[], area: string): boolean {
  return areas.includes(area) || areas.includes(areaDistrict(area));
}

/**
 * Whether two areas share ground: the same area, or a district and one of its sectors. The roster
 * filter asks this, so "SP8" lists the whole town's volunteers and "SP8 4" those a request there
 * could reach (the sector's and the district's), never SP8 5's.
 */
export function areasOverlap(a: string, b: string): boolean {
  return a === b || a === areaDistrict(b) || areaDistrict(a) === b;
}

/**
 * Areas typed in one box, separated by commas, semicolons or spaces. A sector's own space is not a
 * separator: a lone digit belongs to the district before it, so "SP8 4 SP7 9" is two sectors.
 */
export function splitAreas(typed: string): string[] {
  const areas: string[] = [];
  for (const part of typed.split(/[;,]+/)) {
    const partStart = areas.length;
    for (const token of part.trim().split(/\s+/)) {
      if (token === '') continue;
      const previous = areas.length > partStart ? areas.at(-1) : undefined;
      if (/^[0-9]$/.test(token) && previous !== undefined && !previous.includes(' '))
        areas[areas.length - 1] = `${previous} ${token}`;
      else areas.push(token);
    }
  }
  return areas;
}

export function isInServiceArea(normalisedPostcode: string, serviceAreas: readonly string[]): boolean {
  return coversArea(serviceAreas, postcodeSector(normalisedPostcode));
}
