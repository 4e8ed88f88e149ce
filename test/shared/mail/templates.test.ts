import { describe, expect, it } from 'vitest';
import type {
  AcceptedDetails,
  EscalationView,
  InviteSummary,
  SchemeContact,
} from '../../../shared/domain/views.js';
import {
  answerByWords,
  escalationReasonText,
  prescriberEscalationEmail,
  requesterAcceptedEmail,
  requesterConfirmationEmail,
  requesterReleasedEmail,
  volunteerDetailsEmail,
  volunteerInviteEmail,
  volunteerTakenEmail,
  type EmailContent,
} from '../../../shared/mail/templates.js';

const contact: SchemeContact = { schemeName: 'Community Kindness', schemePhone: '01632 960 000' };
const respondUrl = 'https://help.example.org/respond/AbC123_-xyz';
const dashboardUrl = 'https://help.example.org/admin/requests/01JREQ';
const cancelUrl = 'https://help.example.org/cancel/CaNceL123_-xyz';
const doneUrl = 'https://help.example.org/done/DoNe123_-xyz';
const releaseUrl = 'https://help.example.org/release/ReLease123_-xyz';
const pauseUrl = 'https://help.example.org/pause/PaUse123_-xyz';

const summary: InviteSummary = {
  reference: 'GCK-7F3K2',
  helpType: 'shopping',
  area: 'GL50',
  neededBy: '2026-11-26',
  urgent: false,
  details: 'Milk and bread',
};

const details: AcceptedDetails = {
  ...summary,
  requester: {
    name: 'Mary Testperson',
    askedBy: { name: 'John Testperson', relationship: 'son' },
    phone: '07700 900 982',
    email: 'mary@example.com',
    addressLine1: '12 Acacia Avenue',
    addressLine2: 'Flat 3',
    town: 'Cheltenham',
    postcode: 'GL50 1AB',
  },
};

const requesterValues = [
  'Mary Testperson',
  'John Testperson',
  '07700 900 982',
  // As the emails write it.
  '07700 900982',
  'mary@example.com',
  '12 Acacia Avenue',
  'Flat 3',
  'GL50 1AB',
];

const escalation: EscalationView = {
  reference: 'GCK-7F3K2',
  requestId: '01JREQ',
  helpType: 'lift',
  area: 'GL51',
  neededBy: '2026-11-26',
  urgent: false,
  reason: 'no-acceptance',
  waves: 2,
  invited: 6,
};

const everyEmail: [string, EmailContent][] = [
  [
    'requester confirmation',
    requesterConfirmationEmail({ reference: 'GCK-7F3K2', helpType: 'shopping', contact }),
  ],
  ['volunteer invite', volunteerInviteEmail({ volunteerFirstName: 'Sam', summary, respondUrl, contact })],
  ['volunteer details', volunteerDetailsEmail({ volunteerFirstName: 'Sam', details, contact })],
  [
    'requester accepted',
    requesterAcceptedEmail({ reference: 'GCK-7F3K2', volunteerFirstName: 'Sam', contact }),
  ],
  ['volunteer taken', volunteerTakenEmail({ volunteerFirstName: 'Sam', summary, contact })],
  ['requester released', requesterReleasedEmail({ reference: 'GCK-7F3K2', contact })],
  [
    'volunteer invite with a pause link',
    volunteerInviteEmail({ volunteerFirstName: 'Sam', summary, respondUrl, contact, pauseUrl }),
  ],
  [
    'volunteer details with done and release links',
    volunteerDetailsEmail({ volunteerFirstName: 'Sam', details, contact, doneUrl, releaseUrl }),
  ],
  ['prescriber escalation', prescriberEscalationEmail({ escalation, dashboardUrl, contact })],
];

