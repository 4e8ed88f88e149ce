import { combineDateParts } from '../schema/date-parts.js';
import { isEmail } from '../schema/fields.js';
import { parseProfile, PROFILE_FIELDS, type ProfileIssue } from '../schema/profile.js';
import { normaliseArea, splitAreas } from '../vocabulary/postcode.js';
import type { ApplicantForm } from '../schema/applicant.js';
import { hashToken, INVITE_TOKEN_PATTERN } from '../util/ids.js';
import { isUkMobile, toE164 } from '../util/phone.js';
import { areasOutsideService, isPaused, pauseVolunteer, removeVolunteer } from './admin/volunteers.js';
import { PAUSED_UNTIL_FIXED } from './email-events.js';
import { toVolunteer } from './messages.js';
import { CONTACT_CONFIRM_DAYS } from './profile-links.js';
import type {
  ContactChange,
  ContactField,
  ProfileLinkPurpose,
  Volunteer,
  VolunteerAuditType,
} from './model.js';
import type { Clock, Ids, Log, Store } from './ports.js';
import { addDaysToDate, DAY_SECONDS, epochSeconds, londonDate } from '../vocabulary/time.js';

/**
 * A volunteer's own details page. Every message to a volunteer carries a personal link to it (a token
 * whose SHA-256 alone is stored, expiring, and replaced by each new one); GET shows, and only a
 * same-origin POST acts, as with every link. A new email address or mobile number waits for a
 * confirmation sent to it; until then the old one is used. Every change is audited by volunteer id.
 */
export {
  CONFIRM_CONTACT_PATH,
  CONTACT_CONFIRM_DAYS,
  issueContactConfirmLink,
  issueProfileLink,
  PROFILE_PATH,
  type ProfileLinkPorts,
} from './profile-links.js';

/** The furthest ahead a volunteer may pause themselves; longer breaks are a conversation with the team. */
export const MAX_PAUSE_DAYS = 365;

export interface ProfileSettings {
  publicBaseUrl: string;
  profileLinkDays: number;
  serviceAreas: readonly string[];
}

export interface ProfilePorts {
  store: Store;
  clock: Clock;
  log: Log;
  ids: Pick<Ids, 'volunteerId'> & Partial<Pick<Ids, 'actionToken'>>;
}

async function openLink(
  raw: string,
  purposes: readonly ProfileLinkPurpose[],
  ports: Pick<ProfilePorts, 'store' | 'clock'>,
) {
  if (!INVITE_TOKEN_PATTERN.test(raw)) return undefined;
  const link = await ports.store.findProfileLink(hashToken(raw));
  if (!link || !purposes.includes(link.purpose)) return undefined;
  if (link.expiresAt <= epochSeconds(ports.clock.now())) return undefined;
  return link;
}

async function audit(
  volunteerId: string,
  type: VolunteerAuditType,
  ports: Pick<ProfilePorts, 'store' | 'clock'>,
  data?: Record<string, string | number | boolean>,
): Promise<void> {
  await ports.store.appendVolunteerAudit({
    volunteerId,
    at: ports.clock.now().toISOString(),
    type,
    actor: volunteerId,
    ...(data ? { data } : {}),
  });
}

// ---- the details page --------------------------------------------------------------------------

export type PauseProblem = 'not-date' | 'past' | 'too-far';

/** What the page says after a POST. */
export type ProfileNote = 'saved' | 'nothing-changed' | 'paused' | 'resumed';

export interface ProfileState {
  volunteer: Volunteer;
  /** New addresses waiting for confirmation. */
  pending: Partial<Record<ContactField, string>>;
  /** Paused until the end of this date (YYYY-MM-DD); `fixed` when the team paused them after messages bounced. */
  pause?: { until: string; fixed: boolean };
}

export type ProfileView =
  | { kind: 'invalid' }
  | (ProfileState & {
      kind: 'profile';
      note?: ProfileNote;
      /** The details form's problems, with what was posted to show again. */
      issues?: ProfileIssue[];
      posted?: ApplicantForm;
      pauseProblem?: PauseProblem;
      /** The pause date as typed, shown again with its problem. */
      pauseTyped?: { day: string; month: string; year: string };
      /** Set when this save asked for a new address to be confirmed. */
      confirming?: ContactField[];
    })
  | { kind: 'leave-confirm' }
  | { kind: 'left' };

