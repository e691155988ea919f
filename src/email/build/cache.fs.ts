/**
 * What earlier builds finished and checked, kept in build/cache/emails.json (git-ignored):
 * an email whose rendered document, site URL and pick URLs are unchanged gets last build's
 * finished parts and check results instead of being finished (about 8 ms) and checked again.
 *
 * A result also depends on the code that made it: the finishing and checking code (this
 * folder and what it imports from src/email/ and src/lib/) and the packages it uses (juice,
 * html-to-text, caniemail's data). The file records a fingerprint of all of them, taken from
 * those folders and package-lock.json, so no list of files has to be kept by hand: after any
 * edit there or any dependency change, nothing is reused. A missing, unreadable or foreign
 * file means "nothing known".
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { EmailResult, EmailTask } from './worker.ts';

export const EMAIL_CACHE_FILE = 'build/cache/emails.json';

/** The code a result depends on, relative to the project root: folders are read whole. */
const CODE = ['package-lock.json', 'src/email', 'src/lib'];

/** The source files at `path`: the file itself, or every non-test source file under the folder; none if it is missing. */
const sourcesAt = (path: string): string[] => {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|json)$/.test(entry.name) && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
};

/** Changes whenever the code or a package that finishes and checks emails could change a result. */
export function emailCodeFingerprint(root: string): string {
  const hash = createHash('sha256');
  for (const file of CODE.flatMap((path) => sourcesAt(join(root, path))).sort()) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** An email's key: everything besides the code that decides its finished parts and problems. */
export function emailKey({ document, siteUrl, pickUrls }: EmailTask): string {
  return createHash('sha256').update(siteUrl).update('\0').update(document).update('\0').update(pickUrls.join('\n')).digest('hex');
}

const isResult = (value: unknown): value is EmailResult => {
  const r = value as EmailResult;
  return typeof r?.html === 'string' && typeof r.text === 'string' && Array.isArray(r.problems) && r.problems.every((p) => typeof p?.message === 'string' && (p.file === undefined || typeof p.file === 'string'));
};

export function readEmailCache(root: string, fingerprint: string): Map<string, EmailResult> {
  try {
    const parsed = JSON.parse(readFileSync(join(root, EMAIL_CACHE_FILE), 'utf8')) as { fingerprint?: unknown; emails?: Record<string, unknown> };
    if (parsed.fingerprint !== fingerprint || !parsed.emails) return new Map();
    return new Map(Object.entries(parsed.emails).filter((entry): entry is [string, EmailResult] => isResult(entry[1])));
  } catch {
    return new Map();
  }
}

/** Keeps this build's results (only these: emails no longer built drop out). */
export function writeEmailCache(root: string, fingerprint: string, emails: ReadonlyMap<string, EmailResult>): void {
  const path = join(root, EMAIL_CACHE_FILE);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ fingerprint, emails: Object.fromEntries(emails) })}\n`);
}