/** What a person sees in the HTML part, roughly: tags gone, entities decoded. */
function visibleText(markup: string): string {
  return (
    markup
      // Inline elements (a phone's tel: link, a reference kept on one line) do not break the words.
      .replace(/<\/?(?:a|span)\b[^>]*>/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
  );
}

describe('every email', () => {
  it.each(everyEmail)(
    '%s has a one-line subject, a plain-text part and a full HTML document',
    (_name, message) => {
      expect(message.subject.length).toBeGreaterThan(10);
      expect(message.subject).not.toMatch(/[\r\n]/);
      expect(message.text.trim().length).toBeGreaterThan(50);
      expect(message.text).not.toMatch(/<[a-z]/i);
      expect(message.html).toMatch(/^<!DOCTYPE html>\s*<html lang="en" dir="ltr">/);
      expect(message.html).toMatch(/<meta charset="utf-8"\s*\/?>/);
    },
  );

  it.each(everyEmail)('%s says the same thing in both parts', (_name, message) => {
    const htmlText = visibleText(message.html);
    for (const line of message.text.split('\n').filter((candidate) => candidate.trim() !== '')) {
      const words = line.replace(/^- /, '').replace(/:$/, '').trim();
      for (const piece of words.split(/: /)) {
        // A secondary link shows its words in the HTML part and carries its address in the href.
        if (/^https?:\/\/\S+$/.test(piece.trim()))
          expect(message.html, piece).toContain(`href="${piece.trim()}"`);
        else expect(htmlText, piece).toContain(piece.trim());
      }
    }
  });

  it.each(everyEmail.filter(([name]) => name !== 'prescriber escalation'))(
    '%s gives the scheme phone number for people to call',
    (_name, message) => {
      expect(message.text).toContain('01632 960000');
      expect(message.html).toContain('01632 960000');
    },
  );
});

describe('requesterConfirmationEmail', () => {
  const message = requesterConfirmationEmail({ reference: 'GCK-7F3K2', helpType: 'shopping', contact });

  it('confirms the request with its reference and what happens next', () => {
    expect(message.subject).toBe('We have received your request for help – GCK-7F3K2');
    expect(message.text).toContain('Your reference number is GCK-7F3K2.');
    expect(message.text).toContain(
      'The first volunteer who says yes will contact you, usually within a day.',
    );
    expect(message.text).toContain('If nobody can help, our social prescriber will call you.');
    expect(message.text).toContain('In an emergency, call 999');
  });
});

describe('volunteerInviteEmail', () => {
  const message = volunteerInviteEmail({ volunteerFirstName: 'Sam', summary, respondUrl, contact });

  it('has a subject that says what, where and by when', () => {
    expect(message.subject).toBe('Can you help? Shopping in GL50 by Thu 26 Nov');
  });

  it('says urgent in the subject and body of an urgent request', () => {
    const urgent = volunteerInviteEmail({
      volunteerFirstName: 'Sam',
      summary: { ...summary, urgent: true },
      respondUrl,
      contact,
    });
    expect(urgent.subject).toBe('Urgent: can you help? Shopping in GL50 by Thu 26 Nov');
    expect(urgent.text).toContain('Urgent: Yes, this request is urgent');
    expect(message.text).not.toContain('Urgent');
  });

  it('shows the help, area, date and details', () => {
    expect(message.text).toContain('Help needed: Shopping');
    expect(message.text).toContain('Area: GL50');
    expect(message.text).toContain('Needed by: Thursday 26 November 2026');
    expect(message.text).toContain('Details: Milk and bread');
  });

  it('every email with a link has the full link in its plain-text part', () => {
    expect(message.text).toContain(`\n${respondUrl}\n`);
  });

  it('gives the link as a button and as a visible full URL in the HTML part', () => {
    const anchors = [...message.html.matchAll(/<a\s[^>]*href="(https?:[^"]+)"[^>]*>\s*([^<]*?)\s*<\/a/g)];
    expect(anchors.map((anchor) => anchor[1])).toEqual([respondUrl, respondUrl]);
    expect(anchors[0]?.[2]).toBe('Say yes or no to this request');
    expect(anchors[1]?.[2]).toBe(respondUrl);
  });

  it('says that only the volunteer who says yes sees the name and address', () => {
    expect(message.text).toContain(
      'The person’s name and address are shown only to the volunteer who says yes.',
    );
  });

  it("invite email never contains the requester's address, name or contact details", () => {
    // AcceptedDetails is an InviteSummary with more in it: a careless caller could pass one.
    const leaky: InviteSummary = details;
    const invite = volunteerInviteEmail({ volunteerFirstName: 'Sam', summary: leaky, respondUrl, contact });
    for (const value of requesterValues) {
      expect(invite.subject).not.toContain(value);
      expect(invite.text).not.toContain(value);
      expect(invite.html).not.toContain(value);
    }
  });

  it('escapes what the requester wrote in the HTML part and keeps it readable in the text part', () => {
    const hostile = volunteerInviteEmail({
      volunteerFirstName: 'Sam',
      summary: { ...summary, details: '<a href="https://evil.example">click</a> & "more"' },
      respondUrl,
      contact,
    });
    expect(hostile.html).not.toContain('<a href="https://evil.example">');
    expect(hostile.html).toContain(
      '&lt;a href=&quot;https://evil.example&quot;&gt;click&lt;/a&gt; &amp; &quot;more&quot;',
    );
    expect(hostile.text).toContain('Details: <a href="https://evil.example">click</a> & "more"');
  });

  it('refuses a link that is not http(s)', () => {
    expect(() =>
      volunteerInviteEmail({
        volunteerFirstName: 'Sam',
        summary,
        respondUrl: 'javascript:alert(1)',
        contact,
      }),
    ).toThrow();
  });

  it('escapes a link so it cannot break out of its attribute', () => {
    const odd = volunteerInviteEmail({
      volunteerFirstName: 'Sam',
      summary,
      respondUrl: 'https://help.example.org/respond/a"onmouseover="x',
      contact,
    });
    expect(odd.html).toContain('href="https://help.example.org/respond/a&quot;onmouseover=&quot;x"');
  });
});

describe('volunteerDetailsEmail', () => {
  const message = volunteerDetailsEmail({ volunteerFirstName: 'Sam', details, contact });

  it('gives the volunteer everything they need to get in touch', () => {
    expect(message.text).toContain('Name: Mary Testperson');
    expect(message.text).toContain('Asked by: John Testperson (son)');
    expect(message.text).toContain('Phone: 07700 900982');
    expect(message.text).toContain('Email: mary@example.com');
    expect(message.text).toContain('Address:\n12 Acacia Avenue\nFlat 3\nCheltenham\nGL50 1AB');
    expect(message.text).toContain('Help needed: Shopping');
    expect(message.text).toContain('Needed by: Thursday 26 November 2026');
    expect(message.html).toMatch(/12 Acacia Avenue<br\s*\/?>Flat 3<br\s*\/?>Cheltenham<br\s*\/?>GL50 1AB/);
  });

  it('puts the name in English letters beside a name in Arabic', () => {
    const arabic = volunteerDetailsEmail({
      volunteerFirstName: 'Sam',
      details: {
        ...details,
        requester: { ...details.requester, name: 'فاطمة حسن', nameInEnglishLetters: 'Fatima Hassan' },
      },
      contact,
    });
    expect(arabic.text).toContain('Name: فاطمة حسن\nName in English letters: Fatima Hassan\n');
    expect(arabic.html).toContain('Fatima Hassan');
    expect(message.text).not.toContain('Name in English letters');
  });

  it.each([
    ['en', 'The date or details have changed – GCK-7F3K2', 'have changed since we wrote to you'],
    ['ar', 'تغيّر الموعد أو التفاصيل – GCK-7F3K2', 'تغيّر موعد هذا الطلب أو تفاصيله'],
  ] as const)(
    'sent again after the date or details changed, says so in the volunteer’s language (%s), with the details as they are now',
    (language, subject, opening) => {
      const changed = volunteerDetailsEmail({
        volunteerFirstName: 'Sam',
        details,
        contact,
        doneUrl,
        releaseUrl,
        changed: true,
        language,
      });
      expect(changed.subject).toBe(subject);
      for (const value of requesterValues) expect(changed.subject).not.toContain(value);
      expect(changed.text).toContain(opening);
      expect(changed.html).toContain(opening);
      expect(changed.text).not.toContain('Thank you for saying yes');
      expect(changed.text).toContain('Needed by: Thursday 26 November 2026');
      expect(changed.text).toContain('Address:\n12 Acacia Avenue');
    },
  );

  it('asks them to get in touch soon and to call if they can no longer help', () => {
    expect(message.text).toContain('Please contact them soon');
    expect(message.text).toContain('If you can no longer help, call 01632 960000');
  });

  it('keeps the person’s name and address out of the subject, which shows on lock screens', () => {
    for (const value of requesterValues) expect(message.subject).not.toContain(value);
    expect(message.subject).toContain('GCK-7F3K2');
  });

  it('leaves out what the requester did not give', () => {
    const sparse = volunteerDetailsEmail({
      volunteerFirstName: 'Sam',
      details: {
        ...details,
        details: undefined,
        requester: {
          name: 'Mary Testperson',
          phone: '07700 900 982',
          addressLine1: '12 Acacia Avenue',
          postcode: 'GL50 1AB',
        },
      },
      contact,
    });
    expect(sparse.text).not.toContain('Asked by');
    expect(sparse.text).not.toContain('Email:');
    expect(sparse.text).not.toContain('Details:');
    expect(sparse.text).toContain('Address:\n12 Acacia Avenue\nGL50 1AB');
  });
});

describe('requesterAcceptedEmail', () => {
  it('names the volunteer by first name and the scheme', () => {
    const message = requesterAcceptedEmail({ reference: 'GCK-7F3K2', volunteerFirstName: 'Sam', contact });
    expect(message.subject).toContain('GCK-7F3K2');
    expect(message.text).toContain(
      'Sam from Community Kindness has said yes to your request and will be in touch soon.',
    );
  });

  it('escapes the volunteer name in the HTML part', () => {
    const message = requesterAcceptedEmail({
      reference: 'GCK-7F3K2',
      volunteerFirstName: '<i>Sam</i>',
      contact,
    });
    expect(message.html).toContain('&lt;i&gt;Sam&lt;/i&gt;');
    expect(message.html).not.toContain('<i>');
  });
});

describe('volunteerTakenEmail', () => {
  it('tells the volunteer someone else said yes and thanks them', () => {
    const message = volunteerTakenEmail({ volunteerFirstName: 'Sam', summary, contact });
    expect(message.subject).toBe('Someone else has said yes – Shopping in GL50');
    expect(message.text).toContain('Someone else has said yes to this request');
    expect(message.text).toContain('Thank you for being ready to help.');
  });
});

describe('prescriberEscalationEmail', () => {
  it('puts "Needs you:" and the reference in the subject', () => {
    const message = prescriberEscalationEmail({ escalation, contact });
    expect(message.subject).toBe('Needs you: GCK-7F3K2 – A lift to an appointment in GL51 by Thu 26 Nov');
    expect(message.subject).not.toContain('URGENT');
  });

  it('marks an urgent escalation URGENT in the subject and body', () => {
    const message = prescriberEscalationEmail({ escalation: { ...escalation, urgent: true }, contact });
    expect(message.subject).toMatch(/^URGENT – Needs you: GCK-7F3K2/);
    expect(message.text).toContain('Urgent: Yes');
  });

  it('gives the request facts and what to do, with the dashboard link in full', () => {
    const message = prescriberEscalationEmail({ escalation, dashboardUrl, contact });
    expect(message.text).toContain('Reference: GCK-7F3K2');
    expect(message.text).toContain('Help needed: A lift to an appointment');
    expect(message.text).toContain('Area: GL51');
    expect(message.text).toContain('Needed by: Thursday 26 November 2026');
    expect(message.text).toContain('What to do');
    expect(message.text).toContain(`\n${dashboardUrl}\n`);
    expect(message.html).toContain(`href="${dashboardUrl}"`);
  });

  it('points to the dashboard by reference when there is no link', () => {
    const message = prescriberEscalationEmail({ escalation, contact });
    expect(message.text).toContain('Sign in to the dashboard and look for reference GCK-7F3K2.');
    expect(message.html).not.toContain('href=');
  });

  it('explains each reason in plain English', () => {
    expect(escalationReasonText({ ...escalation, reason: 'no-candidates' })).toBe(
      'No volunteers offer this help in this area.',
    );
    expect(escalationReasonText(escalation)).toBe(
      '6 volunteers were asked over 2 rounds and nobody said yes.',
    );
    expect(escalationReasonText({ ...escalation, invited: 1, waves: 1 })).toBe(
      '1 volunteer was asked over 1 round and nobody said yes.',
    );
    expect(escalationReasonText({ ...escalation, reason: 'system-failure' })).toMatch(
      /^The system could not finish matching this request/,
    );
    const message = prescriberEscalationEmail({ escalation, contact });
    expect(message.text).toContain('6 volunteers were asked over 2 rounds and nobody said yes.');
  });
});

describe('the self-service links in the volunteer emails', () => {
  it('offers the volunteer a pause link with each invite, still with nothing about the person', () => {
    const invite = volunteerInviteEmail({
      volunteerFirstName: 'Sam',
      summary,
      respondUrl,
      contact,
      pauseUrl,
    });
    expect(invite.text).toContain(`Pause my invites:\n${pauseUrl}`);
    expect(invite.html).toContain(`href="${pauseUrl}"`);
    for (const value of requesterValues) expect(invite.text).not.toContain(value);
    const without = volunteerInviteEmail({ volunteerFirstName: 'Sam', summary, respondUrl, contact });
    expect(without.text).not.toContain('Pause my invites');
  });

  it('gives the assigned volunteer a release link beside the done link, and still the phone number', () => {
    const message = volunteerDetailsEmail({
      volunteerFirstName: 'Sam',
      details,
      contact,
      doneUrl,
      releaseUrl,
    });
    expect(message.text).toContain(`I can no longer help:\n${releaseUrl}`);
    expect(message.text).toContain(`I have helped:\n${doneUrl}`);
    expect(message.text).toContain('You can also call 01632 960000');
  });
});

describe('the requester’s emails in Arabic', () => {
  const confirmation = requesterConfirmationEmail({
    reference: 'GCK-7F3K2',
    helpType: 'shopping',
    contact,
    language: 'ar',
  });
  const accepted = requesterAcceptedEmail({
    reference: 'GCK-7F3K2',
    volunteerFirstName: 'Sam',
    contact,
    language: 'ar',
  });

  const confirmationWithLink = requesterConfirmationEmail({
    reference: 'GCK-7F3K2',
    helpType: 'shopping',
    contact,
    language: 'ar',
    cancelUrl,
  });
  const released = requesterReleasedEmail({ reference: 'GCK-7F3K2', contact, language: 'ar' });
  const nextVisitConfirmation = requesterConfirmationEmail({
    reference: 'GCK-7F3K2',
    helpType: 'shopping',
    contact,
    language: 'ar',
    cancelUrl,
    nextVisitBy: '2026-03-21',
  });
  const nextVisit = requesterAcceptedEmail({
    reference: 'GCK-7F3K2',
    volunteerFirstName: 'Sam',
    contact,
    language: 'ar',
    nextVisitBy: '2026-03-21',
  });

  it.each([
    ['confirmation', confirmation],
    ['confirmation with its cancel link', confirmationWithLink],
    ['accepted', accepted],
    ['released', released],
  ])('%s is written right to left, in Arabic, in both parts', (_name, message) => {
    expect(message.html).toMatch(/^<!DOCTYPE html>\s*<html lang="ar" dir="rtl">/);
    expect(message.html).toContain('text-align:right');
    expect(message.subject).toMatch(/[\u0600-\u06ff]/);
    expect(message.subject).toContain('GCK-7F3K2');
    expect(message.text).toMatch(/[\u0600-\u06ff]/);
    expect(message.text).not.toMatch(/Hello|Thank you|reference number/);
    // The phone number is kept left to right inside the Arabic text (Unicode isolates).
    expect(message.text).toContain('\u206601632 960000\u2069');
    expect(message.text).toContain('999');
  });

  it('says what happens next, with the help type in Arabic', () => {
    expect(confirmation.subject).toBe('وصلنا طلبك للمساعدة – GCK-7F3K2');
    expect(confirmation.text).toContain('وصلنا طلبك للمساعدة (التسوّق).');
    expect(confirmation.text).toContain('ماذا يحدث بعد ذلك');
    expect(confirmation.text).toContain('- سيتصل بك أول متطوع يوافق، عادةً خلال يوم واحد.');
  });

  it('dates the next visit of regular help in Arabic', () => {
    expect(nextVisit.text).toContain('تم ترتيب زيارتك القادمة');
    expect(nextVisit.text).toContain(
      new Intl.DateTimeFormat('ar', { dateStyle: 'full', timeZone: 'UTC' }).format(new Date('2026-03-21')),
    );
  });

  it('gives the volunteer’s first name only', () => {
    expect(accepted.text).toContain('الاسم الأول للمتطوع: Sam.');
  });

  /** What is left once the values that are English by nature (names, reference, links) are taken out. */
  function englishWordsIn(text: string): string[] {
    const stripped = text
      .replace(/https?:\/\/\S+/g, '')
      .replaceAll('GCK-7F3K2', '')
      .replaceAll(contact.schemeName, '')
      .replaceAll('NHS', '')
      .replaceAll('Sam', '')
      // A service's name, as the Arabic NHS pages write it too.
      .replaceAll('NHS', '');
    return stripped.match(/[A-Za-z]{2,}/g) ?? [];
  }

  it.each([
    ['confirmation with its cancel link', confirmationWithLink],
    ['accepted', accepted],
    ['released', released],
    ['next visit of regular help', nextVisit],
    ['next visit still to be matched', nextVisitConfirmation],
  ])('%s has no English left, its link wording included', (_name, message) => {
    expect(englishWordsIn(message.subject)).toEqual([]);
    expect(englishWordsIn(message.text)).toEqual([]);
    expect(englishWordsIn(visibleText(message.html.replace(/<head>[\s\S]*<\/head>/, '')))).toEqual([]);
  });

  it('puts the cancel link under Arabic words, as a button and in full', () => {
    expect(confirmationWithLink.text).toContain(`إلغاء طلبي:\n${cancelUrl}`);
    expect(confirmationWithLink.text).toContain('إذا لم تعد تحتاج المساعدة، يمكنك إلغاء طلبك.');
    expect(confirmationWithLink.text).not.toContain('Cancel my request');
  });

  it('stays in English when no language is given, as before', () => {
    const english = requesterConfirmationEmail({ reference: 'GCK-7F3K2', helpType: 'shopping', contact });
    expect(english.subject).toBe('We have received your request for help – GCK-7F3K2');
    expect(english.text).not.toContain('\u2066');
  });
});

describe('telling volunteers which language the requester prefers', () => {
  it('says so in the invite and in the details, in English', () => {
    const invite = volunteerInviteEmail({
      volunteerFirstName: 'Sam',
      summary: { ...summary, language: 'ar' },
      respondUrl,
      contact,
    });
    expect(invite.text).toContain('The person prefers to speak Arabic.');
    expect(invite.text).toContain('Language: Arabic');
    expect(invite.html).toMatch(/^<!DOCTYPE html>\s*<html lang="en" dir="ltr">/);
    const detailsEmail = volunteerDetailsEmail({
      volunteerFirstName: 'Sam',
      details: { ...details, language: 'ar' },
      contact,
    });
    expect(detailsEmail.text).toContain('Language: Arabic');
  });

  it('says nothing about language for English', () => {
    const invite = volunteerInviteEmail({
      volunteerFirstName: 'Sam',
      summary: { ...summary, language: 'en' },
      respondUrl,
      contact,
    });
    expect(invite.text).not.toMatch(/prefers to speak|Language:/);
  });
});

describe('telling the prescriber which language the requester prefers', () => {
  it('adds a Language row to the escalation for a language other than English', () => {
    const message = prescriberEscalationEmail({ escalation: { ...escalation, language: 'ar' }, contact });
    expect(message.text).toContain('Language: Arabic');
    expect(prescriberEscalationEmail({ escalation, contact }).text).not.toContain('Language:');
  });
});

describe('when to answer an invite', () => {
  // 14:00 London time in winter (GMT): a normal 2-hour window ends 16:00, an urgent 30-minute one 14:30.
  const writtenAt = '2026-11-24T14:00:00.000Z';
  const twoHours = '2026-11-24T16:00:00.000Z';
  const halfAnHour = '2026-11-24T14:30:00.000Z';

  it('gives a 2-hour window as a time today', () => {
    const invite = volunteerInviteEmail({
      volunteerFirstName: 'Sam',
      summary,
      respondUrl,
      contact,
      answerBy: twoHours,
      writtenAt,
    });
    expect(invite.text).toContain('Please answer by 4:00pm today.');
    expect(invite.html).toContain('Please answer by 4:00pm today.');
  });

  it('gives an urgent 30-minute window as a time today', () => {
    const invite = volunteerInviteEmail({
      volunteerFirstName: 'Sam',
      summary: { ...summary, urgent: true },
      respondUrl,
      contact,
      answerBy: halfAnHour,
      writtenAt,
    });
    expect(invite.text).toContain('Please answer by 2:30pm today.');
  });

  it('says tomorrow for a window that ends after midnight, in London time (summer time included)', () => {
    // 23:00 BST on 1 July is 22:00 UTC; two hours later is 01:00 BST on 2 July.
    expect(answerByWords('en', '2026-07-02T00:00:00.000Z', '2026-07-01T22:00:00.000Z')).toBe(
      '1:00am tomorrow',
    );
    expect(answerByWords('en', '2026-07-01T23:30:00.000Z', '2026-07-01T21:00:00.000Z')).toBe(
      '12:30am tomorrow',
    );
  });

  it('gives the date when there is no moment to count from, or it is further off', () => {
    expect(answerByWords('en', twoHours)).toBe('4:00pm on Tuesday 24 November 2026');
    expect(answerByWords('en', '2026-11-26T16:00:00.000Z', writtenAt)).toBe(
      '4:00pm on Thursday 26 November 2026',
    );
  });

  it('says today and tomorrow in Arabic too', () => {
    expect(answerByWords('ar', twoHours, writtenAt)).toBe('الساعة 16:00 اليوم');
    expect(answerByWords('ar', '2026-11-25T09:15:00.000Z', writtenAt)).toBe('الساعة 09:15 غدًا');
  });

  it('says nothing about a time when the sender gave none', () => {
    expect(
      volunteerInviteEmail({ volunteerFirstName: 'Sam', summary, respondUrl, contact }).text,
    ).not.toContain('Please answer by');
  });

  it('makes "Pause my invites" a plain link, not a second button beside "Say yes or no"', () => {
    const invite = volunteerInviteEmail({
      volunteerFirstName: 'Sam',
      summary,
      respondUrl,
      contact,
      pauseUrl,
    });
    const buttons = [...invite.html.matchAll(/<a\s[^>]*href="([^"]+)"[^>]*background-color:#007f3b/g)];
    expect(buttons.map((button) => button[1])).toEqual([respondUrl]);
    expect(invite.html).toContain(`href="${pauseUrl}"`);
  });
});

describe('phone numbers in emails', () => {
  const message = volunteerDetailsEmail({ volunteerFirstName: 'Sam', details, contact, doneUrl, releaseUrl });

  it('spaces them as people read them and makes them tel: links that never wrap', () => {
    expect(message.text).toContain('Phone: 07700 900982');
    expect(message.html).toMatch(
      /<a href="tel:\+447700900982" dir="ltr" style="white-space:nowrap;[^"]*">07700 900982<\/a>/,
    );
    expect(message.html).toMatch(
      /<a href="tel:\+441632960000"[^>]*white-space:nowrap[^>]*>01632 960000<\/a>/,
    );
  });

  it('keeps the scheme number left to right and whole in an Arabic email', () => {
    const arabic = requesterAcceptedEmail({
      reference: 'GCK-7F3K2',
      volunteerFirstName: 'Sam',
      contact: { ...contact, schemePhone: '01747859202' },
      language: 'ar',
    });
    expect(arabic.text).toContain('\u206601747 859202\u2069');
    expect(arabic.html).toMatch(
      /<a href="tel:\+441747859202" dir="ltr" style="white-space:nowrap;[^"]*">01747 859202<\/a>/,
    );
  });

  it('keeps a reference on one line, left to right, in both directions of text', () => {
    const english = requesterConfirmationEmail({ reference: 'GCK-7F3K2', helpType: 'shopping', contact });
    const arabic = requesterConfirmationEmail({
      reference: 'GCK-7F3K2',
      helpType: 'shopping',
      contact,
      language: 'ar',
    });
    for (const email of [english, arabic]) {
      expect(email.html).toMatch(/<span dir="ltr" style="white-space:nowrap;[^"]*">GCK-7F3K2<\/span>/);
    }
    expect(arabic.text).toContain('\u2066GCK-7F3K2\u2069');
  });
});

