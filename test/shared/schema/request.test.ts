import { describe, expect, it } from 'vitest';
import { parseHelpRequest, type FieldError, type HelpRequestInput } from '../../../shared/schema/request.js';

const TODAY = '2026-03-10';

const minimal = {
  name: 'Mary Testperson',
  onBehalf: 'no',
  phone: '07700 900982',
  addressLine1: '12 Acacia Avenue',
  postcode: 'GL50 1AB',
  helpType: 'shopping',
  neededBy: '2026-03-14',
  consent: 'yes',
};

function parse(overrides: Record<string, unknown> = {}, base: Record<string, unknown> = minimal) {
  return parseHelpRequest({ ...base, ...overrides }, TODAY);
}

function accepted(overrides: Record<string, unknown> = {}): HelpRequestInput {
  const result = parse(overrides);
  if (!result.ok) throw new Error(`expected the request to be valid, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errors(
  overrides: Record<string, unknown> = {},
  base: Record<string, unknown> = minimal,
): FieldError[] {
  const result = parse(overrides, base);
  if (result.ok) throw new Error('expected the request to be rejected');
  return result.errors;
}

function messageFor(field: string, overrides: Record<string, unknown>, base?: Record<string, unknown>) {
  return errors(overrides, base).find((e) => e.field === field)?.message;
}

function without(field: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(minimal).filter(([key]) => key !== field));
}

describe('the help request schema', () => {
  it('accepts a minimal request with only the required fields and a phone number', () => {
    const value = accepted();
    expect(value).toMatchObject({
      name: 'Mary Testperson',
      onBehalf: 'no',
      addressLine1: '12 Acacia Avenue',
      postcode: 'GL50 1AB',
      helpType: 'shopping',
      neededBy: '2026-03-14',
      consent: 'yes',
    });
    expect(value.email).toBeUndefined();
    expect(value.details).toBeUndefined();
  });

  it('accepts an email address instead of a phone number', () => {
    const value = accepted({ phone: undefined, email: 'mary@example.com' });
    expect(value.email).toBe('mary@example.com');
    expect(value.phone).toBeUndefined();
  });

  describe('normalising what people type', () => {
    it('trims spaces from text fields', () => {
      const value = accepted({
        name: '  Mary Testperson  ',
        addressLine1: ' 12 Acacia Avenue ',
        town: ' Cheltenham ',
      });
      expect(value.name).toBe('Mary Testperson');
      expect(value.addressLine1).toBe('12 Acacia Avenue');
      expect(value.town).toBe('Cheltenham');
    });

    it('turns blank optional fields into nothing', () => {
      const value = accepted({ addressLine2: '   ', town: '', details: ' ', email: '' });
      expect(value.addressLine2).toBeUndefined();
      expect(value.town).toBeUndefined();
      expect(value.details).toBeUndefined();
      expect(value.email).toBeUndefined();
    });

    it.each([
      ['gl50 1ab', 'GL50 1AB'],
      ['GL501AB', 'GL50 1AB'],
      ['  gl50   1ab ', 'GL50 1AB'],
      ['sw1a 1aa', 'SW1A 1AA'],
    ])('normalises the postcode %j to %j', (raw, normalised) => {
      expect(accepted({ postcode: raw }).postcode).toBe(normalised);
    });

    it.each([
      ['07700 900 982', '07700900982'],
      ['(01632) 960-001', '01632960001'],
      ['+44 7700 900982', '+447700900982'],
    ])('removes spaces, brackets and dashes from the phone number %j', (raw, normalised) => {
      expect(accepted({ phone: raw }).phone).toBe(normalised);
    });
  });

  describe('required fields', () => {
    it.each([
      ['name', 'Enter the name of the person who needs help'],
      ['onBehalf', 'Select yes if you are asking for someone else'],
      ['addressLine1', 'Enter the first line of the address'],
      ['postcode', 'Enter a postcode'],
      ['helpType', 'Select the kind of help needed'],
      ['neededBy', 'Enter the date help is needed by'],
      ['consent', 'Select yes to agree that we can share these details with the volunteer who helps'],
    ])('asks for %s when it is missing', (field, message) => {
      expect(errors({}, without(field))).toEqual([{ field, message }]);
    });

    it.each(['name', 'addressLine1', 'postcode'])('treats %s made only of spaces as missing', (field) => {
      expect(errors({ [field]: '   ' })).toHaveLength(1);
      expect(errors({ [field]: '   ' })[0]?.field).toBe(field);
      expect(messageFor(field, { [field]: '   ' })).toMatch(/^Enter /);
    });

    it('lists every missing field once, in form order, for an empty submission', () => {
      expect(parseHelpRequest({}, TODAY)).toEqual({
        ok: false,
        errors: [
          { field: 'name', message: 'Enter the name of the person who needs help' },
          { field: 'onBehalf', message: 'Select yes if you are asking for someone else' },
          { field: 'addressLine1', message: 'Enter the first line of the address' },
          { field: 'postcode', message: 'Enter a postcode' },
          { field: 'helpType', message: 'Select the kind of help needed' },
          { field: 'neededBy', message: 'Enter the date help is needed by' },
          {
            field: 'consent',
            message: 'Select yes to agree that we can share these details with the volunteer who helps',
          },
          // The whole-form rules run on the first submit too, so nobody has to fix things twice.
          {
            field: 'phone',
            message: 'Enter a phone number or an email address so the volunteer can contact you',
          },
        ],
      });
    });

    it('requires consent to be yes', () => {
      expect(messageFor('consent', { consent: 'no' })).toBe(
        'Select yes to agree that we can share these details with the volunteer who helps',
      );
    });

    it('rejects a help type that is not on the list', () => {
      expect(messageFor('helpType', { helpType: 'gardening' })).toBe('Select the kind of help needed');
    });

    it('rejects a postcode that is not a real UK postcode', () => {
      expect(messageFor('postcode', { postcode: 'NOT A PC' })).toBe('Enter a real postcode, like GL50 1AB');
    });
  });

  describe('contact details', () => {
    it('asks for a phone number or an email address when neither is given', () => {
      expect(errors({ phone: undefined, email: undefined })).toEqual([
        {
          field: 'phone',
          message: 'Enter a phone number or an email address so the volunteer can contact you',
        },
      ]);
    });

    it('counts a blank phone and blank email as neither', () => {
      expect(messageFor('phone', { phone: '  ', email: '' })).toBe(
        'Enter a phone number or an email address so the volunteer can contact you',
      );
    });

    it('rejects a phone number with letters', () => {
      expect(messageFor('phone', { phone: '0770O 900982' })).toBe(
        'Enter a UK phone number, like 01632 960 001 or 07700 900 982',
      );
    });

    it('rejects a phone number with too few digits', () => {
      expect(messageFor('phone', { phone: '01632 96' })).toBe(
        'Enter a UK phone number, like 01632 960 001 or 07700 900 982',
      );
    });

    it('rejects an email address without a domain', () => {
      expect(messageFor('email', { email: 'mary@' })).toBe(
        'Enter an email address in the correct format, like name@example.com',
      );
    });
  });

  describe('asking for someone else', () => {
    it('accepts it with the asker’s name and relationship', () => {
      const value = accepted({ onBehalf: 'yes', requesterName: 'John Testperson', relationship: 'son' });
      expect(value.requesterName).toBe('John Testperson');
      expect(value.relationship).toBe('son');
    });

    it('asks for the asker’s name and how they know the person', () => {
      expect(errors({ onBehalf: 'yes' })).toEqual([
        { field: 'requesterName', message: 'Enter your name' },
        {
          field: 'relationship',
          message: 'Enter how you know the person who needs help, like daughter or neighbour',
        },
      ]);
    });

    it('does not ask for them when the help is for the person filling in the form', () => {
      expect(parse({ onBehalf: 'no' }).ok).toBe(true);
    });
  });

  describe('the name in English letters', () => {
    it('is optional, and a blank one is nothing', () => {
      expect(accepted().nameInEnglishLetters).toBeUndefined();
      expect(accepted({ nameInEnglishLetters: '   ' }).nameInEnglishLetters).toBeUndefined();
    });

    it('keeps English letters beside a name in Arabic, trimmed', () => {
      const value = accepted({ name: 'فاطمة حسن', nameInEnglishLetters: '  Fatima Hassan ' });
      expect(value.name).toBe('فاطمة حسن');
      expect(value.nameInEnglishLetters).toBe('Fatima Hassan');
    });

    it.each(["Mary-Jane O'Brien", 'Zoë Müller', 'Dr. Amal El-Sayed'])('accepts %s', (name) => {
      expect(accepted({ nameInEnglishLetters: name }).nameInEnglishLetters).toBe(name);
    });

    it.each(['فاطمة', 'Fatima فاطمة', 'Fatima 2', 'Иван'])('refuses %s, saying what to write', (name) => {
      expect(errors({ nameInEnglishLetters: name })).toEqual([
        { field: 'nameInEnglishLetters', message: 'Write the name in English letters, like Fatima Hassan' },
      ]);
    });
  });

  describe('help type "other"', () => {
    it('needs details of the help', () => {
      expect(errors({ helpType: 'other', details: undefined })).toEqual([
        { field: 'details', message: 'Tell us what help is needed' },
      ]);
    });

    it('is accepted with details', () => {
      expect(accepted({ helpType: 'other', details: 'Help moving a wardrobe' }).details).toBe(
        'Help moving a wardrobe',
      );
    });
  });

  describe('the date help is needed by', () => {
    it.each(['2026-02-30', '2026-13-01', '14/03/2026', '2026-3-14', 'tomorrow'])(
      'rejects %j as not a real date',
      (date) => {
        expect(messageFor('neededBy', { neededBy: date })).toBe(
          'Date help is needed by must be a real date, like 27 3 2027',
        );
      },
    );

    it('rejects a date in the past', () => {
      expect(messageFor('neededBy', { neededBy: '2026-03-09' })).toBe(
        'Date help is needed by must be today or in the future',
      );
    });

    it('accepts today', () => {
      expect(accepted({ neededBy: TODAY }).neededBy).toBe(TODAY);
    });

    it('accepts the 90th day from today and rejects the 91st', () => {
      expect(accepted({ neededBy: '2026-06-08' }).neededBy).toBe('2026-06-08');
      expect(messageFor('neededBy', { neededBy: '2026-06-09' })).toBe(
        'Date help is needed by must be within the next 90 days',
      );
    });

    it('accepts 29 February only in a leap year', () => {
      expect(parseHelpRequest({ ...minimal, neededBy: '2028-02-29' }, '2028-02-01').ok).toBe(true);
      expect(messageFor('neededBy', { neededBy: '2027-02-29' })).toBe(
        'Date help is needed by must be a real date, like 27 3 2027',
      );
    });
  });

  describe('unexpected input', () => {
    it('rejects unknown fields with one form-level error naming them', () => {
      expect(errors({ isAdmin: true, status: 'assigned' })).toEqual([
        { field: 'form', message: 'Unexpected field: isAdmin, status' },
      ]);
    });

    it('rejects a field of the wrong type', () => {
      expect(errors({ phone: 7700900982 }).map((e) => e.field)).toEqual(['phone']);
    });

    it('rejects something that is not an object at all', () => {
      expect(parseHelpRequest('name=Mary', TODAY).ok).toBe(false);
      expect(parseHelpRequest(null, TODAY).ok).toBe(false);
    });

    it('keeps the honeypot field so the domain can check it', () => {
      expect(accepted({ website: 'http://spam.example' }).website).toBe('http://spam.example');
    });
  });

  describe('length limits', () => {
    it.each([
      ['name', 100, 'Name must be 100 characters or fewer'],
      ['nameInEnglishLetters', 100, 'Name in English letters must be 100 characters or fewer'],
      ['addressLine1', 100, 'Address line 1 must be 100 characters or fewer'],
      ['addressLine2', 100, 'Address line 2 must be 100 characters or fewer'],
      ['town', 60, 'Town must be 60 characters or fewer'],
      ['details', 500, 'Details must be 500 characters or fewer'],
      ['relationship', 60, 'Relationship must be 60 characters or fewer'],
    ])('rejects %s longer than %i characters', (field, max, message) => {
      expect(parse({ [field]: 'a'.repeat(max) }).ok).toBe(true);
      expect(messageFor(field, { [field]: 'a'.repeat(max + 1) })).toBe(message);
    });

    it('rejects a phone number longer than 20 characters', () => {
      expect(messageFor('phone', { phone: '0'.repeat(21) })).toBe(
        'Phone number must be 20 characters or fewer',
      );
    });

    it('rejects an email address longer than 254 characters', () => {
      expect(messageFor('email', { email: `${'a'.repeat(250)}@example.com` })).toBe(
        'Email address must be 254 characters or fewer',
      );
    });

    it('counts the length after trimming', () => {
      expect(accepted({ name: `  ${'a'.repeat(100)}  ` }).name).toHaveLength(100);
    });

    it('rejects a postcode longer than 10 characters', () => {
      expect(messageFor('postcode', { postcode: 'GL50 1AB GL50' })).toBe(
        'Enter a real postcode, like GL50 1AB',
      );
    });
  });

  describe('how we contact them', () => {
    it('takes text, email or both, and leaves it out when not chosen', () => {
      expect(accepted({ contactBy: 'text' }).contactBy).toBe('text');
      expect(accepted({ contactBy: 'email', email: 'mary@example.com' }).contactBy).toBe('email');
      expect(accepted({ contactBy: 'both', email: 'mary@example.com' }).contactBy).toBe('both');
      expect(accepted().contactBy).toBeUndefined();
    });

    it('refuses a choice that is not one of them', () => {
      expect(messageFor('contactBy', { contactBy: 'pigeon' })).toBe(
        'Select how we should contact you: text, email or both',
      );
    });

    it('needs a UK mobile for texts', () => {
      expect(messageFor('phone', { contactBy: 'text', phone: '01632 960 001' })).toBe(
        'Enter a UK mobile number so we can text you, like 07700 900 982',
      );
      expect(messageFor('phone', { contactBy: 'both', phone: undefined, email: 'mary@example.com' })).toBe(
        'Enter a UK mobile number so we can text you, like 07700 900 982',
      );
      expect(accepted({ contactBy: 'text', phone: '+44 7700 900982' }).phone).toBe('+447700900982');
    });

    it('keeps one message for a phone that is not a phone number at all', () => {
      expect(errors({ contactBy: 'text', phone: 'abc' }).filter((e) => e.field === 'phone')).toEqual([
        { field: 'phone', message: 'Enter a UK phone number, like 01632 960 001 or 07700 900 982' },
      ]);
    });

    it('needs an email address for emails', () => {
      expect(messageFor('email', { contactBy: 'email' })).toBe('Enter an email address so we can email you');
      expect(messageFor('email', { contactBy: 'both' })).toBe('Enter an email address so we can email you');
    });
  });
});

describe('text that hides something', () => {
  it('refuses control characters in a name, with a message that says what to fix', () => {
    expect(messageFor('name', { name: 'Mary\u0000Testperson' })).toBe(
      'Name must not contain hidden control characters',
    );
    expect(messageFor('name', { name: 'Mary\rTestperson' })).toBe('Name must be on one line');
  });

  it('refuses direction overrides in an address', () => {
    expect(messageFor('addressLine1', { addressLine1: '12 Acacia\u202e Avenue' })).toMatch(
      /must not contain characters that change the direction of text/,
    );
  });

  it('refuses a name made only of invisible characters', () => {
    expect(messageFor('name', { name: '\u200b\u3164' })).toBe('Name must contain letters or numbers');
  });

  it('keeps line breaks in the details, stored with LF line ends and in NFC', () => {
    expect(accepted({ details: 'Milk,\r\nbread and cafe\u0301' }).details).toBe('Milk,\nbread and café');
  });

  it.each(['a@-example.org', '.a@example.org', 'a@example..org'])('refuses the email %s', (email) => {
    expect(messageFor('email', { email })).toMatch(/correct format/);
  });
});
