/**
 * UK postcodes: outward code (area + district, e.g. "GL50") then inward code (e.g. "1AB").
 * The district is all a volunteer sees before accepting, so it is derived here once.
 */
const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;

export function normalisePostcode(raw: string): string | undefined {
  const compact = raw.toUpperCase().replace(/\s+/g, '');
  const match = POSTCODE.exec(compact);
  if (!match) return undefined;
  return `${match[1]} ${match[2]}`;
}

export function postcodeDistrict(normalisedPostcode: string): string {
  return normalisedPostcode.split(' ')[0] ?? normalisedPostcode;
}

export function isInServiceArea(normalisedPostcode: string, districts: readonly string[]): boolean {
  return districts.includes(postcodeDistrict(normalisedPostcode));
}