describe('the details email, read on a phone', () => {
  const stopUrl = 'https://help.example.org/stop/StOp123_-xyz';
  const weekly = volunteerDetailsEmail({
    volunteerFirstName: 'Sam',
    details: { ...details, frequency: 'weekly' },
    contact,
    doneUrl,
    releaseUrl,
    arrangedBy: 'series',
    series: { frequency: 'weekly', committed: true },
    stopUrl,
  });
  const at = (text: string) => {
    const index = weekly.text.indexOf(text);
    expect(index, text).toBeGreaterThanOrEqual(0);
    return index;
  };

  it('puts the person, then the job, then the one primary action, then the others, and stopping last', () => {
    expect(at('Name: Mary Testperson')).toBeLessThan(at('Help needed: Shopping'));
    expect(at('Help needed: Shopping')).toBeLessThan(at(`I have helped:\n${doneUrl}`));
    expect(at(`I have helped:\n${doneUrl}`)).toBeLessThan(at(`I can no longer help:\n${releaseUrl}`));
    expect(at(`I can no longer help:\n${releaseUrl}`)).toBeLessThan(at('Stop helping every time:'));
    expect(at('Stop helping every time:')).toBeGreaterThan(at('Raise a concern:'));
    expect(at('Stop helping every time:')).toBeGreaterThan(at('Please keep these details private'));
  });

  it('has one green button, "I have helped"; release, concern and stop are plain links', () => {
    const buttons = [
      ...weekly.html.matchAll(/<a\s[^>]*href="([^"]+)"[^>]*background-color:#007f3b[^>]*>\s*([^<]*?)\s*</g),
    ];
    expect(buttons.map((button) => [button[1], button[2]])).toEqual([[doneUrl, 'I have helped']]);
    for (const url of [releaseUrl, stopUrl, doneUrl.replace('/done/', '/concern/')]) {
      expect(weekly.html).toContain(`href="${url}"`);
    }
  });

  it('no longer offers "every time, or just once" after the volunteer has chosen', () => {
    expect(weekly.text).toContain('How often: Every week');
    expect(weekly.text).not.toContain('every time, or just once');
    const invite = volunteerInviteEmail({
      volunteerFirstName: 'Sam',
      summary: { ...summary, frequency: 'weekly' },
      respondUrl,
      contact,
    });
    expect(invite.text).toContain('How often: Every week: you can help every time, or just once');
  });
});

