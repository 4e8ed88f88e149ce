/**
 * The languages a requester may read their pages and messages in. The words themselves live in
 * locales/<code>.json (shared/web/i18n.ts loads them); the domain needs only the codes.
 */
export const LANGUAGES = ['en', 'ar'] as const;

export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';
