/**
 * The settings each deployment must make its own before readers see them: the public site URL, the From and
 * Reply-To addresses and the postal address in every email's footer. The samples this project ships with use
 * names reserved for examples and tests (RFC 2606 and RFC 6761: example.com/.net/.org, .test, .example,
 * .invalid, .localhost), which must never reach a reader: in production `send` and `serve` refuse them with
 * one line naming the setting to change, `npm run check` warns about them, and the dry run shows them. Pure.
 */
import { ConfigError } from './env.ts';

export interface PublicSettings {
  /** Where every link in pages and emails points. */
  siteUrl: string;
  /** The From header, e.g. "Tip of the Week" <editor@tips.example.com>. */
  from: string;
  replyTo: string;
  postalAddress: string;
}

export interface SettingProblem {
  /** What to set, e.g. "SITE_URL (or url in src/config/site.ts)". */
  setting: string;
  /** What is wrong, in one clause. */
  problem: string;
}

const RESERVED_DOMAINS = ['example.com', 'example.net', 'example.org'];
const RESERVED_TLDS = ['test', 'example', 'invalid', 'localhost', 'local'];

/** Whether `host` is a name or address no reader can reach: reserved for examples and tests, or this machine. */
export function isReservedHost(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '').replace(/^\[|\]$/g, '');
  if (name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name) || name === '0.0.0.0') return true;
  if (RESERVED_DOMAINS.some((domain) => name === domain || name.endsWith(`.${domain}`))) return true;
  return RESERVED_TLDS.includes(name.split('.').at(-1)!);
}

/** The domain of the (last) address in a header value such as `"Tips" <editor@tips.example.com>`. */
const domainOf = (address: string) => /@([^>\s@]+)>?\s*$/.exec(address.trim())?.[1];

/** Every sample value among the settings, with the setting to change. */
export function sampleSettingProblems(settings: PublicSettings): SettingProblem[] {
  const problems: SettingProblem[] = [];
  let host = '';
  try {
    host = new URL(settings.siteUrl).hostname;
  } catch {
    // Not a URL: the settings schema reports that.
  }
  if (host && isReservedHost(host)) problems.push({ setting: 'SITE_URL (or url in src/config/site.ts)', problem: `the site URL ${settings.siteUrl} is a sample address` });
  const from = domainOf(settings.from);
  if (from && isReservedHost(from)) problems.push({ setting: 'MAIL_FROM (or editor.email in src/config/site.ts)', problem: `From ${settings.from} is a sample address` });
  const replyTo = domainOf(settings.replyTo);
  if (replyTo && isReservedHost(replyTo)) problems.push({ setting: 'REPLY_TO (or editor.email in src/config/site.ts)', problem: `Reply-To ${settings.replyTo} is a sample address` });
  if (/\bexample\b/i.test(settings.postalAddress)) problems.push({ setting: 'POSTAL_ADDRESS (or postalAddress in src/config/site.ts)', problem: `the postal address "${settings.postalAddress}" is the sample one` });
  return problems;
}

/** One problem as advice before going live, as `check` and the dry run show it. */
export const beforeGoingLive = (p: SettingProblem): string => `${p.problem}: set ${p.setting} before going live (production refuses it)`;

/** The problems as one line: "the site URL … is a sample address (set SITE_URL …); …". */
export function problemsLine(problems: readonly SettingProblem[]): string {
  return problems.map((p) => `${p.problem} (set ${p.setting})`).join('; ');
}

/** In production, refuses to `action` ("send the issue", "serve the site") with sample settings, in one line. */
export function refuseSampleSettings(problems: readonly SettingProblem[], nodeEnv: string | undefined, action: string): void {
  if (nodeEnv !== 'production' || problems.length === 0) return;
  throw new ConfigError(`Not going to ${action} with sample settings in production: ${problemsLine(problems)}.`);
}

/** Why emails built for `builtFor` must not go out with links to `siteUrl`, or undefined when they agree. */
export function builtForProblem(builtFor: string, siteUrl: string): string | undefined {
  const normal = (url: string) => url.replace(/\/+$/, '');
  if (normal(builtFor) === normal(siteUrl)) return undefined;
  return `The emails were built for ${normal(builtFor)}, but SITE_URL is ${normal(siteUrl)}: their links would point to one site and their unsubscribe links to another. Build with the same SITE_URL (\`SITE_URL=${normal(siteUrl)} npm run build\`), then try again.`;
}

/**
 * What `send` checks before any message goes out (also a test copy): emails built for another site URL are
 * refused always; sample settings in production.
 */
export function checkBeforeSending(input: { builtFor: string; sender: Omit<PublicSettings, 'postalAddress'>; postalAddress: string; nodeEnv: string | undefined }): void {
  const mismatch = builtForProblem(input.builtFor, input.sender.siteUrl);
  if (mismatch) throw new ConfigError(mismatch);
  refuseSampleSettings(sampleSettingProblems({ ...input.sender, postalAddress: input.postalAddress }), input.nodeEnv, 'send');
}
