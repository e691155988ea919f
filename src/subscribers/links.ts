/** The signed links in emails: confirm a subscription, leave it, manage it, confirm a new address. Built on the configured site URL, never a request's. */
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

/** The subscriber's preference page ("Manage your subscription"): pause, change address, leave, data. */
export const manageUrl = (links: LinkSigning, s: { id: number; email: string }) =>
  withToken(paths.preferences(), createToken(links.secret, { purpose: 'manage', subscriberId: s.id }, s.email), links.siteUrl);

/** The link sent to a new address: signed over that address, valid as long as a sign-up's confirmation. */
export const changeConfirmUrl = (links: LinkSigning, s: { id: number; pendingEmail: string }, requestedAt: Date) =>
  withToken(
    paths.confirmAddress(),
    createToken(links.secret, { purpose: 'change', subscriberId: s.id, expiresAt: requestedAt.getTime() + CONFIRM_LINK_DAYS * 86_400_000 }, s.pendingEmail),
    links.siteUrl,
  );
