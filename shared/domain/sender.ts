import type { SchemeSettings } from '../config.js';
import { hashToken, newInviteToken } from '../util/ids.js';
import type { LookupSecretSettings } from '../util/lookup-secret.js';
import { isUkMobile, toE164 } from '../util/phone.js';
import { issueActionLink, issueAssignedVolunteerLinks, issuePauseLink } from './links.js';
import { confirmationAllowed } from './confirmation-cap.js';
import { takenNotice } from './arranged.js';
import { requesterChannels, volunteerChannels, volunteerDetailsChannels } from './contact.js';
import { firstSlotBetween } from './availability.js';
import { PAUSED_UNTIL_FIXED } from './email-events.js';
import { windowSecondsFor } from './matching.js';
import { epochSeconds } from '../vocabulary/time.js';
import { issueContactConfirmLink, issueProfileLink } from './profile-links.js';
import {
  isDeclineReason,
  isRecurring,
  OPEN_STATUSES,
  type Applicant,
  type ConcernKind,
  type ContactField,
  type EscalationReason,
  type HelpRequest,
} from './model.js';
import {
  TO_PRESCRIBER,
  type ArrangedBy,
  type Channel,
  type MessageKind,
  type MessageViews,
  type PauseReason,
  type Renderers,
  SMS_REPLY_KINDS,
  type SmsReplyKind,
  type StoredMessage,
  isTextOnly,
} from './messages.js';
import type { Clock, Ids, Log, Mailer, Store, Texter } from './ports.js';
import { contactOf, firstName, respondUrl, summaryOf } from './views.js';

/**
 * The one sender: every message the system promises goes out here, fed by the table stream. It claims
 * the message (a short lease, so two deliveries of one record never both send), finds the recipient
 * and their channels now (an address changed since is used), mints any links the message carries
 * (raw tokens are never stored, so they are made at send time), renders, sends, and marks each channel
 * sent with a condition, so a retry never sends a channel twice.
 */

/** The keyed-hash secret is for the daily cap on confirmations per address. */

/** The prescriber's emails link straight to the request's own dashboard page. */
function requestPageUrl(publicBaseUrl: string, requestId: string): string {
  return `${publicBaseUrl}/admin/requests/${encodeURIComponent(requestId)}`;
}

export interface SenderSettings extends SchemeSettings, LookupSecretSettings {
  publicBaseUrl: string;
}

export interface SenderPorts {
  store: Store;
  mailer: Mailer;
  /** Absent until texts are set up: a person who can only be texted is then recorded as unreachable. */
  texter?: Texter;
  renderers: Renderers;
  clock: Clock;
  ids?: Partial<Pick<Ids, 'actionToken' | 'inviteToken'>>;
  log: Log;
}

export type DeliveryResult =
  /** At least one channel went now (or had gone on an earlier try). */
  | 'sent'
  /** Dealt with already: a retried or doubled record. */
  | 'already-done'
  /** The message no longer applies, or nobody can be reached: recorded, nothing sent. */
  | 'skipped'
  /** Every channel was refused for good: recorded (a volunteer is paused). */
  | 'failed'
  | 'missing';

/** Another delivery holds the message: the stream retries it, and then finds it done (or the lease lapsed). */
export class MessageBusyError extends Error {
  override name = 'MessageBusyError';
}

/** Long enough for one render and send; a crashed delivery frees the message for a retry after it. */
export const LEASE_SECONDS = 60;

/** SES and End User Messaging answers that will not change on a retry: the address itself is refused. */
const PERMANENT_SEND_ERRORS = new Set([
  // SES: the address is rejected, or is not an address at all.
  'MessageRejected',
  'InvalidParameterValue',
  // End User Messaging SMS: not a phone number it can text, or the person texted STOP.
  'ValidationException',
  'ConflictException',
]);

/**
 * Transient (throttling, 5xx, timeouts, anything unknown): rethrown so the stream retries, and in the
 * end the dead-letter queue alarms. Permanent: recorded, and never retried.
 */
export function classifySendError(error: unknown): 'transient' | 'permanent' {
  if (!(error instanceof Error)) return 'transient';
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return 'transient';
  return PERMANENT_SEND_ERRORS.has(error.name) ? 'permanent' : 'transient';
}

