import type { SlotOnDate } from '../domain/availability.js';
import type { AvailabilitySlot, Weekday } from '../vocabulary/availability.js';
import { HELP_TYPE_LABELS, type HelpType } from '../vocabulary/help-types.js';
import type { EmailContent, PauseReason } from '../domain/messages.js';
import { CONCERN_KIND_LABELS } from '../domain/concern-kinds.js';
import type { ConcernKind } from '../domain/model.js';
import type { RecurringFrequency } from '../vocabulary/choices.js';
import type { AcceptedDetails, EscalationView, InviteSummary, SchemeContact } from '../domain/views.js';
import { formatDateLong, formatDateShort } from '../web/format.js';
import { londonDate, londonDayFrom, londonOffsetHours } from '../vocabulary/time.js';
import { formatUkPhone, telHref } from '../util/phone.js';
import { html, type SafeHtml } from '../web/html.js';
import { DEFAULT_LANGUAGE, englishName, MAIN_WORDS, textDirection, type Language } from '../web/i18n.js';
import { EMAIL_WORDS } from './email-i18n.js';

export type { EmailContent };

/**
 * Each email is written once as blocks and rendered twice, so the plain-text part (what many
 * phones and screen readers show) always says the same as the HTML part.
 */
type Block =
  | { kind: 'p'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'rows'; rows: readonly (readonly [string, string] | false | undefined)[] }
  | { kind: 'list'; items: readonly string[] }
  | { kind: 'button'; text: string; url: string }
  /** A secondary action: a plain link, so the one primary button stands out on a small screen. */
  | { kind: 'link'; text: string; url: string };

const p = (text: string): Block => ({ kind: 'p', text });
const heading = (text: string): Block => ({ kind: 'heading', text });
const rows = (...items: (readonly [string, string] | false | undefined)[]): Block => ({
  kind: 'rows',
  rows: items,
});
const list = (...items: string[]): Block => ({ kind: 'list', items });
const linkButton = (text: string, url: string): Block => ({ kind: 'button', text, url: webUrl(url) });
const secondaryLink = (text: string, url: string): Block => ({ kind: 'link', text, url: webUrl(url) });

/**
 * Phone numbers and references inside the words: marked with two private-use characters (which no
 * form accepts) so one string serves both parts. The text part gets the plain value (isolated left
 * to right inside Arabic); the HTML part gets a span that never wraps and, for a phone, a tel: link.
 */
const MARK_START = '\uE000';
const MARK_END = '\uE001';
const MARKED = /\uE000([tr])([^\uE000\uE001]*)\uE001/g;

/** A UK phone number, spaced as people read it, tappable in the HTML part. */
function phone(value: string): string {
  return `${MARK_START}t${formatUkPhone(value)}${MARK_END}`;
}

/** A reference such as GCK-7F3K2: one unbroken piece, left to right in any language. */
function ref(value: string): string {
  return `${MARK_START}r${value}${MARK_END}`;
}

/** The words as the text part (and the subject) shows them. */
function plainText(text: string, language: Language): string {
  const rtl = textDirection(language) === 'rtl';
  return text.replace(MARKED, (_all, _kind: string, value: string) => (rtl ? `\u2066${value}\u2069` : value));
}

const NO_WRAP = 'white-space:nowrap;unicode-bidi:isolate;';

/** The words as the HTML part shows them: escaped, with marked phones and references kept whole. */
function inlineHtml(text: string): SafeHtml[] {
  const parts: SafeHtml[] = [];
  let at = 0;
  for (const match of text.matchAll(MARKED)) {
    const [whole, kind, value = ''] = match;
    parts.push(html`${text.slice(at, match.index)}`);
    parts.push(
      kind === 't'
        ? html`<a href="${telHref(value)}" dir="ltr" style="${NO_WRAP}color:#005eb8;">${value}</a>`
        : html`<span dir="ltr" style="${NO_WRAP}">${value}</span>`,
    );
    at = match.index + whole.length;
  }
  parts.push(html`${text.slice(at)}`);
  return parts;
}

/** Links come from configuration; refusing anything but http(s) keeps a bad value from becoming javascript:. */
function webUrl(url: string): string {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) throw new Error('Email links must be absolute http(s) URLs');
  return url;
}

/** Subjects are one line: no value can start a new header or break the preview. */
function oneLine(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

function presentRows(block: Extract<Block, { kind: 'rows' }>): (readonly [string, string])[] {
  return block.rows.filter((row): row is readonly [string, string] => Boolean(row));
}

function toText(blocks: readonly Block[], language: Language): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'p':
        case 'heading':
          return block.text;
        case 'rows':
          return presentRows(block)
            .map(([key, value]) => (value.includes('\n') ? `${key}:\n${value}` : `${key}: ${value}`))
            .join('\n');
        case 'list':
          return block.items.map((item) => `- ${item}`).join('\n');
        case 'button':
        case 'link':
          return `${block.text}:\n${block.url}`;
      }
    })
    .join('\n\n')
    .concat('\n')
    .replace(MARKED, (all) => plainText(all, language));
}

