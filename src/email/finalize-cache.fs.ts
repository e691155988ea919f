/**
 * The finished-email cache's file in build/cache/ (git-ignored). It records the fingerprint
 * of everything that decides a result besides the input: the lockfile (juice, cheerio,
 * html-to-text and their dependencies) and our finalizing code. A different fingerprint, a
 * missing or unreadable file: nothing is reused.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FinishedEmail } from './finalize.ts';

export const FINALIZE_CACHE_FILE = 'build/cache/email-finalize.json';
const SOURCES = ['package-lock.json', 'src/email/finalize.ts', 'src/lib/urls.ts'];

export function finalizeFingerprint(root: string): string {
  const hash = createHash('sha256');
  for (const file of SOURCES) {
    const path = join(root, file);
    hash.update(file).update('\0').update(existsSync(path) ? readFileSync(path) : 'missing').update('\0');
  }
  return hash.digest('hex');
}

export function readFinishedEmails(root: string, fingerprint: string): Map<string, FinishedEmail> {
  try {
    const parsed = JSON.parse(readFileSync(join(root, FINALIZE_CACHE_FILE), 'utf8')) as { fingerprint?: unknown; entries?: unknown };
    if (parsed.fingerprint !== fingerprint || !parsed.entries || typeof parsed.entries !== 'object') return new Map();
    return new Map(
      Object.entries(parsed.entries as Record<string, unknown>).filter(
        (e): e is [string, FinishedEmail] => typeof (e[1] as FinishedEmail)?.html === 'string' && typeof (e[1] as FinishedEmail)?.text === 'string',
      ),
    );
  } catch {
    return new Map();
  }
}

export function writeFinishedEmails(root: string, fingerprint: string, entries: Map<string, FinishedEmail>): void {
  const path = join(root, FINALIZE_CACHE_FILE);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ fingerprint, entries: Object.fromEntries(entries) })}\n`);
}