/** An error as it may be stored or logged: its name only (messages can quote an address). */
export function cleanErrorName(error: unknown): string {
  const name = error instanceof Error ? error.name : 'unknown';
  return name.replace(/[^A-Za-z0-9.-]/g, '').slice(0, 64) || 'unknown';
}

/** Messages sent to an address someone typed into a form: a daily cap per address keeps them from flooding it. */
const CAPPED_PER_ADDRESS: ReadonlySet<MessageKind> = new Set<MessageKind>([
  'requester-confirmation',
  'applicant-confirmation',
  'volunteer-profile-link',
  'volunteer-contact-confirm',
]);

interface Reachable {
  email?: string;
  phone?: string;
}

/**
 * The channels a message goes on: those the person chose (shared/domain/contact.ts: their preference
 * within what they gave us), less any this message cannot use (texts not set up, no text wording for
 * its kind, or a number that is not a mobile), falling back to email and then a text, so nobody who
 * can be reached is left out.
 */
export function channelsFor(wanted: readonly Channel[], reach: Reachable, canText: boolean): Channel[] {
  const usable = (channel: Channel) =>
    channel === 'email'
      ? Boolean(reach.email)
      : canText && reach.phone !== undefined && isUkMobile(reach.phone);
  const chosen = wanted.filter(usable);
  if (chosen.length > 0) return chosen;
  return (['email', 'text'] as const).filter(usable).slice(0, 1);
}

type Prepared =
  | { skip: string }
  | {
      address: Reachable;
      /** The channels the recipient chose, before what this message can use is known. */
      wanted: readonly Channel[];
      /** Who to pause if their address is refused for good. */
      volunteerId?: string;
      /** Builds the view (minting any links) once, only when a channel is still to send. */
      view: () => Promise<{ [K in MessageKind]: { kind: K; view: MessageViews[K] } }[MessageKind]>;
      /** What a sent message changes besides itself (an invite becomes "sent"). */
      afterSend?: () => Promise<void>;
    };

export async function deliverMessage(
  messageId: string,
  settings: SenderSettings,
  ports: SenderPorts,
): Promise<DeliveryResult> {
  const now = ports.clock.now();
  const leaseUntil = new Date(now.getTime() + LEASE_SECONDS * 1000).toISOString();
  const claim = await ports.store.claimMessage(messageId, leaseUntil, now.toISOString());
  if (claim.kind === 'done') return 'already-done';
  if (claim.kind === 'missing') return 'missing';
  if (claim.kind === 'busy') throw new MessageBusyError('another delivery holds this message');
  const message = claim.message;
  const log = { messageId, kind: message.kind, requestId: message.requestId };
  try {
    const prepared = await prepare(message, settings, ports);
    if ('skip' in prepared) {
      await ports.store.finishMessage(messageId, { at: now.toISOString(), skippedReason: prepared.skip });
      ports.log.info('message not sent', { ...log, reason: prepared.skip });
      return 'skipped';
    }
    const canText = Boolean(ports.texter && ports.renderers.sms?.renders(message.kind));
    const channels = channelsFor(prepared.wanted, prepared.address, canText).filter(
      (channel) => channel === 'text' || !isTextOnly(message.kind),
    );
    if (channels.length === 0) {
      await ports.store.finishMessage(messageId, { at: now.toISOString(), skippedReason: 'no-channel' });
      ports.log.warn('message not sent: no way to reach the recipient', log);
      return 'skipped';
    }
    const toSend = channels.filter((c) => !(c === 'email' ? message.sentEmailAt : message.sentTextAt));
    let sent = channels.length - toSend.length;
    let failedReason: string | undefined;
    let capped = false;
    let finished = false;
    if (toSend.length > 0) {
      const rendered = await prepared.view();
      for (const [index, channel] of toSend.entries()) {
        // Both public forms send to whatever address is typed into them, and so do "send me a link"
        // and a new address on the details page: all are capped per address.
        if (CAPPED_PER_ADDRESS.has(message.kind)) {
          const address = (channel === 'email' ? prepared.address.email : prepared.address.phone) ?? '';
          const confirmation = {
            requestId:
              message.requestId ??
              (message.to.role === 'applicant'
                ? message.to.applicantId
                : message.to.role === 'volunteer'
                  ? message.to.volunteerId
                  : ''),
            address,
            claimant: `${messageId}:${channel}`,
          };
          if (!(await confirmationAllowed(confirmation, settings, ports))) {
            capped = true;
            continue;
          }
        }
        try {
          await sendOn(channel, rendered, prepared.address, ports);
        } catch (error) {
          if (classifySendError(error) === 'transient') throw error;
          failedReason = `${channel}:${cleanErrorName(error)}`;
          ports.log.warn('message refused for good', { ...log, channel, error: cleanErrorName(error) });
          continue;
        }
        const at = ports.clock.now().toISOString();
        // The last channel of a message with nothing to do after it ends the message in the same write.
        const last = index === toSend.length - 1 && !prepared.afterSend;
        const finish = last ? { at, ...(failedReason ? { failedReason } : {}) } : undefined;
        const marked = await ports.store.markMessageSent(messageId, channel, at, finish);
        finished = marked && last;
        sent++;
        ports.log.info('message sent', { ...log, channel });
      }
    }
    if (!finished) {
      if (sent > 0) await prepared.afterSend?.();
      else if (failedReason && prepared.volunteerId)
        await pauseUnreachable(prepared.volunteerId, messageId, ports);
      await ports.store.finishMessage(messageId, {
        at: ports.clock.now().toISOString(),
        ...(failedReason ? { failedReason } : {}),
        ...(sent === 0 && !failedReason && capped ? { skippedReason: 'daily-cap' } : {}),
      });
    }
    if (sent > 0) return 'sent';
    return failedReason ? 'failed' : 'skipped';
  } catch (error) {
    // Free it at once for the stream's retry (it would otherwise wait out the lease).
    await ports.store.releaseMessage(messageId).catch(() => undefined);
    ports.log.warn('message delivery will be retried', { ...log, error: cleanErrorName(error) });
    throw error;
  }
}