async function stateOf(
  volunteer: Volunteer,
  ports: Pick<ProfilePorts, 'store' | 'clock'>,
): Promise<ProfileState> {
  const now = ports.clock.now();
  const [email, phone] = await Promise.all([
    ports.store.getContactChange(volunteer.id, 'email'),
    ports.store.getContactChange(volunteer.id, 'phone'),
  ]);
  const waiting = (change: ContactChange | undefined) =>
    change && change.expiresAt > epochSeconds(now) ? change.value : undefined;
  const pending: ProfileState['pending'] = {};
  const newEmail = waiting(email);
  const newPhone = waiting(phone);
  if (newEmail) pending.email = newEmail;
  if (newPhone) pending.phone = newPhone;
  const paused = isPaused(volunteer, now) && volunteer.pausedUntil;
  return {
    volunteer,
    pending,
    ...(paused
      ? { pause: { until: paused.slice(0, 10), fixed: volunteer.pausedUntil === PAUSED_UNTIL_FIXED } }
      : {}),
  };
}

async function openProfile(raw: string, ports: Pick<ProfilePorts, 'store' | 'clock'>) {
  const link = await openLink(raw, ['profile'], ports);
  // A volunteer who has left has no page: their link leads nowhere.
  return link ? ports.store.getVolunteer(link.volunteerId) : undefined;
}

/** GET: the volunteer's details as the roster holds them, with any change waiting for confirmation. */
export async function viewProfile(raw: string, ports: ProfilePorts): Promise<ProfileView> {
  const volunteer = await openProfile(raw, ports);
  if (!volunteer) return { kind: 'invalid' };
  return { kind: 'profile', ...(await stateOf(volunteer, ports)) };
}

export type ProfileAction = 'save' | 'pause' | 'resume' | 'leave' | 'leave-confirmed';

export function isProfileAction(value: unknown): value is ProfileAction {
  return (
    value === 'save' ||
    value === 'pause' ||
    value === 'resume' ||
    value === 'leave' ||
    value === 'leave-confirmed'
  );
}

/** The posted form: its single fields, and the repeated checkboxes as lists. */
export type ProfileForm = ApplicantForm;

/** POST: one action per form on the page, named by the button that sent it. */
export async function actOnProfile(
  raw: string,
  form: ProfileForm,
  settings: ProfileSettings,
  ports: ProfilePorts,
): Promise<ProfileView> {
  const volunteer = await openProfile(raw, ports);
  if (!volunteer) return { kind: 'invalid' };
  const action = form.fields.action;
  switch (isProfileAction(action) ? action : 'none') {
    case 'save':
      return saveDetails(volunteer, form, settings, ports);
    case 'pause':
      return pauseFromProfile(volunteer, form.fields, ports);
    case 'resume':
      return resumeFromProfile(volunteer, ports);
    case 'leave':
      return { kind: 'leave-confirm' };
    case 'leave-confirmed':
      await removeVolunteer(volunteer.id, volunteer.id, ports);
      await audit(volunteer.id, 'left', ports);
      return { kind: 'left' };
    default:
      return { kind: 'profile', ...(await stateOf(volunteer, ports)) };
  }
}

const sameList = (a: readonly string[] = [], b: readonly string[] = []) =>
  a.length === b.length && a.every((item, i) => item === b[i]);

const samePhone = (a: string | undefined, b: string | undefined) =>
  (a ? (toE164(a) ?? a) : '') === (b ? (toE164(b) ?? b) : '');

