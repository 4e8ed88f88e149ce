import { hashToken, newInviteToken } from '../../shared/util/ids.js';
import type { HelpRequest, Invite, Volunteer } from '../../shared/domain/model.js';

let counter = 0;
const next = () => `${Date.now().toString(36)}${(counter++).toString(36).padStart(4, '0')}`.toUpperCase();

export function aRequest(overrides: Partial<HelpRequest> = {}): HelpRequest {
  const id = overrides.id ?? `R${next()}`;
  return {
    id,
    reference: `GCK-${id.slice(-5).replace(/[ILOU]/g, '0')}`,
    status: 'received',
    helpType: 'shopping',
    area: 'GL50',
    neededBy: '2026-12-01',
    urgent: false,
    details: 'Milk and bread',
    requester: {
      name: 'Mary Smith',
      phone: '07700900982',
      addressLine1: '1 High Street',
      postcode: 'GL50 1AB',
    },
    createdAt: '2026-11-25T10:00:00.000Z',
    enteredBy: 'public-form',
    wave: 0,
    expiresAt: 1_900_000_000,
    ...overrides,
  };
}

export function aVolunteer(overrides: Partial<Volunteer> = {}): Volunteer {
  const id = overrides.id ?? `V${next()}`;
  return {
    id,
    name: 'Asha Patel',
    email: `${id.toLowerCase()}@example.org`,
    areas: ['GL50'],
    helpTypes: ['shopping'],
    dbsChecked: true,
    recentInvites: [],
    createdAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

export function anInvite(request: HelpRequest, volunteer: Volunteer, overrides: Partial<Invite> = {}) {
  const token = newInviteToken();
  const invite: Invite = {
    requestId: request.id,
    volunteerId: volunteer.id,
    wave: 1,
    tokenHash: hashToken(token),
    status: 'sent',
    createdAt: '2026-11-25T10:01:00.000Z',
    expiresAt: 1_900_000_000,
    ...overrides,
  };
  return { invite, token };
}
