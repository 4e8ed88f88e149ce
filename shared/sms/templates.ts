import type { HelpType } from '../vocabulary/help-types.js';
import type { MessageViews, SmsReplyKind } from '../domain/messages.js';
import { londonDayFrom, londonOffsetHours } from '../vocabulary/time.js';
import type { AcceptedDetails, InviteSummary, SchemeContact } from '../domain/views.js';
import { DEFAULT_LANGUAGE, type Language } from '../web/i18n.js';
import { countSegments } from './segments.js';

/**
 * The text-message twin of shared/mail/templates.ts: the same inputs (field names included), so one
 * view feeds both. Texts are short and plain: one GSM-7 segment (160 characters) where the words allow,
 * straight apostrophes and hyphens only (one curly quote or en dash makes a text UCS-2, 70 a segment).
 * A text never carries a name, an address, a phone number of the person helped or their details: only
 * what the email's subject would show, and a link.
 */

type Words = Record<Language, string>;

/** Shorter than the pages' labels: a text has 160 characters for everything. */
const HELP_TYPE_WORDS: Record<HelpType, Words> = {
  prescription: { en: 'Prescription', ar: 'استلام دواء' },
  shopping: { en: 'Shopping', ar: 'تسوق' },
  'friendly-chat': { en: 'Friendly chat', ar: 'حديث ودي' },
  'dog-walking': { en: 'Dog walking', ar: 'تمشية الكلب' },
  lift: { en: 'Lift to appointment', ar: 'توصيلة لموعد' },
  'practical-help': { en: 'Practical help', ar: 'مساعدة عملية' },
  other: { en: 'Other help', ar: 'مساعدة أخرى' },
};

const WEEKDAYS: Record<Language, readonly string[]> = {
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  ar: ['الأحد', 'الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت'],
};
const DAY_WORDS: Record<Language, Record<'today' | 'tomorrow', string>> = {
  en: { today: 'today', tomorrow: 'tomorrow' },
  ar: { today: 'اليوم', tomorrow: 'غدًا' },
};
const MONTHS: Record<Language, readonly string[]> = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  ar: [
    'يناير',
    'فبراير',
    'مارس',
    'أبريل',
    'مايو',
    'يونيو',
    'يوليو',
    'أغسطس',
    'سبتمبر',
    'أكتوبر',
    'نوفمبر',
    'ديسمبر',
  ],
};

function helpWords(language: Language, helpType: HelpType): string {
  return HELP_TYPE_WORDS[helpType][language];
}

/** "Sat 12 Dec" from a YYYY-MM-DD date. */
export function shortDate(isoDate: string, language: Language = DEFAULT_LANGUAGE): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return `${WEEKDAYS[language][date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[language][date.getUTCMonth()]}`;
}

/**
 * "16:30 today", "09:15 tomorrow" or "16:30 Thu", London time, from an ISO instant: when an invite
 * stops taking answers, as the email says it. "Today" is the day the text was written (`writtenAt`);
 * without it, the weekday. Answer windows are hours long, so the weekday is enough and the date would
 * cost a text its single segment.
 */
export function answerByTime(
  isoInstant: string,
  language: Language = DEFAULT_LANGUAGE,
  writtenAt?: string,
): string {
  const at = new Date(isoInstant);
  if (Number.isNaN(at.getTime())) return isoInstant;
  const london = new Date(at.getTime() + londonOffsetHours(at) * 3_600_000);
  const relative = writtenAt ? londonDayFrom(at, new Date(writtenAt)) : undefined;
  const day = relative ? DAY_WORDS[language][relative] : WEEKDAYS[language][london.getUTCDay()];
  return `${london.toISOString().slice(11, 16)} ${day}`;
}

/**
 * "GCK-8HJ2P (part of GCK-7F3K2)" for a later visit of regular help, whose first reference is the one
 * the family knows; the reference alone otherwise.
 */
function referenceWords(reference: string, firstReference: string | undefined, language: Language): string {
  if (!firstReference) return reference;
  return language === 'ar'
    ? `${reference} (جزء من ${firstReference})`
    : `${reference} (part of ${firstReference})`;
}

/**
 * The short routes for texts (infra/catalogue.ts): GET only, and their pages post to the long paths.
 * Same token, same rules; only the path is shorter.
 */
export const SHORT_LINK_PATHS: Readonly<Record<string, string>> = { '/respond/': '/r/', '/cancel/': '/c/' };