describe('the requester’s confirmation', () => {
  it('repeats what, when and where: the help, the date and the area, never the address', () => {
    const message = requesterConfirmationEmail({
      reference: 'GCK-7F3K2',
      helpType: 'shopping',
      area: 'SP8 4',
      neededBy: '2026-11-26',
      contact,
      cancelUrl,
    });
    expect(message.text).toContain('Help needed: Shopping');
    expect(message.text).toContain('Needed by: Thursday 26 November 2026');
    expect(message.text).toContain('Area: SP8 4');
    expect(message.text).toContain('Reference: GCK-7F3K2');
    for (const value of requesterValues) expect(message.text).not.toContain(value);
  });

  it('makes cancelling a plain link, not the email’s one big button', () => {
    const message = requesterConfirmationEmail({
      reference: 'GCK-7F3K2',
      helpType: 'shopping',
      contact,
      cancelUrl,
    });
    expect(message.text).toContain(`Cancel my request:\n${cancelUrl}`);
    expect(message.html).toContain(`href="${cancelUrl}"`);
    expect(message.html).not.toContain('background-color:#007f3b');
  });

  it('tells a request held as a possible duplicate that it has reached the team, not that volunteers are asked', () => {
    const held = requesterConfirmationEmail({
      reference: 'GCK-7F3K2',
      helpType: 'shopping',
      contact,
      held: true,
    });
    expect(held.subject).toBe('Your request has reached our team – GCK-7F3K2');
    expect(held.text).toContain('Your request has reached our team.');
    expect(held.text).not.toContain('We are contacting volunteers');
    expect(held.text).not.toContain('The first volunteer who says yes');
    const arabic = requesterConfirmationEmail({
      reference: 'GCK-7F3K2',
      helpType: 'shopping',
      contact,
      held: true,
      language: 'ar',
    });
    expect(arabic.text).toContain('وصل طلبك إلى فريقنا.');
    expect(arabic.text).not.toContain('نحن نتواصل الآن مع متطوعين');
  });

  it('speaks Arabic throughout, the area being a postcode', () => {
    const message = requesterConfirmationEmail({
      reference: 'GCK-7F3K2',
      helpType: 'shopping',
      area: 'SP8 4',
      neededBy: '2026-11-26',
      contact,
      language: 'ar',
    });
    expect(message.text).toContain('المنطقة: SP8 4');
    expect(
      message.text
        .replaceAll('SP8', '')
        .replaceAll('GCK-7F3K2', '')
        .replaceAll(contact.schemeName, '')
        .replaceAll('NHS', ''),
    ).not.toMatch(/[A-Za-z]{2,}/);
  });
});

