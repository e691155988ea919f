/** The signed links in emails: confirm a subscription, leave it. Built on the configured site URL, never a request's. */
import { paths } from '../lib/paths.ts';
import { absoluteUrl } from '../lib/urls.ts';
import { CONFIRM_LINK_DAYS } from './consent.ts';
import { createToken } from './tokens.ts';

export interface LinkSigning {
  secret: string;
  /** The public site URL (SITE_URL or the configured one). */
  siteUrl: string;
}

const withToken = (path: string, token: string, siteUrl: string) => `${absoluteUrl(path, siteUrl)}?token=${token}`;

export const confirmUrl = (links: LinkSigning, s: { id: number; email: string }, now: Date) =>
  withToken(paths.confirm(), createToken(links.secret, { purpose: 'confirm', subscriberId: s.id, expiresAt: now.getTime() + CONFIRM_LINK_DAYS * 86_400_000 }, s.email), links.siteUrl);

/** The subscriber's own one-click unsubscribe URL (also for List-Unsubscribe). */
export const unsubscribeUrl = (links: LinkSigning, s: { id: number; email: string }) =>
  withToken(paths.unsubscribe(), createToken(links.secret, { purpose: 'unsubscribe', subscriberId: s.id }, s.email), links.siteUrl);