/** Links come from configuration; only absolute http(s) URLs without spaces may go into a text. */
function link(url: string): string {
  if (!/^https?:\/\/\S+$/i.test(url)) throw new Error('Text links must be absolute http(s) URLs');
  return shortLink(url);
}

/** The same link on its short path where there is one: https://…/respond/<token> → https://…/r/<token>. */
export function shortLink(url: string): string {
  for (const [long, short] of Object.entries(SHORT_LINK_PATHS)) {
    const match = new RegExp(`^(https?://[^/]+(?:/[^/]+)*?)${long}([A-Za-z0-9_-]+)$`).exec(url);
    if (match) return `${match[1]}${short}${match[2]}`;
  }
  return url;
}

/** One line, single spaces: a value can never add a line or pad a text into a second segment. */
function text(...parts: (string | false | undefined)[]): string {
  return parts
    .filter((part): part is string => Boolean(part))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function from(contact: SchemeContact): string {
  return `${contact.schemeName}:`;
}

/**
 * The first wording that fits one segment, else the last (the shortest). Wordings go from the fullest
 * (with the scheme's name first, so people know who is texting) to the leanest: a link is 70
 * characters of the 160, so a long scheme name or help type can cost the extras, never the link.
 */
function fit(...wordings: string[]): string {
  return (
    wordings.find((wording) => countSegments(wording).segments <= 1) ?? wordings[wordings.length - 1] ?? ''
  );
}

/** The same words with and without the scheme's name in front (capitalised when it leads). */
function withAndWithoutName(contact: SchemeContact, ...parts: (string | false | undefined)[]): string[] {
  const body = text(...parts);
  return [text(from(contact), body), body.charAt(0).toUpperCase() + body.slice(1)];
}

// ---- to the requester (in their language) ---------------------------------------------------------

export function requesterConfirmationText(input: {
  reference: string;
  helpType: HelpType;
  contact: SchemeContact;
  language?: Language;
  cancelUrl?: string;
  nextVisitBy?: string;
  /** A later visit of regular help: the first visit's reference. */
  firstReference?: string;
  /** Held as a possible repeat: the team looks first, and nobody is asked yet. */
  held?: boolean;
}): string {
  const language = input.language ?? DEFAULT_LANGUAGE;
  const help = helpWords(language, input.helpType);
  const cancel = input.cancelUrl && link(input.cancelUrl);
  if (language === 'ar') {
    const reference = referenceWords(input.reference, input.firstReference, language);
    if (input.held) {
      return text(
        from(input.contact),
        `وصل طلبك إلى فريقنا، المرجع ${reference}. يشبه طلبا لدينا، فسيراجعه الفريق ويتصل بك إن لزم.`,
        cancel && `للإلغاء: ${cancel}`,
      );
    }
    return text(
      from(input.contact),
      input.nextVisitBy
        ? `نبحث عن متطوع لزيارتك القادمة (${help}) بحلول ${shortDate(input.nextVisitBy, language)}، المرجع ${reference}.`
        : `استلمنا طلبك (${help})، المرجع ${reference}. سنراسلك عندما يوافق متطوع.`,
      cancel && `للإلغاء: ${cancel}`,
    );
  }
  const ref = referenceWords(input.reference, input.firstReference, language);
  const cancelling = cancel && `To cancel: ${cancel}`;
  // The honest words for a held request: nobody is being asked, so no promise of a volunteer's yes.
  if (input.held) {
    const checking = `your request has reached our team, ref ${ref}. They will check it first.`;
    return fit(
      text(
        from(input.contact),
        `your request has reached our team, ref ${ref}. It looks like one we already have, so they will check it and call you if needed.`,
        cancelling,
      ),
      ...withAndWithoutName(input.contact, checking, cancelling),
      ...withAndWithoutName(input.contact, checking, cancel && `Cancel: ${cancel}`),
      ...withAndWithoutName(input.contact, checking),
    );
  }
  if (input.nextVisitBy) {
    const by = shortDate(input.nextVisitBy);
    return fit(
      text(
        from(input.contact),
        `we're finding a volunteer for your next visit (${help}) by ${by}, ref ${ref}.`,
        cancelling,
      ),
      ...withAndWithoutName(
        input.contact,
        `finding a volunteer for your next visit by ${by}, ref ${ref}.`,
        cancelling,
      ),
      text(`Next visit by ${by}, ref ${ref}.`, cancel && `Cancel: ${cancel}`),
    );
  }
  return fit(
    text(
      from(input.contact),
      `we have your request (${help}), ref ${ref}. We'll text when a volunteer says yes.`,
      cancelling,
    ),
    text(
      from(input.contact),
      `we have your request, ref ${ref}. We'll text when a volunteer says yes.`,
      cancelling,
    ),
    ...withAndWithoutName(input.contact, `we have your request, ref ${ref}.`, cancelling),
  );
}

export function requesterAcceptedText(input: {
  reference: string;
  volunteerFirstName: string;
  contact: SchemeContact;
  language?: Language;
  nextVisitBy?: string;
  /** A later visit of regular help: the first visit's reference. */
  firstReference?: string;
}): string {
  const language = input.language ?? DEFAULT_LANGUAGE;
  const { contact, volunteerFirstName: volunteer } = input;
  const reference = referenceWords(input.reference, input.firstReference, language);
  if (language === 'ar') {
    return text(
      from(contact),
      input.nextVisitBy
        ? `تم ترتيب زيارتك القادمة: سيساعدك ${volunteer} مرة أخرى بحلول ${shortDate(input.nextVisitBy, language)}. المرجع ${reference}.`
        : `خبر سار، وافق ${volunteer} على طلبك ${reference} وسيتصل بك قريبا.`,
      `للاستفسار: ${contact.schemePhone}`,
    );
  }
  if (input.nextVisitBy) {
    const by = shortDate(input.nextVisitBy);
    return fit(
      text(
        from(contact),
        `your next visit is arranged: ${volunteer} will help again by ${by}. Ref ${reference}.`,
        `Questions: ${contact.schemePhone}`,
      ),
      text(
        from(contact),
        `next visit arranged: ${volunteer} will help by ${by}. Ref ${reference}.`,
        `Questions: ${contact.schemePhone}`,
      ),
      text(`Next visit arranged: ${volunteer} will help by ${by}. Ref ${reference}.`),
    );
  }
  return text(
    from(contact),
    `good news! ${volunteer} has said yes to your request ${reference} and will be in touch soon.`,
    `Questions: ${contact.schemePhone}`,
  );
}

/** The volunteer gave the task back: calm, and no name. */
export function requesterReleasedText(input: {
  reference: string;
  contact: SchemeContact;
  language?: Language;
  /** A later visit of regular help: the first visit's reference. */
  firstReference?: string;
}): string {
  const language = input.language ?? DEFAULT_LANGUAGE;
  const reference = referenceWords(input.reference, input.firstReference, language);
  if (language === 'ar') {
    return text(
      from(input.contact),
      `لم يعد المتطوع قادرا على المساعدة في طلبك ${reference}. نبحث عن شخص آخر.`,
      `للاستفسار: ${input.contact.schemePhone}`,
    );
  }
  return fit(
    text(
      from(input.contact),
      `your volunteer can no longer help with ${reference}. We're finding someone else.`,
      `Questions: ${input.contact.schemePhone}`,
    ),
    ...withAndWithoutName(
      input.contact,
      `your volunteer can no longer help with ${reference}. We're finding someone else.`,
    ),
  );
}

// ---- to volunteers ---------------------------------------------------------------------------------

/**
 * Help type, area, needed-by and answer-by, and the link: never the person, their address or the
 * details (those are only behind the link, and only for the volunteer who says yes).
 */
export function volunteerInviteText(input: {
  volunteerFirstName: string;
  summary: InviteSummary;
  respondUrl: string;
  contact: SchemeContact;
  /** When the invite stops taking answers (ISO instant): the end of its response window. */
  answerBy: string;
  /** When the sender wrote it (ISO instant): what "today" and "tomorrow" in the answer-by time mean. */
  writtenAt?: string;
  /** Not in the text (too long): PAUSE by reply does the same. Accepted so one view feeds email and text. */
  pauseUrl?: string;
  /** A later visit of regular help: the first visit's reference. */
  firstReference?: string;
  language?: Language;
}): string {
  const language = input.language ?? DEFAULT_LANGUAGE;
  const { summary } = input;
  const help = helpWords(language, summary.helpType);
  const answerBy = answerByTime(input.answerBy, language, input.writtenAt);
  if (language === 'ar') {
    const partOf = input.firstReference && ` (جزء من ${input.firstReference})`;
    return text(
      from(input.contact),
      summary.urgent && 'عاجل.',
      `هل يمكنك المساعدة؟ ${help} في ${summary.area} بحلول ${shortDate(summary.neededBy, language)}${partOf || ''}.`,
      `أرسل YES أو NO قبل ${answerBy}، أو افتح ${link(input.respondUrl)}`,
    );
  }
  const urgent = summary.urgent && 'URGENT:';
  // A later visit of regular help says which help it belongs to, in every wording.
  const by = `${shortDate(summary.neededBy)}${input.firstReference ? ` (part of ${input.firstReference})` : ''}`;
  const respond = link(input.respondUrl);
  return fit(
    text(
      urgent,
      from(input.contact),
      `can you help? ${help} in ${summary.area} by ${by}.`,
      `Reply YES or NO by ${answerBy} or see ${respond}`,
    ),
    text(
      urgent,
      from(input.contact),
      `can you help? ${help}, ${summary.area}, by ${by}. YES/NO by ${answerBy}: ${respond}`,
    ),
    text(urgent, `Can you help? ${help}, ${summary.area}, by ${by}. YES or NO by ${answerBy}: ${respond}`),
    text(urgent, `Can you help? ${help}, ${summary.area}, by ${by}. YES or NO: ${respond}`),
  );
}

/**
 * After a yes: the details are never in the text, only behind a link or, without one, in the email
 * that always goes with it (volunteers always have an email address).
 */
export function volunteerDetailsText(input: {
  volunteerFirstName: string;
  details: AcceptedDetails;
  contact: SchemeContact;
  /** The page with the person's details, for this volunteer only. */
  detailsUrl?: string;
  arrangedBy?: 'accepted' | 'asked-by-prescriber' | 'series';
  /** Sent again because the date or details changed: says so, and points to the new ones. */
  changed?: boolean;
  /** A later visit of regular help: the first visit's reference. */
  firstReference?: string;
  language?: Language;
}): string {
  const language = input.language ?? DEFAULT_LANGUAGE;
  const { details } = input;
  const reference = referenceWords(details.reference, input.firstReference, language);
  if (input.changed) return detailsChangedText(input.volunteerFirstName, reference, input, language);
  if (language === 'ar') {
    return text(
      from(input.contact),
      `شكرا ${input.volunteerFirstName}، أنت تساعد في ${reference}.`,
      input.detailsUrl
        ? `الاسم والعنوان وما يجب فعله: ${link(input.detailsUrl)}`
        : 'الاسم والعنوان وما يجب فعله في بريدك الإلكتروني.',
    );
  }
  const opening =
    input.arrangedBy === 'asked-by-prescriber'
      ? `${input.volunteerFirstName}, the team has arranged for you to help with ${reference}.`
      : input.arrangedBy === 'series'
        ? `${input.volunteerFirstName}, your next visit is ${reference}, by ${shortDate(details.neededBy)}.`
        : `thank you ${input.volunteerFirstName}, you're helping with ${reference}.`;
  if (!input.detailsUrl) {
    return fit(
      text(from(input.contact), opening, 'The name, address and what to do are in your email.'),
      ...withAndWithoutName(input.contact, opening, 'Details are in your email.'),
    );
  }
  const url = link(input.detailsUrl);
  return fit(
    text(from(input.contact), opening, `Name, address and what to do: ${url}`),
    ...withAndWithoutName(input.contact, opening, `Details: ${url}`),
    // Two references (a later visit of regular help) and a long name: the plainest opening.
    text(`${input.volunteerFirstName}, you're helping with ${reference}. Details: ${url}`),
  );
}

/**
 * The date or details of a task a volunteer holds have changed: which one, and where the new details
 * are. The new date is not in the text (it alone could mislead without the rest): the link has all.
 */
function detailsChangedText(
  firstName: string,
  reference: string,
  input: { contact: SchemeContact; detailsUrl?: string },
  language: Language,
): string {
  const url = input.detailsUrl && link(input.detailsUrl);
  if (language === 'ar') {
    // A link alone is longer than one UCS-2 segment (70 characters): the new details are in the email
    // that always goes with this text, so the text says so rather than running to three segments.
    const opening = `${firstName}، تغيّر موعد أو تفاصيل ${reference}.`;
    return fit(
      text(from(input.contact), opening, url ? `التفاصيل الجديدة: ${url}` : 'التفاصيل الجديدة في بريدك.'),
      text(opening, 'التفاصيل الجديدة في بريدك.'),
      text(`تغيّر موعد أو تفاصيل ${reference}. التفاصيل في بريدك.`),
    );
  }
  const opening = `${firstName}, the date or details of ${reference} have changed.`;
  const where = url ? `New details: ${url}` : 'The new details are in your email.';
  return fit(
    text(from(input.contact), opening, where),
    ...withAndWithoutName(input.contact, opening, url ? `See ${url}` : 'See your email.'),
    text(`${firstName}, ${reference} has changed. See ${url ?? 'your email.'}`),
  );
}

export function volunteerTakenText(input: {
  volunteerFirstName: string;
  summary: InviteSummary;
  contact: SchemeContact;
  /** A later visit of regular help: the first visit's reference. */
  firstReference?: string;
  language?: Language;
}): string {
  const language = input.language ?? DEFAULT_LANGUAGE;
  const { summary } = input;
  const help = helpWords(language, summary.helpType);
  if (language === 'ar') {
    const reference = input.firstReference
      ? `${summary.reference}، جزء من ${input.firstReference}`
      : summary.reference;
    return text(
      from(input.contact),
      `وافق شخص آخر على ${help} في ${summary.area} (${reference})، فلا داعي لفعل شيء. شكرا لك.`,
    );
  }
  const reference = input.firstReference
    ? `${summary.reference}, part of ${input.firstReference}`
    : summary.reference;
  return fit(
    text(
      from(input.contact),
      `someone else has said yes to ${help} in ${summary.area} (${reference}), so you don't need to do anything. Thank you!`,
    ),
    ...withAndWithoutName(
      input.contact,
      `someone else said yes to ${help} in ${summary.area} (${reference}). Nothing to do. Thank you!`,
    ),
  );
}

// ---- answers to a volunteer's reply ----------------------------------------------------------------

export function smsReplyText(
  kind: SmsReplyKind,
  input: {
    contact: SchemeContact;
    /** sms-reply-paused: the last day of the pause, YYYY-MM-DD. */
    until?: string;
    language?: Language;
  },
): string {
  const language = input.language ?? DEFAULT_LANGUAGE;
  const ar = language === 'ar';
  const phone = input.contact.schemePhone;
  switch (kind) {
    case 'sms-reply-help':
      return text(
        from(input.contact),
        ar
          ? `أرسل YES لقبول آخر دعوة أو NO للرفض، أو PAUSE لإيقاف الدعوات أسبوعا. للاستفسار: ${phone}`
          : `reply YES to say yes to your latest invite, NO to say no, or PAUSE for a week off. Questions: ${phone}`,
      );
    case 'sms-reply-nothing-open':
      return text(
        from(input.contact),
        ar
          ? `لا يوجد طلب ينتظر ردك الآن، فلا داعي لفعل شيء. شكرا لك. للاستفسار: ${phone}`
          : `there's no request waiting for your answer just now, so there's nothing to do. Questions: ${phone}`,
      );
    case 'sms-reply-declined':
      return text(
        from(input.contact),
        ar ? 'شكرا لإعلامنا، سنسأل شخصا آخر.' : "thanks for letting us know. We'll ask someone else.",
      );
    case 'sms-reply-paused': {
      const until = input.until ? shortDate(input.until, language) : '';
      return text(
        from(input.contact),
        ar
          ? `لن تصلك دعوات حتى ${until}. شكرا لك.`
          : `paused: no invites until ${until}. To come back sooner, call ${phone}.`,
      );
    }
    case 'sms-reply-taken':
      return text(
        from(input.contact),
        ar
          ? 'وافق شخص آخر قبلك، فلا داعي لفعل شيء. شكرا لك.'
          : "someone else said yes first, so you don't need to do anything. Thank you!",
      );
    case 'sms-reply-closed':
      return text(
        from(input.contact),
        ar
          ? 'هذا الطلب لم يعد بحاجة إلى متطوع. شكرا لك.'
          : 'that request no longer needs a volunteer, so there is nothing to do. Thank you!',
      );
  }
}

/** The outbox's view of an answer to a volunteer's text. */
export function volunteerTextReplyText(view: MessageViews['volunteer-text-reply']): string {
  return smsReplyText(view.reply, view);
}
