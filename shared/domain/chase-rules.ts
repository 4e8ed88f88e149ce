/** Invites in a row a volunteer leaves unanswered before the digest asks the prescriber to check in. */
export const UNANSWERED_INVITES_TO_CHASE = 3;
