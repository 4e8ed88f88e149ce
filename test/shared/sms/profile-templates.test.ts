import { describe, expect, it } from 'vitest';
import { countSegments } from '../../../shared/sms/segments.js';
import {
  volunteerContactConfirmText,
  volunteerProfileLinkText,
} from '../../../shared/sms/profile-templates.js';

/** The deployed scheme's name and a public address of the usual length: the worst the texts meet. */
const contact = { schemeName: 'Gillingham Community Kindness', schemePhone: '01747 859202' };
const BASE = 'https://help.example.org';
const TOKEN = 'Qm9vdHN0cmFwLXRva2VuLWZvci1zbXMtdGVzdHMtMDE';

describe('texts about a volunteer’s own details', () => {
  it('carry the details link in one GSM-7 segment', () => {
    const text = volunteerProfileLinkText({
      volunteerFirstName: 'Asha',
      profileUrl: `${BASE}/volunteer/profile/${TOKEN}`,
      contact,
    });
    expect(text).toBe(`Gillingham Community Kindness: your details page: ${BASE}/volunteer/profile/${TOKEN}`);
    expect(countSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('carry a new number’s confirmation link in one GSM-7 segment, and no name', () => {
    const text = volunteerContactConfirmText({
      volunteerFirstName: 'Asha',
      field: 'phone',
      confirmUrl: `${BASE}/volunteer/confirm/${TOKEN}`,
      contact,
    });
    expect(text).toContain(`${BASE}/volunteer/confirm/${TOKEN}`);
    expect(text).not.toContain('Asha');
    expect(countSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });
});
