/** The promise shown next to every signup form; stored with each signup as the consent text. */
export const CONSENT_TEXT = 'One practical lesson and a few good reads, every Monday. Free; leave with one click.';

/** How long a confirmation link works. */
export const CONFIRM_LINK_DAYS = 7;