async function saveDetails(
  volunteer: Volunteer,
  form: ProfileForm,
  settings: ProfileSettings,
  ports: ProfilePorts,
): Promise<ProfileView> {
  const parsed = parseProfile(form, volunteer);
  const issues: ProfileIssue[] = parsed.ok ? [] : [...parsed.issues];
  if (!issues.some((issue) => issue.field === 'areas')) {
    // As on the roster: an area the scheme does not serve would only be an offer nobody asks for.
    // Checked beside the other problems, so one post shows them all.
    const typed = parsed.ok ? parsed.value.areas : splitAreas(form.fields.areas ?? '').map(normaliseArea);
    const outside = areasOutsideService(typed, settings.serviceAreas);
    if (outside.length > 0)
      issues.push({ field: 'areas', problem: 'outside-service', given: outside.join(', ') });
  }
  if (!parsed.ok || issues.length > 0) {
    const ordered = PROFILE_FIELDS.flatMap((field) => issues.filter((issue) => issue.field === field));
    return { kind: 'profile', ...(await stateOf(volunteer, ports)), issues: ordered, posted: form };
  }
  const input = parsed.value;
  const updated: Volunteer = {
    ...volunteer,
    name: input.name,
    areas: input.areas,
    helpTypes: input.helpTypes,
    availability: input.availability,
  };
  if (input.contactBy && input.contactBy !== 'email') updated.contactBy = input.contactBy;
  else delete updated.contactBy;
  if (input.weeklyLimit !== undefined) updated.weeklyLimit = input.weeklyLimit;
  else delete updated.weeklyLimit;
  // Taking a number away needs no confirmation: nothing new will be sent anywhere.
  if (!input.phone) delete updated.phone;

  const changed = [
    volunteer.name !== updated.name && 'name',
    (volunteer.contactBy ?? 'email') !== (updated.contactBy ?? 'email') && 'contactBy',
    !sameList(volunteer.areas, updated.areas) && 'areas',
    !sameList(volunteer.helpTypes, updated.helpTypes) && 'helpTypes',
    !sameList(volunteer.availability, updated.availability) && 'availability',
    volunteer.weeklyLimit !== updated.weeklyLimit && 'weeklyLimit',
    volunteer.phone !== undefined && updated.phone === undefined && 'phone',
  ].filter((field): field is string => Boolean(field));
  if (changed.length > 0) {
    await ports.store.putVolunteer(updated);
    await audit(volunteer.id, 'profile-changed', ports, { fields: changed.join(' ') });
    ports.log.info('volunteer changed their details', {
      volunteerId: volunteer.id,
      fields: changed.join(' '),
    });
  }

  const confirming: ContactField[] = [];
  if (input.email !== volunteer.email.toLowerCase()) confirming.push('email');
  if (input.phone && !samePhone(input.phone, volunteer.phone)) confirming.push('phone');
  const now = ports.clock.now();
  for (const field of confirming) {
    const value = field === 'email' ? input.email : (input.phone ?? '');
    await ports.store.putContactChange(
      {
        volunteerId: volunteer.id,
        field,
        value,
        requestedAt: now.toISOString(),
        expiresAt: epochSeconds(now) + CONTACT_CONFIRM_DAYS * DAY_SECONDS,
      },
      [{ kind: 'volunteer-contact-confirm', to: toVolunteer(volunteer.id), facts: { field } }],
    );
    await audit(volunteer.id, 'contact-change-requested', ports, { field });
  }
  const note: ProfileNote = changed.length > 0 || confirming.length > 0 ? 'saved' : 'nothing-changed';
  return {
    kind: 'profile',
    ...(await stateOf(updated, ports)),
    note,
    ...(confirming.length > 0 ? { confirming } : {}),
  };
}

