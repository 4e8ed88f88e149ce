import * as z from 'zod/mini';
import type { AvailabilitySlot } from '../vocabulary/availability.js';
import { splitAreas } from '../vocabulary/postcode.js';
import { availabilityRule, weeklyLimitRule, type ApplicantForm, type ApplicantProblem } from './applicant.js';
import { parseVolunteer, type VolunteerInput } from './volunteer.js';

/**
 * A volunteer's own details page: the fields they may change themselves, checked by the same rules as
 * the join form (the volunteer schema, and the join form's availability and weekly limit). Their DBS
 * check is the team's to record, so it is carried over from the profile unchanged.
 */
export const PROFILE_FIELDS = [
  'name',
  'email',
  'phone',
  'contactBy',
  'areas',
  'helpTypes',
  'availability',
  'weeklyLimit',
] as const;

export type ProfileField = (typeof PROFILE_FIELDS)[number];

export interface ProfileIssue {
  field: ProfileField;
  problem: ApplicantProblem | 'outside-service';
  /** For 'outside-service': the areas the scheme does not cover, as typed. */
  given?: string;
}

export interface ProfileInput extends Omit<VolunteerInput, 'dbsChecked' | 'dbsCheckedOn'> {
  availability: AvailabilitySlot[];
  weeklyLimit?: number;
}

export type ProfileParse = { ok: true; value: ProfileInput } | { ok: false; issues: ProfileIssue[] };

const extras = z.object({ availability: availabilityRule, weeklyLimit: weeklyLimitRule });

const isProfileField = (value: unknown): value is ProfileField =>
  typeof value === 'string' && (PROFILE_FIELDS as readonly string[]).includes(value);

/** Every problem in one pass, one per field, in the page's order (the first is the one to fix first). */
export function parseProfile(
  form: ApplicantForm,
  current: { dbsChecked: boolean; dbsCheckedOn?: string },
): ProfileParse {
  const { fields } = form;
  const volunteer = parseVolunteer({
    name: fields.name ?? '',
    email: fields.email ?? '',
    phone: fields.phone ?? '',
    areas: splitAreas(fields.areas ?? ''),
    helpTypes: [...form.helpTypes],
    dbsChecked: current.dbsChecked ? 'yes' : 'no',
    ...(current.dbsChecked && current.dbsCheckedOn ? { dbsCheckedOn: current.dbsCheckedOn } : {}),
    contactBy: fields.contactBy ?? '',
  });
  const rest = extras.safeParse({ availability: [...form.availability], weeklyLimit: fields.weeklyLimit });
  const issues: ProfileIssue[] = [];
  if (!volunteer.ok) {
    for (const issue of volunteer.issues) {
      // A wish for texts without a mobile is fixed in the phone box.
      const field = issue.problem === 'mobile-needed' ? 'phone' : issue.field;
      if (isProfileField(field)) issues.push({ field, problem: issue.problem });
    }
  }
  if (!rest.success) {
    for (const issue of rest.error.issues) {
      const field = issue.path[0];
      if (isProfileField(field))
        issues.push({ field, problem: (issue.message || 'not-text') as ApplicantProblem });
    }
  }
  if (!volunteer.ok || !rest.success || issues.length > 0) {
    const first = new Map<ProfileField, ProfileIssue>();
    for (const issue of issues) if (!first.has(issue.field)) first.set(issue.field, issue);
    return { ok: false, issues: PROFILE_FIELDS.flatMap((field) => first.get(field) ?? []) };
  }
  const { name, email, phone, areas, helpTypes, contactBy } = volunteer.value;
  return {
    ok: true,
    value: {
      name,
      email,
      ...(phone ? { phone } : {}),
      areas,
      helpTypes,
      ...(contactBy ? { contactBy } : {}),
      availability: rest.data.availability,
      ...(rest.data.weeklyLimit !== undefined ? { weeklyLimit: rest.data.weeklyLimit } : {}),
    },
  };
}
