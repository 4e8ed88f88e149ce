/** The kinds of help the scheme offers. The order is the order shown on the form. */
export const HELP_TYPES = [
  'prescription',
  'shopping',
  'friendly-chat',
  'dog-walking',
  'lift',
  'practical-help',
  'other',
] as const;

export type HelpType = (typeof HELP_TYPES)[number];

export const HELP_TYPE_LABELS: Record<HelpType, string> = {
  prescription: 'Collecting a prescription',
  shopping: 'Shopping',
  'friendly-chat': 'A friendly chat, visit or phone call',
  'dog-walking': 'Dog walking',
  lift: 'A lift to an appointment',
  'practical-help': 'Practical help at home',
  other: 'Something else',
};

export function isHelpType(value: string): value is HelpType {
  return (HELP_TYPES as readonly string[]).includes(value);
}