describe('later visits of regular help name the first reference', () => {
  const firstReference = 'GCK-AAAA1';

  it.each([
    [
      'confirmation',
      requesterConfirmationEmail({
        reference: 'GCK-7F3K2',
        helpType: 'shopping',
        contact,
        nextVisitBy: '2026-11-26',
        firstReference,
      }),
    ],
    [
      'accepted',
      requesterAcceptedEmail({ reference: 'GCK-7F3K2', volunteerFirstName: 'Sam', contact, firstReference }),
    ],
    ['released', requesterReleasedEmail({ reference: 'GCK-7F3K2', contact, firstReference })],
    [
      'invite',
      volunteerInviteEmail({ volunteerFirstName: 'Sam', summary, respondUrl, contact, firstReference }),
    ],
    [
      'details',
      volunteerDetailsEmail({
        volunteerFirstName: 'Sam',
        details,
        contact,
        arrangedBy: 'series',
        firstReference,
      }),
    ],
    ['taken', volunteerTakenEmail({ volunteerFirstName: 'Sam', summary, contact, firstReference })],
  ])('%s says "part of GCK-…"', (_name, message) => {
    expect(message.text).toContain('GCK-7F3K2 (part of GCK-AAAA1)');
    expect(visibleText(message.html)).toContain('GCK-7F3K2 (part of GCK-AAAA1)');
  });

  it('says it in Arabic for an Arabic requester', () => {
    const message = requesterAcceptedEmail({
      reference: 'GCK-7F3K2',
      volunteerFirstName: 'Sam',
      contact,
      language: 'ar',
      firstReference,
    });
    expect(message.text).toContain('\u2066GCK-7F3K2\u2069 (جزء من \u2066GCK-AAAA1\u2069)');
  });

  it('says nothing of the kind for one-off help', () => {
    const message = requesterAcceptedEmail({ reference: 'GCK-7F3K2', volunteerFirstName: 'Sam', contact });
    expect(message.text).not.toContain('part of');
  });
});