const TEXT_STYLE = 'margin:0 0 16px 0;';

/** Inline styles that depend on the reading direction (email clients ignore dir for padding). */
function sides(language: Language) {
  const rtl = textDirection(language) === 'rtl';
  return { start: rtl ? 'right' : 'left', end: rtl ? 'left' : 'right' };
}

function multiline(value: string): SafeHtml[] {
  return value
    .split(/\r?\n/)
    .map((line, index) => (index === 0 ? html`${inlineHtml(line)}` : html`<br />${inlineHtml(line)}`));
}

// Email clients ignore stylesheets, so the few styles live on the elements; pages keep their strict CSP.
function blockHtml(block: Block, language: Language): SafeHtml {
  const side = sides(language);
  switch (block.kind) {
    case 'p':
      return html`<p style="${TEXT_STYLE}">${multiline(block.text)}</p>`;
    case 'heading':
      return html`<h2 style="margin:24px 0 8px 0;font-size:20px;">${inlineHtml(block.text)}</h2>`;
    case 'rows':
      return html`<table role="presentation" style="border-collapse:collapse;margin:0 0 16px 0;">
        ${presentRows(block).map(
          ([key, value]) =>
            html`<tr>
              <th
                scope="row"
                style="text-align:${side.start};vertical-align:top;padding:4px 0;padding-${side.end}:16px;"
              >
                ${inlineHtml(key)}
              </th>
              <td style="vertical-align:top;padding:4px 0;">${multiline(value)}</td>
            </tr>`,
        )}
      </table>`;
    case 'list':
      return html`<ul style="${TEXT_STYLE}padding-${side.start}:20px;">
        ${block.items.map((item) => html`<li>${inlineHtml(item)}</li>`)}
      </ul>`;
    case 'button':
      return html`<p style="${TEXT_STYLE}">
          <a
            href="${block.url}"
            style="display:inline-block;background-color:#007f3b;color:#ffffff;font-weight:bold;padding:12px 20px;text-decoration:none;border-radius:4px;"
            >${block.text}</a
          >
        </p>
        <p style="${TEXT_STYLE}">
          ${EMAIL_WORDS.t(language, 'email.linkFallback')}<br /><a
            href="${block.url}"
            style="color:#005eb8;word-break:break-all;"
            >${block.url}</a
          >
        </p>`;
    case 'link':
      return html`<p style="${TEXT_STYLE}">
        <a href="${block.url}" style="color:#005eb8;font-weight:bold;text-decoration:underline;"
          >${block.text}</a
        >
      </p>`;
  }
}

function toHtml(subject: string, blocks: readonly Block[], language: Language): string {
  const dir = textDirection(language);
  return html`<!DOCTYPE html>
    <html lang="${language}" dir="${dir}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${subject}</title>
      </head>
      <body
        style="margin:0;padding:16px;background-color:#ffffff;color:#212b32;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;text-align:${sides(language).start};"
      >
        <div dir="${dir}" style="max-width:600px;">${blocks.map((block) => blockHtml(block, language))}</div>
      </body>
    </html> `.toString();
}

function email(
  subject: string,
  blocks: readonly Block[],
  language: Language = DEFAULT_LANGUAGE,
): EmailContent {
  const oneLineSubject = oneLine(plainText(subject, language));
  return {
    subject: oneLineSubject,
    text: toText(blocks, language),
    html: toHtml(oneLineSubject, blocks, language),
  };
}

function signOff(contact: SchemeContact, language: Language = DEFAULT_LANGUAGE): Block[] {
  return [
    p(
      EMAIL_WORDS.t(language, 'email.signOff', {
        schemeName: contact.schemeName,
        phone: phone(contact.schemePhone),
      }),
    ),
  ];
}

/**
 * The volunteer's own details page, at the foot of every email to them: a plain link, since it is
 * never what the email is about.
 */
function yourDetails(profileUrl: string | undefined): Block[] {
  return profileUrl
    ? [
        p(
          'To change your details, areas, the times you can help or how many jobs a week, or to take a break:',
        ),
        secondaryLink('Your details', profileUrl),
      ]
    : [];
}

function emergency(language: Language = DEFAULT_LANGUAGE): Block {
  return p(MAIN_WORDS.t(language, 'common.emergency'));
}

