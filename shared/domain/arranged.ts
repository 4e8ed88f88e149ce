import { requesterAcceptedEmail, volunteerDetailsEmail, volunteerTakenEmail } from '../mail/templates.js';
import { issueAssignedVolunteerLinks } from './admin/links.js';
import { contactOf, firstName, summaryOf, type MatchingSettings } from './matching.js';
import type { HelpRequest } from './model.js';
import type { Clock, Ids, Log, Mailer, Store } from './ports.js';

export interface ArrangedPorts {
  store: Store;
  mailer: Mailer;
  clock: Clock;
  log: Log;
  /** For the volunteer's "done" and "release" links (random tokens by default). */
  ids?: Pick<Ids, 'actionToken'>;
}

/**
 * How the request came to the volunteer: they said yes, the prescriber arranged it by hand, or it is the
 * next occurrence of a recurring request they took on.
 */
export type ArrangedHow = 'accepted' | 'by-hand' | 'series';

/**
 * Everything that follows once a request has its volunteer, whether they said yes or the prescriber
 * arranged it: the volunteer gets the details (with "done" and "release" links), the requester hears someone is
 * coming, every other open invite (sent, or stored and still being sent) is spent, and those already
 * emailed are told they are not needed.
 *
 * Failures are logged, not fatal: the assignment stands either way (a volunteer who accepted sees the
 * details on the page; the prescriber's page says to phone).
 */
export async function notifyArranged(
  request: HelpRequest,
  volunteerId: string,
  how: ArrangedHow,
  settings: MatchingSettings,
  ports: ArrangedPorts,
): Promise<void> {
  const contact = contactOf(settings);
  const [volunteer, invites, series] = await Promise.all([
    ports.store.getVolunteer(volunteerId),
    ports.store.listInvites(request.id),
    request.seriesId ? ports.store.getSeries(request.seriesId) : undefined,
  ]);
  const committed = series?.status === 'active' && series.committedVolunteerId === volunteerId;
  const others = invites.filter(
    (i) => i.volunteerId !== volunteerId && (i.status === 'sent' || i.status === 'pending'),
  );
  const sends: Promise<unknown>[] = [];
  if (volunteer) {
    sends.push(
      (async () => {
        const links = await issueAssignedVolunteerLinks(
          request,
          volunteer.id,
          settings.publicBaseUrl,
          { store: ports.store, ids: ports.ids ?? {}, clock: ports.clock },
          { committedToSeries: committed },
        );
        await ports.mailer.send({
          to: volunteer.email,
          ...volunteerDetailsEmail({
            volunteerFirstName: firstName(volunteer.name),
            details: { ...summaryOf(request), requester: request.requester },
            contact,
            arrangedBy: how === 'by-hand' ? 'asked-by-prescriber' : how,
            ...(series ? { series: { frequency: series.frequency, committed } } : {}),
            ...links,
          }),
        });
      })(),
    );
    if (request.requester.email) {
      sends.push(
        ports.mailer.send({
          to: request.requester.email,
          ...requesterAcceptedEmail({
            reference: request.reference,
            volunteerFirstName: firstName(volunteer.name),
            contact,
            language: request.language,
            ...(how === 'series' ? { nextVisitBy: request.neededBy } : {}),
          }),
        }),
      );
    }
  }
  if (others.length > 0) {
    sends.push(
      ports.store.markInvitesTaken(
        request.id,
        others.map((i) => i.volunteerId),
      ),
    );
    // A pending invite's email may not have gone yet; its link will say someone else said yes.
    for (const other of others.filter((i) => i.status === 'sent')) {
      sends.push(
        ports.store.getVolunteer(other.volunteerId).then((v) =>
          v
            ? ports.mailer.send({
                to: v.email,
                ...volunteerTakenEmail({
                  volunteerFirstName: firstName(v.name),
                  summary: summaryOf(request),
                  contact,
                }),
              })
            : undefined,
        ),
      );
    }
  }
  const failures = (await Promise.allSettled(sends)).filter((r) => r.status === 'rejected').length;
  if (failures > 0) {
    const message =
      how === 'accepted'
        ? 'notifications after accept failed'
        : how === 'series'
          ? 'notifications for the next occurrence failed'
          : 'notifications after assigning failed';
    ports.log.error(message, { requestId: request.id, failures });
  }
}
