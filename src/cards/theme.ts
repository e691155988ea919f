/**
 * How a social card looks: the publication's colours (the same as the site's, in
 * src/styles/global.css, and public/og-default.png) and the card's size. Pure.
 */

/** Open Graph's recommended size: what LinkedIn, Slack, Mastodon and X show uncropped. */
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

export const cardColours = {
  /** The card's background: the site's accent blue. */
  background: '#0b5f8a',
  /** Title and publication name. */
  text: '#ffffff',
  /** The eyebrow ("Tip", "Issue #12") and the address line. */
  muted: '#cfe6f3',
  /** The takeaway's box and its left rule: the site's callout colours. */
  calloutBackground: '#fff4d6',
  calloutBorder: '#c98a00',
  calloutText: '#1d1f23',
  /** The dot by the publication's name, as on the default card. */
  dot: '#f5b400',
} as const;
