/**
 * caniemail's client ids as people say them: "outlook.windows" → "Outlook (Windows)". Pure.
 * (Astro's error display also takes a lowercase "window" in a message for a browser-API mistake
 * and adds an unrelated hint about `client:only`; the capitalised names never trigger it.)
 */

const FAMILIES: Record<string, string> = { gmail: 'Gmail', outlook: 'Outlook', 'apple-mail': 'Apple Mail', yahoo: 'Yahoo Mail' };
const PLATFORMS: Record<string, string> = {
  android: 'Android',
  ios: 'iOS',
  macos: 'macOS',
  windows: 'Windows',
  'windows-mail': 'Windows Mail',
  'outlook-com': 'Outlook.com',
  'desktop-webmail': 'desktop webmail',
  'mobile-webmail': 'mobile webmail',
};

export function clientName(id: string): string {
  const [family = id, platform] = id.split('.');
  const name = FAMILIES[family] ?? family;
  if (!platform) return name;
  return `${name} (${PLATFORMS[platform] ?? platform.replace(/-/g, ' ')})`;
}