/** A date in the requester's own language ("Saturday 12 December 2026" in English). */
function localDate(language: Language, isoDate: string): string {
  if (language === DEFAULT_LANGUAGE) return formatDateLong(isoDate);
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return new Intl.DateTimeFormat(language, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

function helpTypeLabel(language: Language, helpType: HelpType): string {
  return MAIN_WORDS.t(language, `helpType.${helpType}`);
}

/** Volunteers and staff read English; this tells them which language the requester reads. */
function preferredLanguageRow(language: Language | undefined): readonly [string, string] | false {
  return language !== undefined && language !== DEFAULT_LANGUAGE && ['Language', englishName(language)];
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function summaryRows(
  summary: InviteSummary,
  options: {
    /** A later visit of regular help: the first visit's reference, shown beside this one's. */
    firstReference?: string | undefined;
    /** The volunteer has already said yes (once or every time): no choice is offered any more. */
    chosen?: boolean;
  } = {},
): Block {
  const choice = options.chosen ? '' : ': you can help every time, or just once';
  return rows(
    ['Help needed', HELP_TYPE_LABELS[summary.helpType]],
    ['Area', summary.area],
    ['Needed by', formatDateLong(summary.neededBy)],
    summary.frequency === 'weekly' && ['How often', `Every week${choice}`],
    summary.frequency === 'fortnightly' && ['How often', `Every two weeks${choice}`],
    summary.urgent && ['Urgent', 'Yes, this request is urgent'],
    summary.details !== undefined && ['Details', summary.details],
    preferredLanguageRow(summary.language),
    ['Reference', referenceWords(DEFAULT_LANGUAGE, summary.reference, options.firstReference)],
  );
}

function prefersLanguage(language: Language | undefined): Block[] {
  return language !== undefined && language !== DEFAULT_LANGUAGE
    ? [p(`The person prefers to speak ${englishName(language)}.`)]
    : [];
}

function headline(summary: { helpType: HelpType; area: string }): string {
  return `${HELP_TYPE_LABELS[summary.helpType]} in ${summary.area}`;
}

/** "GCK-8HJ2P (part of GCK-7F3K2)" for a later visit of regular help; the reference alone otherwise. */
function referenceWords(language: Language, reference: string, firstReference: string | undefined): string {
  return firstReference
    ? EMAIL_WORDS.t(language, 'email.partOf', {
        reference: ref(reference),
        firstReference: ref(firstReference),
      })
    : ref(reference);
}

/** A clock time as people say it: "4:30pm" in English, "16:30" in Arabic. */
function clockTime(language: Language, london: Date): string {
  const hours = london.getUTCHours();
  const minutes = String(london.getUTCMinutes()).padStart(2, '0');
  if (language !== DEFAULT_LANGUAGE) return `${String(hours).padStart(2, '0')}:${minutes}`;
  return `${hours % 12 === 0 ? 12 : hours % 12}:${minutes}${hours < 12 ? 'am' : 'pm'}`;
}

/**
 * When to answer an invite, London time, as a volunteer reads it on a phone: "4:30pm today",
 * "9:15am tomorrow", or with the date when it is further off. "Today" is the day the message is
 * written; without that moment the date is given, which is never wrong.
 */
export function answerByWords(language: Language, answerBy: string, writtenAt?: string): string {
  const at = new Date(answerBy);
  if (Number.isNaN(at.getTime())) return answerBy;
  const clock = clockTime(language, new Date(at.getTime() + londonOffsetHours(at) * 3_600_000));
  const relative = writtenAt ? londonDayFrom(at, new Date(writtenAt)) : undefined;
  if (relative) return EMAIL_WORDS.t(language, `email.answerBy.${relative}`, { clock });
  return EMAIL_WORDS.t(language, 'email.answerBy.later', {
    clock,
    date: localDate(language, londonDate(at)),
  });
}

export function requesterConfirmationEmail(input: {
  reference: string;
  helpType: HelpType;
  /** What, when and where, repeated so the requester can check them (the area, never the address). */
  area?: string;
  neededBy?: string;
  contact: SchemeContact;
  /** The language the requester chose on the form; English when unset. */
  language?: Language;
  /** Self-service: a page (GET shows, POST acts) where the requester can cancel. */
  cancelUrl?: string;
  /** Recurring help: this is a later visit, to be matched, needed by this date. */
  nextVisitBy?: string;
  /** Held as a possible repeat of an earlier request: the team looks first, so nobody is asked yet. */
  held?: boolean;
  /** A later visit of regular help: the first visit's reference, the one the family knows. */
  firstReference?: string;
}): EmailContent {
  const { contact } = input;
  const language = input.language ?? DEFAULT_LANGUAGE;
  const schemePhone = phone(contact.schemePhone);
  const helpType = helpTypeLabel(language, input.helpType);
  const reference = referenceWords(language, input.reference, input.firstReference);
  const subjectKey = input.held
    ? 'email.confirmation.heldSubject'
    : input.nextVisitBy
      ? 'email.confirmation.nextSubject'
      : 'email.confirmation.subject';
  const neededBy = input.nextVisitBy ?? input.neededBy;
  return email(
    EMAIL_WORDS.t(language, subjectKey, { reference: input.reference }),
    [
      p(EMAIL_WORDS.t(language, 'email.hello')),
      p(
        input.nextVisitBy && !input.held
          ? EMAIL_WORDS.t(language, 'email.confirmation.nextVisit', {
              helpType,
              date: localDate(language, input.nextVisitBy),
            })
          : EMAIL_WORDS.t(language, 'email.confirmation.received', { helpType }),
      ),
      p(EMAIL_WORDS.t(language, 'email.reference', { reference })),
      heading(EMAIL_WORDS.t(language, 'email.confirmation.yourRequest')),
      rows(
        [MAIN_WORDS.t(language, 'respond.row.help'), helpType],
        neededBy !== undefined && [
          MAIN_WORDS.t(language, 'respond.row.neededBy'),
          localDate(language, neededBy),
        ],
        input.area !== undefined && [MAIN_WORDS.t(language, 'respond.row.area'), input.area],
        [MAIN_WORDS.t(language, 'respond.row.reference'), reference],
      ),
      heading(MAIN_WORDS.t(language, 'common.whatHappensNext')),
      input.held
        ? list(
            EMAIL_WORDS.t(language, 'email.confirmation.held.1'),
            EMAIL_WORDS.t(language, 'email.confirmation.held.2'),
          )
        : list(
            MAIN_WORDS.t(language, 'received.next.1'),
            MAIN_WORDS.t(language, 'received.next.2'),
            MAIN_WORDS.t(language, 'received.next.3'),
          ),
      p(MAIN_WORDS.t(language, 'received.urgent', { phone: schemePhone })),
      ...(input.cancelUrl
        ? [
            p(EMAIL_WORDS.t(language, 'email.confirmation.cancelIntro')),
            // A secondary link, not a big green button: cancelling is not what most people came for.
            secondaryLink(EMAIL_WORDS.t(language, 'email.confirmation.cancelLink'), input.cancelUrl),
          ]
        : []),
      emergency(language),
      ...signOff(contact, language),
    ],
    language,
  );
}

export function volunteerInviteEmail(input: {
  volunteerFirstName: string;
  summary: InviteSummary;
  respondUrl: string;
  contact: SchemeContact;
  /** When this wave's window closes (ISO instant). */
  answerBy?: string;
  /** When the sender wrote the message (ISO instant): what "today" and "tomorrow" mean. */
  writtenAt?: string;
  /** Self-service: the volunteer's own "pause my invites" page (GET shows, POST acts). */
  pauseUrl?: string;
  /** A later visit of regular help: the first visit's reference. */
  firstReference?: string;
  /** The first of the times they said they can usually help that falls before the need-by date. */
  availableOn?: SlotOnDate;
  /** The volunteer's own details page (a fresh personal link). */
  profileUrl?: string;
}): EmailContent {
  const { summary, contact } = input;
  const ask = summary.urgent ? 'Urgent: can you help?' : 'Can you help?';
  const slot = input.availableOn;
  return email(`${ask} ${headline(summary)} by ${formatDateShort(summary.neededBy)}`, [
    p(`Hello ${input.volunteerFirstName},`),
    p(`Someone near you has asked for help. ${summary.urgent ? 'It is urgent. ' : ''}Can you help?`),
    ...(input.answerBy
      ? [
          p(
            EMAIL_WORDS.t(DEFAULT_LANGUAGE, 'email.answerBy', {
              time: answerByWords(DEFAULT_LANGUAGE, input.answerBy, input.writtenAt),
            }),
          ),
        ]
      : []),
    summaryRows(summary, { firstReference: input.firstReference }),
    ...(slot
      ? [
          p(
            `We are asking you because you said you can usually help on ${slotWords(slot.slot)}: ${formatDateLong(slot.date)} is before it is needed.`,
          ),
        ]
      : []),
    ...prefersLanguage(summary.language),
    linkButton('Say yes or no to this request', input.respondUrl),
    p('Opening the link does not say yes for you. You choose on the page.'),
    p('The person’s name and address are shown only to the volunteer who says yes.'),
    p(`If you have a question, call ${phone(contact.schemePhone)}.`),
    ...(input.pauseUrl
      ? [
          p('Need a break? You can stop invites for a while, and choose how long on the page.'),
          secondaryLink('Pause my invites', input.pauseUrl),
        ]
      : []),
    ...yourDetails(input.profileUrl),
    ...signOff(contact),
  ]);
}

const WEEKDAY_WORDS: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** "tue-morning" → "Tuesday mornings". */
function slotWords(slot: AvailabilitySlot): string {
  const [day, part] = slot.split('-') as [Weekday, string];
  return `${WEEKDAY_WORDS[day]} ${part}s`;
}

/** What a volunteer on recurring help needs to know: how often, and whether they help every time. */
function seriesLines(series: { frequency: RecurringFrequency; committed: boolean } | undefined): Block[] {
  if (!series) return [];
  const every = series.frequency === 'weekly' ? 'every week' : 'every two weeks';
  if (!series.committed) {
    return [
      p(
        `This help is needed ${every}. You said yes to this visit only, so we will ask volunteers again for the next one.`,
      ),
    ];
  }
  return [
    p(
      `This help is needed ${every}, and you have said you will help each time: we will email you the details before every visit, and ask nobody else.`,
    ),
  ];
}

/**
 * Read on a phone, often on the doorstep: the person and the job first, one primary action ("I have
 * helped"), the others as plain links, and "Stop helping every time" last of all.
 */
export function volunteerDetailsEmail(input: {
  volunteerFirstName: string;
  details: AcceptedDetails;
  contact: SchemeContact;
  /** Self-service: a page (GET shows, POST acts) where the volunteer says the help is done. */
  doneUrl?: string;
  /** Self-service: a page (GET shows, POST acts) where the volunteer gives the task back. */
  releaseUrl?: string;
  /**
   * 'accepted' (the default): the volunteer said yes to an invite. 'asked-by-prescriber': the team
   * arranged it with them by hand, so there was no yes to thank them for.
   */
  arrangedBy?: 'accepted' | 'asked-by-prescriber' | 'series';
  /**
   * Sent again because the date or details changed (a later request was merged into this one): the
   * subject and opening say so, in the volunteer's language, and the rest is the details as they are now.
   */
  changed?: boolean;
  /** The language of the "changed" words; English when unset, as the rest of a volunteer's email is. */
  language?: Language;
  /** Recurring help: how often, and whether this volunteer took on every occurrence. */
  series?: { frequency: RecurringFrequency; committed: boolean };
  /** Recurring help the volunteer took on: a page (GET shows, POST acts) where they stop after this one. */
  stopUrl?: string;
  /** A later visit of regular help: the first visit's reference. */
  firstReference?: string;
  /** The volunteer's own details page (a fresh personal link). */
  profileUrl?: string;
}): EmailContent {
  const { details, contact } = input;
  const { requester } = details;
  const address = [requester.addressLine1, requester.addressLine2, requester.town, requester.postcode]
    .filter((line): line is string => Boolean(line))
    .join('\n');
  const byHand = input.arrangedBy === 'asked-by-prescriber';
  const nextVisit = input.arrangedBy === 'series';
  const schemePhone = phone(contact.schemePhone);
  const partOf = input.firstReference ? ` (part of ${input.firstReference})` : '';
  const language = input.language ?? DEFAULT_LANGUAGE;
  // The subject shows on lock screens and in notifications, so it names the help, never the person.
  const subject = input.changed
    ? EMAIL_WORDS.t(language, 'email.details.changed.subject', { reference: details.reference })
    : byHand
      ? `You have been asked to help – ${headline(details)} (${details.reference})`
      : nextVisit
        ? `Your next visit – ${headline(details)} by ${formatDateShort(details.neededBy)} (${details.reference}${partOf})`
        : `Thank you for saying yes – ${headline(details)} (${details.reference})`;
  const stopLink = input.series?.committed && input.stopUrl;
  return email(subject, [
    p(`Hello ${input.volunteerFirstName},`),
    p(
      input.changed
        ? EMAIL_WORDS.t(language, 'email.details.changed.body')
        : byHand
          ? `The ${contact.schemeName} team has arranged for you to help with this request. Here are the details.`
          : nextVisit
            ? 'Thank you for helping every time. Here are the details of the next visit.'
            : 'Thank you for saying yes. Here are the details.',
    ),
    heading('Who needs help'),
    rows(
      ['Name', requester.name],
      requester.nameInEnglishLetters !== undefined && [
        'Name in English letters',
        requester.nameInEnglishLetters,
      ],
      requester.askedBy !== undefined && [
        'Asked by',
        `${requester.askedBy.name} (${requester.askedBy.relationship})`,
      ],
      requester.phone !== undefined && ['Phone', phone(requester.phone)],
      requester.email !== undefined && ['Email', requester.email],
      ['Address', address],
    ),
    heading('What help is needed'),
    // They have chosen already: no "every time, or just once" offer any more.
    summaryRows(details, { firstReference: input.firstReference, chosen: true }),
    ...seriesLines(input.series),
    heading('What to do now'),
    p('Please contact them soon, ideally today, to arrange the help.'),
    ...(input.doneUrl
      ? [
          p('When you have helped, please tell us so we can close the request.'),
          linkButton('I have helped', input.doneUrl),
        ]
      : []),
    ...(input.releaseUrl
      ? [
          p(
            `If you can no longer help, tell us as soon as you can so we can find someone else. You can also call ${schemePhone}.`,
          ),
          secondaryLink('I can no longer help', input.releaseUrl),
        ]
      : [
          p(
            `If you can no longer help, call ${schemePhone} as soon as you can, so we can find someone else.`,
          ),
        ]),
    ...(input.doneUrl
      ? [
          // The concern page takes the same token as the done link (bound to this volunteer).
          p('If something about the person worried you, tell the social prescriber:'),
          secondaryLink('Raise a concern', input.doneUrl.replace(/\/done\/([^/]+)$/, '/concern/$1')),
        ]
      : []),
    p('Please keep these details private, and delete this email once you have helped.'),
    ...(stopLink
      ? [
          p(
            'If you need to stop after this visit, tell us here and we will find someone else for the next one.',
          ),
          secondaryLink('Stop helping every time', stopLink),
        ]
      : []),
    ...yourDetails(input.profileUrl),
    ...signOff(contact),
  ]);
}

/** The prescriber took a request back from the volunteer it was arranged with (they dropped out). */
export function volunteerNoLongerNeededEmail(input: {
  volunteerFirstName: string;
  summary: InviteSummary;
  contact: SchemeContact;
  /** A later visit of regular help: the first visit's reference. */
  firstReference?: string;
  /** The volunteer's own details page (a fresh personal link). */
  profileUrl?: string;
}): EmailContent {
  const { summary, contact } = input;
  const partOf = input.firstReference ? ` (part of ${input.firstReference})` : '';
  return email(
    `You are no longer needed for this request – ${headline(summary)} (${summary.reference}${partOf})`,
    [
      p(`Hello ${input.volunteerFirstName},`),
      p(
        `The ${contact.schemeName} team has taken this request (${headline(summary)}, needed by ${formatDateLong(summary.neededBy)}, reference ${referenceWords(DEFAULT_LANGUAGE, summary.reference, input.firstReference)}) back, so you do not need to help with it.`,
      ),
      p(
        'Please delete our earlier email with the person’s details. Its “I have helped” link no longer works.',
      ),
      p('Thank you for being ready to help.'),
      ...yourDetails(input.profileUrl),
      ...signOff(contact),
    ],
  );
}

export function requesterAcceptedEmail(input: {
  reference: string;
  volunteerFirstName: string;
  contact: SchemeContact;
  /** The language the requester chose on the form; English when unset. */
  language?: Language;
  /** Recurring help: the next visit, arranged with the volunteer who helps each time. */
  nextVisitBy?: string;
  /** A later visit of regular help: the first visit's reference, the one the family knows. */
  firstReference?: string;
}): EmailContent {
  const { contact } = input;
  const language = input.language ?? DEFAULT_LANGUAGE;
  const names = { volunteer: input.volunteerFirstName, schemeName: contact.schemeName };
  return email(
    EMAIL_WORDS.t(language, 'email.accepted.subject', { reference: input.reference }),
    [
      p(EMAIL_WORDS.t(language, 'email.hello')),
      p(
        input.nextVisitBy
          ? EMAIL_WORDS.t(language, 'email.accepted.nextVisit', {
              ...names,
              date: localDate(language, input.nextVisitBy),
            })
          : EMAIL_WORDS.t(language, 'email.accepted.body', names),
      ),
      p(
        EMAIL_WORDS.t(language, 'email.reference', {
          reference: referenceWords(language, input.reference, input.firstReference),
        }),
      ),
      p(EMAIL_WORDS.t(language, 'email.accepted.ifNot', { phone: phone(contact.schemePhone) })),
      emergency(language),
      ...signOff(contact, language),
    ],
    language,
  );
}

/** After the volunteer gave the task back: calm, short, and no name (the requester knew only a first name). */
export function requesterReleasedEmail(input: {
  reference: string;
  contact: SchemeContact;
  /** The language the requester chose on the form; English when unset. */
  language?: Language;
  /** A later visit of regular help: the first visit's reference, the one the family knows. */
  firstReference?: string;
}): EmailContent {
  const { contact } = input;
  const language = input.language ?? DEFAULT_LANGUAGE;
  return email(
    EMAIL_WORDS.t(language, 'email.released.subject', { reference: input.reference }),
    [
      p(EMAIL_WORDS.t(language, 'email.hello')),
      p(EMAIL_WORDS.t(language, 'email.released.body')),
      p(
        EMAIL_WORDS.t(language, 'email.reference', {
          reference: referenceWords(language, input.reference, input.firstReference),
        }),
      ),
      p(EMAIL_WORDS.t(language, 'email.released.ifQuestions', { phone: phone(contact.schemePhone) })),
      emergency(language),
      ...signOff(contact, language),
    ],
    language,
  );
}

export function volunteerTakenEmail(input: {
  volunteerFirstName: string;
  summary: InviteSummary;
  contact: SchemeContact;
  /** A later visit of regular help: the first visit's reference. */
  firstReference?: string;
  /** The volunteer's own details page (a fresh personal link). */
  profileUrl?: string;
}): EmailContent {
  const { summary, contact } = input;
  const partOf = input.firstReference
    ? `, reference ${referenceWords(DEFAULT_LANGUAGE, summary.reference, input.firstReference)}`
    : '';
  return email(`Someone else has said yes – ${headline(summary)}`, [
    p(`Hello ${input.volunteerFirstName},`),
    p(
      `Someone else has said yes to this request (${headline(summary)}, needed by ${formatDateLong(summary.neededBy)}${partOf}), so you do not need to do anything.`,
    ),
    p('The link in our earlier email will no longer work.'),
    p('Thank you for being ready to help.'),
    ...yourDetails(input.profileUrl),
    ...signOff(contact),
  ]);
}

/** Why a request reached the prescriber, in words they can act on. */
export function escalationReasonText(
  escalation: Pick<EscalationView, 'reason' | 'invited' | 'waves'>,
): string {
  switch (escalation.reason) {
    case 'no-candidates':
      return 'No volunteers offer this help in this area.';
    case 'no-acceptance':
      return `${plural(escalation.invited, 'volunteer was', 'volunteers were')} asked over ${plural(escalation.waves, 'round', 'rounds')} and nobody said yes.`;
    case 'system-failure':
      return 'The system could not finish matching this request, so some volunteers may not have been asked.';
  }
}

export function prescriberEscalationEmail(input: {
  escalation: EscalationView;
  dashboardUrl?: string;
  contact: SchemeContact;
}): EmailContent {
  const { escalation, contact } = input;
  const subject = `${escalation.urgent ? 'URGENT – ' : ''}Needs you: ${escalation.reference} – ${headline(escalation)} by ${formatDateShort(escalation.neededBy)}`;
  return email(subject, [
    p('Hello,'),
    p(
      `A request for help needs you: we could not find a volunteer.${escalation.urgent ? ' It is urgent.' : ''}`,
    ),
    rows(
      ['Reference', ref(escalation.reference)],
      ['Help needed', HELP_TYPE_LABELS[escalation.helpType]],
      ['Area', escalation.area],
      ['Needed by', formatDateLong(escalation.neededBy)],
      ['Urgent', escalation.urgent ? 'Yes' : 'No'],
      preferredLanguageRow(escalation.language),
    ),
    heading('Why'),
    p(escalationReasonText(escalation)),
    heading('What to do'),
    p(
      'Open the request to see the person’s details, then call them to arrange help another way or find a volunteer yourself.',
    ),
    input.dashboardUrl
      ? linkButton(`Open request ${escalation.reference}`, input.dashboardUrl)
      : p(`Sign in to the dashboard and look for reference ${escalation.reference}.`),
    // Details stay in the dashboard: this email can be forwarded or read on a shared screen.
    p(`This email does not include the person’s name or contact details.`),
    p(contact.schemeName),
  ]);
}

// ---- welfare concerns and possible duplicates, to the prescriber only ---------------------

/**
 * A volunteer's welfare concern. "URGENT" leads the subject (SES SendEmail cannot set X-Priority or
 * Importance headers; SendRawEmail could). The note and the person's details stay on the dashboard:
 * this email may be read on a shared screen or forwarded.
 */
export function prescriberConcernEmail(input: {
  reference: string;
  helpType: HelpType;
  area: string;
  kinds: readonly ConcernKind[];
  hasNote: boolean;
  dashboardUrl: string;
  schemeName: string;
}): EmailContent {
  return email(`URGENT: a volunteer is worried about someone – ${input.reference}`, [
    p('Hello,'),
    p(`A volunteer who helped with request ${ref(input.reference)} has raised a concern about the person.`),
    rows(
      ['Reference', ref(input.reference)],
      ['Help given', HELP_TYPE_LABELS[input.helpType]],
      ['Area', input.area],
    ),
    heading('What worried them'),
    input.kinds.length > 0
      ? list(...input.kinds.map((kind) => CONCERN_KIND_LABELS[kind]))
      : p('See their note.'),
    ...(input.hasNote ? [p('They also wrote a note, which you can read on the dashboard.')] : []),
    heading('What to do'),
    p('Open the request to read the concern and the person’s details, then acknowledge it.'),
    linkButton(`Open request ${input.reference}`, input.dashboardUrl),
    p('This email does not include the person’s name or contact details.'),
    p(input.schemeName),
  ]);
}

/** A request held as a possible duplicate: nobody is invited until the prescriber decides. */
export function prescriberDuplicateEmail(input: {
  reference: string;
  originalReference?: string;
  helpType: HelpType;
  area: string;
  dashboardUrl: string;
  schemeName: string;
}): EmailContent {
  return email(`Possible duplicate: ${input.reference} – ${headline(input)}`, [
    p('Hello,'),
    p(
      `Request ${ref(input.reference)} looks like a second request for the same person and the same help${
        input.originalReference ? ` as ${ref(input.originalReference)}` : ''
      }. We have not asked any volunteers about it.`,
    ),
    rows(
      ['Reference', ref(input.reference)],
      input.originalReference !== undefined && ['Earlier request', ref(input.originalReference)],
      ['Help needed', HELP_TYPE_LABELS[input.helpType]],
      ['Area', input.area],
    ),
    heading('What to do'),
    p('On the dashboard, merge it into the earlier request, or treat it as new to start asking volunteers.'),
    linkButton(`Open request ${input.reference}`, input.dashboardUrl),
    p('This email does not include the person’s name or contact details.'),
    p(input.schemeName),
  ]);
}

/**
 * A volunteer was paused because email to them bounces, was reported as spam, or was refused when
 * sent: the prescriber puts the roster right. It names the volunteer (the prescriber's own roster).
 */
export function prescriberVolunteerPausedEmail(input: {
  volunteerName: string;
  volunteerEmail: string;
  reason: PauseReason;
  schemeName: string;
}): EmailContent {
  const what = {
    bounce: { subject: 'bounce', why: 'cannot be delivered (it bounced)' },
    complaint: { subject: 'were reported as spam', why: 'was reported as spam by its owner' },
    rejected: { subject: 'are refused', why: 'was refused by the email service' },
  }[input.reason];
  return email(`Volunteer paused: emails to ${input.volunteerName} ${what.subject}`, [
    p('Hello,'),
    p(`Email to ${input.volunteerName} (${input.volunteerEmail}) ${what.why}.`),
    p('We have paused them so that requests go to volunteers who can be reached.'),
    p(
      'What to do: check their email address with them, correct it on the volunteer roster, and lift the pause.',
    ),
    p(input.schemeName),
  ]);
}

// The building blocks, for emails written in their own modules (chase-ups: mail/digest-templates.ts).
export {
  email as composeEmail,
  p as paragraph,
  heading as emailHeading,
  list as emailList,
  rows as emailRows,
  linkButton as emailButton,
  secondaryLink as emailLink,
  phone as emailPhone,
  ref as emailReference,
  signOff as emailSignOff,
  yourDetails as emailYourDetails,
  headline as helpHeadline,
  summaryRows as emailSummaryRows,
};

/** A fresh link to the volunteer's own details page, which they asked for. */
export function volunteerProfileLinkEmail(input: {
  volunteerFirstName: string;
  profileUrl: string;
  contact: SchemeContact;
}): EmailContent {
  const { contact } = input;
  return email(`Your details with ${contact.schemeName}`, [
    p(`Hello ${input.volunteerFirstName},`),
    p('Here is the link to your details page, as you asked.'),
    linkButton('See or change your details', input.profileUrl),
    p(
      'The link is yours alone: please do not share it. It replaces any link we sent you before, which no longer works.',
    ),
    p(`If you did not ask for it, you can ignore this email, or call us on ${phone(contact.schemePhone)}.`),
    ...signOff(contact),
  ]);
}

/** Sent to the NEW email address a volunteer gave: nothing changes until they follow the link. */
export function volunteerContactConfirmEmail(input: {
  volunteerFirstName: string;
  field: 'email' | 'phone';
  confirmUrl: string;
  contact: SchemeContact;
}): EmailContent {
  const { contact } = input;
  const what = input.field === 'email' ? 'email address' : 'mobile number';
  return email(`Confirm your new ${what} for ${contact.schemeName}`, [
    p(`Hello ${input.volunteerFirstName},`),
    p(
      `You asked us to use this ${what} from now on. Please confirm it is yours: until you do, we keep using your old one.`,
    ),
    linkButton(`Confirm my new ${what}`, input.confirmUrl),
    p(
      `The link works for 7 days. If you did not ask for this, ignore this email or call us on ${phone(contact.schemePhone)}.`,
    ),
    ...signOff(contact),
  ]);
}