async function sendOn(
  channel: Channel,
  rendered: { kind: MessageKind; view: MessageViews[MessageKind] },
  address: Reachable,
  ports: SenderPorts,
): Promise<void> {
  const { kind, view } = rendered as { kind: 'volunteer-invite'; view: MessageViews['volunteer-invite'] };
  if (channel === 'email') {
    if (isTextOnly(rendered.kind)) throw new Error(`${rendered.kind} has no email wording`);
    await ports.mailer.send({ to: address.email ?? '', ...ports.renderers.email(kind, view) });
    return;
  }
  const to = address.phone ? toE164(address.phone) : undefined;
  if (!ports.texter || !ports.renderers.sms || !to) throw new Error('texts are not set up');
  await ports.texter.send({ to, body: ports.renderers.sms.render(kind, view) });
}

/**
 * An address refused for good stops getting invites, as a bounce does: the volunteer is paused and the
 * prescriber told, once per refused message, so the roster can be put right.
 */
async function pauseUnreachable(volunteerId: string, messageId: string, ports: SenderPorts): Promise<void> {
  const volunteer = await ports.store.getVolunteer(volunteerId);
  if (!volunteer) return;
  if (volunteer.pausedUntil !== PAUSED_UNTIL_FIXED) {
    await ports.store.putVolunteer({ ...volunteer, pausedUntil: PAUSED_UNTIL_FIXED });
  }
  await ports.store.putMessages([
    {
      kind: 'prescriber-volunteer-paused',
      to: TO_PRESCRIBER,
      facts: { volunteerId, reason: 'rejected' satisfies PauseReason },
      dedupeKey: `paused-after:${messageId}`,
    },
  ]);
  ports.log.warn('volunteer paused: their address is refused', { volunteerId });
}

/**
 * The first visit's reference, for a later visit of regular help only; undefined for one-off help, for
 * the first visit itself, and once the first visit is erased or expired.
 */
