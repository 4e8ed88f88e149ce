/**
 * The fixed choices a person makes on our forms, named once for the field rules, the domain and the pages.
 */

/** How a person wants to hear from us: email, text messages, or both. */
export const CONTACT_BY = ['email', 'text', 'both'] as const;
export type ContactBy = (typeof CONTACT_BY)[number];

export function isContactBy(value: unknown): value is ContactBy {
  return typeof value === 'string' && (CONTACT_BY as readonly string[]).includes(value);
}

/** How often help is needed: the form's choice. */
export const FREQUENCIES = ['once', 'weekly', 'fortnightly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export type RecurringFrequency = Exclude<Frequency, 'once'>;