/** The pause date from the page's day, month and year boxes: today or later, within MAX_PAUSE_DAYS. */
export function pauseDateOf(
  fields: Record<string, string | undefined>,
  today: string,
): { date: string } | { problem: PauseProblem } {
  const date = combineDateParts(fields, 'pausedUntil').pausedUntil ?? '';
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00Z`) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date)
    return { problem: 'not-date' };
  if (date < today) return { problem: 'past' };
  if (date > addDaysToDate(today, MAX_PAUSE_DAYS)) return { problem: 'too-far' };
  return { date };
}

async function pauseFromProfile(
  volunteer: Volunteer,
  fields: Record<string, string | undefined>,
  ports: ProfilePorts,
): Promise<ProfileView> {
  const state = await stateOf(volunteer, ports);
  // Paused by the team because messages could not reach them: only the team lifts or changes it.
  if (state.pause?.fixed) return { kind: 'profile', ...state };
  const chosen = pauseDateOf(fields, londonDate(ports.clock.now()));
  if ('problem' in chosen) {
    const typed = (part: string) => fields[`pausedUntil-${part}`] ?? '';
    return {
      kind: 'profile',
      ...state,
      pauseProblem: chosen.problem,
      pauseTyped: { day: typed('day'), month: typed('month'), year: typed('year') },
    };
  }
  const result = await pauseVolunteer(volunteer.id, chosen.date, volunteer.id, ports);
  if (result.kind !== 'saved') return { kind: 'invalid' };
  await audit(volunteer.id, 'paused', ports, { until: chosen.date });
  return { kind: 'profile', ...(await stateOf(result.volunteer, ports)), note: 'paused' };
}

async function resumeFromProfile(volunteer: Volunteer, ports: ProfilePorts): Promise<ProfileView> {
  const state = await stateOf(volunteer, ports);
  if (!state.pause || state.pause.fixed) return { kind: 'profile', ...state };
  const result = await pauseVolunteer(volunteer.id, undefined, volunteer.id, ports);
  if (result.kind !== 'saved') return { kind: 'invalid' };
  await audit(volunteer.id, 'resumed', ports);
  return { kind: 'profile', ...(await stateOf(result.volunteer, ports)), note: 'resumed' };
}

// ---- confirming a new address ------------------------------------------------------------------

export type ConfirmContactView =
  | { kind: 'invalid' }
  /** GET: the address to confirm, and a button. */
  | { kind: 'confirm-contact'; field: ContactField; value: string }
  | { kind: 'contact-confirmed'; field: ContactField; value: string }
  /** Another volunteer has that address: the team sorts it out. */
  | { kind: 'contact-taken'; field: ContactField };

async function openConfirm(raw: string, ports: Pick<ProfilePorts, 'store' | 'clock'>) {
  const link = await openLink(raw, ['confirm-email', 'confirm-phone'], ports);
  if (!link) return undefined;
  const field: ContactField = link.purpose === 'confirm-phone' ? 'phone' : 'email';
  const [volunteer, change] = await Promise.all([
    ports.store.getVolunteer(link.volunteerId),
    ports.store.getContactChange(link.volunteerId, field),
  ]);
  if (!volunteer || !change || change.expiresAt <= epochSeconds(ports.clock.now())) return undefined;
  return { volunteer, change };
}

export async function viewContactConfirm(raw: string, ports: ProfilePorts): Promise<ConfirmContactView> {
  const opened = await openConfirm(raw, ports);
  if (!opened) return { kind: 'invalid' };
  return { kind: 'confirm-contact', field: opened.change.field, value: opened.change.value };
}

/** POST: the new address replaces the old one (and its lookup key moves with it); the link is spent. */
export async function confirmContact(raw: string, ports: ProfilePorts): Promise<ConfirmContactView> {
  const opened = await openConfirm(raw, ports);
  if (!opened) return { kind: 'invalid' };
  const { volunteer, change } = opened;
  const other =
    change.field === 'email'
      ? await ports.store.findVolunteerByEmail(change.value)
      : await ports.store.findVolunteerByPhone(change.value);
  if (other && other.id !== volunteer.id) {
    ports.log.warn('new address already belongs to another volunteer', {
      volunteerId: volunteer.id,
      field: change.field,
    });
    return { kind: 'contact-taken', field: change.field };
  }
  await ports.store.putVolunteer({ ...volunteer, [change.field]: change.value });
  await ports.store.deleteContactChange(volunteer.id, change.field);
  await audit(volunteer.id, 'contact-change-confirmed', ports, { field: change.field });
  ports.log.info('volunteer confirmed a new address', { volunteerId: volunteer.id, field: change.field });
  return { kind: 'contact-confirmed', field: change.field, value: change.value };
}

// ---- "send me a link" --------------------------------------------------------------------------

export type LinkRequestOutcome =
  /** Said whether or not the address is known, so the page never tells who is on the roster. */
  | { kind: 'sent' }
  /** Neither an email address nor a UK mobile number: the form asks again. */
  | { kind: 'not-an-address' };

/**
 * A volunteer asks for a fresh link by email address or mobile number. When it is a volunteer's, a
 * message carrying a new link goes to that very address, by its own channel; the answer is the same
 * either way. The sender caps messages per address per day, as it does the public forms' confirmations.
 */
export async function requestProfileLink(typed: string, ports: ProfilePorts): Promise<LinkRequestOutcome> {
  const address = typed.trim();
  let volunteer: Volunteer | undefined;
  let channel: 'email' | 'text';
  if (isEmail(address.toLowerCase())) {
    channel = 'email';
    volunteer = await ports.store.findVolunteerByEmail(address.toLowerCase());
  } else if (isUkMobile(address)) {
    channel = 'text';
    volunteer = await ports.store.findVolunteerByPhone(address);
  } else {
    return { kind: 'not-an-address' };
  }
  if (volunteer) {
    await ports.store.putMessages([
      { kind: 'volunteer-profile-link', to: toVolunteer(volunteer.id), facts: { channel } },
    ]);
    ports.log.info('profile link asked for', { volunteerId: volunteer.id, channel });
  }
  return { kind: 'sent' };
}