async function firstReferenceOf(request: HelpRequest, store: Store): Promise<string | undefined> {
  if (!request.seriesId || (request.occurrence ?? 1) <= 1) return undefined;
  const series = await store.getSeries(request.seriesId);
  const firstId = series?.requestIds[0] ?? request.seriesId;
  if (firstId === request.id) return undefined;
  const first = await store.getRequest(firstId);
  return first?.reference;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** What each kind of message needs: the recipient's address, then (lazily) its view. */
async function prepare(
  message: StoredMessage,
  settings: SenderSettings,
  ports: SenderPorts,
): Promise<Prepared> {
  const facts = message.facts ?? {};
  const contact = contactOf(settings);
  const linkPorts = { store: ports.store, ids: ports.ids ?? {}, clock: ports.clock };
  const request = message.requestId ? await ports.store.getRequest(message.requestId) : undefined;
  // Erased (or expired) since: nothing about it may go out any more.
  if (message.requestId && !request) return { skip: 'request-gone' };

  let address: Reachable;
  let wanted: readonly Channel[];
  let volunteerId: string | undefined;
  let volunteer: Awaited<ReturnType<Store['getVolunteer']>>;
  let applicant: Applicant | undefined;
  switch (message.to.role) {
    case 'requester': {
      const requester = (
        message.to.requestId === request?.id ? request : await ports.store.getRequest(message.to.requestId)
      )?.requester;
      if (!requester) return { skip: 'recipient-gone' };
      address = requester;
      wanted = requesterChannels(requester);
      break;
    }
    case 'volunteer':
      volunteerId = message.to.volunteerId;
      volunteer = await ports.store.getVolunteer(volunteerId);
      if (!volunteer) return { skip: 'recipient-gone' };
      address = volunteer;
      wanted = volunteerChannels(volunteer);
      if (message.kind === 'volunteer-details') wanted = volunteerDetailsChannels(volunteer);
      // The answer to their own text goes back by text whatever they prefer, and never after STOP. A
      // refused answer does not pause them: invites and details still reach them by email.
      if (isTextOnly(message.kind)) {
        wanted = volunteer.smsOptedOutAt ? [] : ['text'];
        volunteerId = undefined;
      }
      // A link they asked for goes back the way they asked: to the address or number they typed.
      if (message.kind === 'volunteer-profile-link') wanted = facts.channel === 'text' ? ['text'] : ['email'];
      // A new address is confirmed through itself alone; one refused does not pause them (the old
      // address still works).
      if (message.kind === 'volunteer-contact-confirm') {
        const field: ContactField = facts.field === 'phone' ? 'phone' : 'email';
        const change = await ports.store.getContactChange(volunteer.id, field);
        if (!change || change.expiresAt <= epochSeconds(ports.clock.now()))
          return { skip: 'no-change-waiting' };
        address = field === 'email' ? { email: change.value } : { phone: change.value };
        wanted = field === 'email' ? ['email'] : ['text'];
        volunteerId = undefined;
      }
      break;
    case 'applicant': {
      applicant = await ports.store.getApplicant(message.to.applicantId);
      if (!applicant) return { skip: 'recipient-gone' };
      address = applicant;
      // Applicants chose as volunteers do: email always possible, texts when asked for and a mobile given.
      wanted = volunteerChannels(applicant);
      break;
    }
    case 'prescriber':
      address = { email: settings.prescriberEmail };
      wanted = ['email'];
      break;
  }
  const ready = <K extends MessageKind>(
    kind: K,
    view: () => Promise<MessageViews[K]> | MessageViews[K],
    afterSend?: () => Promise<void>,
  ): Prepared => ({
    address,
    wanted,
    ...(volunteerId ? { volunteerId } : {}),
    view: async () => ({ kind, view: await view() }) as never,
    ...(afterSend ? { afterSend } : {}),
  });
  const needs = (r: HelpRequest | undefined): r is HelpRequest => r !== undefined;
  const volunteerFirstName = volunteer ? firstName(volunteer.name) : '';
  // A later visit of regular help has its own reference; the first one is the one the family knows.
  const firstReference = request ? await firstReferenceOf(request, ports.store) : undefined;
  const partOf = firstReference ? { firstReference } : {};
  // Every email to a volunteer carries a fresh link to their own details page (the one before stops
  // working). Minted only while the email is still to go, so a retried text never revokes the link
  // an email already carried; texts go without it, having no room.
  const forProfile = volunteer;
  const yourDetails = async (): Promise<{ profileUrl?: string }> => {
    if (!forProfile || !wanted.includes('email') || message.sentEmailAt) return {};
    const profileUrl = await issueProfileLink(forProfile.id, settings, linkPorts).catch(() => undefined);
    return profileUrl ? { profileUrl } : {};
  };

  switch (message.kind) {
    case 'requester-confirmation':
      if (!needs(request)) return { skip: 'no-request' };
      return ready('requester-confirmation', async () => {
        // A link that could not be stored must not cost the requester their confirmation.
        const cancelUrl = await issueActionLink('cancel', request, settings.publicBaseUrl, linkPorts).catch(
          () => undefined,
        );
        return {
          reference: request.reference,
          helpType: request.helpType,
          area: request.area,
          neededBy: request.neededBy,
          contact,
          ...(request.language ? { language: request.language } : {}),
          ...(cancelUrl ? { cancelUrl } : {}),
          ...((request.occurrence ?? 1) > 1 ? { nextVisitBy: request.neededBy } : {}),
          ...(request.status === 'on-hold' ? { held: true } : {}),
          ...partOf,
        };
      });
    case 'prescriber-duplicate': {
      if (!needs(request)) return { skip: 'no-request' };
      const originalId = str(facts.originalId) ?? request.possibleDuplicateOf;
      const original = originalId ? await ports.store.getRequest(originalId) : undefined;
      return ready('prescriber-duplicate', () => ({
        reference: request.reference,
        ...(original ? { originalReference: original.reference } : {}),
        helpType: request.helpType,
        area: request.area,
        dashboardUrl: requestPageUrl(settings.publicBaseUrl, request.id),
        schemeName: settings.schemeName,
      }));
    }
    case 'volunteer-invite': {
      if (!needs(request) || !volunteerId) return { skip: 'no-request' };
      const invite = (await ports.store.listInvites(request.id)).find((i) => i.volunteerId === volunteerId);
      // Taken, cancelled or answered before it went: the link would only say so, so nothing is sent.
      if (!invite || invite.status !== 'pending') return { skip: 'invite-not-pending' };
      if (!OPEN_STATUSES.includes(request.status)) return { skip: 'request-not-open' };
      const forVolunteer = volunteerId;
      // The invite says which of their usual times this fits, so a volunteer sees why they are asked.
      const availableOn = volunteer?.availability?.length
        ? firstSlotBetween(volunteer.availability, ports.clock.now(), request.neededBy)
        : undefined;
      return ready(
        'volunteer-invite',
        async () => {
          // The link is made now and only its hash stored: a retried send makes a fresh one, and a link
          // that already went on the other channel (an email sent before a throttled text) stays valid.
          const token = ports.ids?.inviteToken?.() ?? newInviteToken();
          const keepSent = Boolean(message.sentEmailAt ?? message.sentTextAt);
          await ports.store.replaceToken(invite, hashToken(token), invite.expiresAt, { keepSent });
          const pauseUrl = await issuePauseLink(
            forVolunteer,
            invite.expiresAt,
            settings.publicBaseUrl,
            linkPorts,
          ).catch(() => undefined);
          return {
            volunteerFirstName,
            summary: summaryOf(request),
            respondUrl: respondUrl(settings.publicBaseUrl, token),
            contact,
            answerBy: new Date(
              Date.parse(invite.createdAt) + windowSecondsFor(request, settings) * 1000,
            ).toISOString(),
            writtenAt: ports.clock.now().toISOString(),
            ...(pauseUrl ? { pauseUrl } : {}),
            ...(availableOn ? { availableOn } : {}),
            ...partOf,
            ...(await yourDetails()),
          };
        },
        async () => {
          // Spent by another's accept while it went out: the link they now hold says someone else said
          // yes, and they hear it as every volunteer whose invite had gone out does.
          if ((await ports.store.markInviteSent(request.id, forVolunteer)) === 'taken')
            await ports.store.putMessages([takenNotice(request.id, forVolunteer)]);
        },
      );
    }
    case 'volunteer-details': {
      if (!needs(request) || !volunteerId) return { skip: 'no-request' };
      // Given back (or taken back) before this went: the details are no longer theirs to see.
      if (request.status !== 'assigned' || request.assignedVolunteerId !== volunteerId)
        return { skip: 'no-longer-assigned' };
      const series = request.seriesId ? await ports.store.getSeries(request.seriesId) : undefined;
      const committed = series?.status === 'active' && series.committedVolunteerId === volunteerId;
      const forVolunteer = volunteerId;
      const byText = wanted.includes('text');
      return ready('volunteer-details', async () => {
        const links = await issueAssignedVolunteerLinks(
          request,
          forVolunteer,
          settings.publicBaseUrl,
          linkPorts,
          { committedToSeries: committed },
        );
        // The text's way to the details: a link for this volunteer alone, working while the task is theirs.
        const detailsUrl = byText
          ? await issueActionLink(
              'details',
              request,
              settings.publicBaseUrl,
              linkPorts,
              forVolunteer,
              settings.retentionDays,
            ).catch(() => undefined)
          : undefined;
        return {
          volunteerFirstName,
          details: { ...summaryOf(request), requester: request.requester },
          contact,
          arrangedBy: (str(facts.how) ?? 'accepted') as ArrangedBy,
          ...(facts.changed === true ? { changed: true } : {}),
          ...(series && isRecurring(series.frequency)
            ? { series: { frequency: series.frequency, committed } }
            : {}),
          ...links,
          ...(detailsUrl ? { detailsUrl } : {}),
          ...partOf,
          ...(await yourDetails()),
        };
      });
    }
    case 'requester-accepted': {
      if (!needs(request)) return { skip: 'no-request' };
      const helper = await ports.store.getVolunteer(str(facts.volunteerId) ?? '');
      if (!helper) return { skip: 'volunteer-gone' };
      return ready('requester-accepted', () => ({
        reference: request.reference,
        volunteerFirstName: firstName(helper.name),
        contact,
        ...(request.language ? { language: request.language } : {}),
        ...(facts.how === 'series' ? { nextVisitBy: request.neededBy } : {}),
        ...partOf,
      }));
    }
    case 'volunteer-taken':
    case 'volunteer-no-longer-needed': {
      if (!needs(request)) return { skip: 'no-request' };
      const kind = message.kind;
      return ready(kind, async () => ({
        volunteerFirstName,
        summary: summaryOf(request),
        contact,
        ...partOf,
        ...(await yourDetails()),
      }));
    }
    case 'requester-released':
      if (!needs(request)) return { skip: 'no-request' };
      return ready('requester-released', () => ({
        reference: request.reference,
        contact,
        ...(request.language ? { language: request.language } : {}),
        ...partOf,
      }));
    case 'prescriber-escalation':
      if (!needs(request)) return { skip: 'no-request' };
      return ready('prescriber-escalation', () => ({
        escalation: {
          reference: request.reference,
          requestId: request.id,
          helpType: request.helpType,
          area: request.area,
          neededBy: request.neededBy,
          urgent: request.urgent,
          reason: (str(facts.reason) ?? 'no-acceptance') as EscalationReason,
          waves: num(facts.waves),
          invited: num(facts.invited),
          ...(request.language ? { language: request.language } : {}),
        },
        // Straight to the request's page: the email holds no details, the page does (after sign-in).
        dashboardUrl: requestPageUrl(settings.publicBaseUrl, request.id),
        contact,
      }));
    case 'prescriber-concern':
      if (!needs(request)) return { skip: 'no-request' };
      return ready('prescriber-concern', () => ({
        reference: request.reference,
        helpType: request.helpType,
        area: request.area,
        kinds: (str(facts.kinds) ?? '').split(' ').filter(Boolean) as ConcernKind[],
        hasNote: facts.hasNote === true,
        dashboardUrl: requestPageUrl(settings.publicBaseUrl, request.id),
        schemeName: settings.schemeName,
      }));
    case 'prescriber-series-review':
    case 'volunteer-series-ended': {
      const series = await ports.store.getSeries(str(facts.seriesId) ?? '');
      if (!series) return { skip: 'series-gone' };
      const latestId = str(facts.latestId);
      const latest = request ?? (latestId ? await ports.store.getRequest(latestId) : undefined);
      const reference = latest?.reference ?? '';
      if (message.kind === 'volunteer-series-ended') {
        return ready('volunteer-series-ended', async () => ({
          volunteerFirstName,
          reference,
          helpType: series.helpType,
          area: series.area,
          frequency: series.frequency,
          contact,
          ...(await yourDetails()),
        }));
      }
      return ready('prescriber-series-review', () => ({
        reference,
        helpType: series.helpType,
        area: series.area,
        frequency: series.frequency,
        occurrences: num(facts.occurrences),
        seriesUrl: `${settings.publicBaseUrl}/admin/series/${series.id}`,
        schemeName: settings.schemeName,
      }));
    }
    case 'volunteer-reminder': {
      if (!needs(request) || !volunteerId) return { skip: 'no-request' };
      const forVolunteer = volunteerId;
      return ready('volunteer-reminder', async () => {
        const doneUrl = await issueActionLink(
          'done',
          request,
          settings.publicBaseUrl,
          linkPorts,
          forVolunteer,
          settings.retentionDays,
        ).catch(() => undefined);
        return {
          volunteerFirstName,
          summary: summaryOf(request),
          contact,
          ...(doneUrl ? { doneUrl } : {}),
          ...partOf,
          ...(await yourDetails()),
        };
      });
    }
    case 'volunteer-text-reply': {
      const reply = str(facts.reply);
      if (!reply || !(SMS_REPLY_KINDS as readonly string[]).includes(reply)) return { skip: 'unknown-reply' };
      const until = str(facts.until);
      const language = facts.language === 'ar' ? 'ar' : 'en';
      return ready('volunteer-text-reply', () => ({
        reply: reply as SmsReplyKind,
        contact,
        language,
        ...(until ? { until } : {}),
      }));
    }
    case 'applicant-confirmation':
    case 'applicant-declined': {
      if (!applicant) return { skip: 'recipient-gone' };
      const language = applicant.language;
      const applicantFirstName = firstName(applicant.name);
      if (message.kind === 'applicant-confirmation')
        return ready('applicant-confirmation', () => ({ firstName: applicantFirstName, contact, language }));
      const reason = isDeclineReason(facts.reason) ? facts.reason : 'other';
      return ready('applicant-declined', () => ({
        firstName: applicantFirstName,
        reason,
        contact,
        language,
      }));
    }
    case 'applicant-welcome':
      if (!volunteer) return { skip: 'recipient-gone' };
      return ready('applicant-welcome', async () => ({
        volunteerFirstName,
        contact,
        ...(await yourDetails()),
      }));
    case 'volunteer-profile-link': {
      if (!volunteer) return { skip: 'recipient-gone' };
      const forVolunteer = volunteer.id;
      return ready('volunteer-profile-link', async () => {
        const profileUrl = await issueProfileLink(forVolunteer, settings, linkPorts);
        // Stored, or the volunteer left a moment ago: a retry then finds them gone and skips.
        if (!profileUrl) throw new Error('profile link not stored');
        return { volunteerFirstName, profileUrl, contact };
      });
    }
    case 'volunteer-contact-confirm': {
      if (!volunteer) return { skip: 'recipient-gone' };
      const forVolunteer = volunteer.id;
      const field: ContactField = facts.field === 'phone' ? 'phone' : 'email';
      return ready('volunteer-contact-confirm', async () => {
        const confirmUrl = await issueContactConfirmLink(
          forVolunteer,
          field,
          settings.publicBaseUrl,
          linkPorts,
        );
        if (!confirmUrl) throw new Error('confirmation link not stored');
        return { volunteerFirstName, field, confirmUrl, contact };
      });
    }
    case 'prescriber-volunteer-paused': {
      const paused = await ports.store.getVolunteer(str(facts.volunteerId) ?? '');
      if (!paused) return { skip: 'volunteer-gone' };
      return ready('prescriber-volunteer-paused', () => ({
        volunteerName: paused.name,
        volunteerEmail: paused.email,
        reason: (str(facts.reason) ?? 'bounce') as PauseReason,
        schemeName: settings.schemeName,
      }));
    }
  }
}
