/**
 * `npm run check [-- --links]`: everything the build validates plus the editor's lint,
 * as `file:line: message`, errors and warnings apart, then the publishing calendar.
 * Exit 1 when there are errors.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseEnv } from '../config/env.ts';
import { site } from '../config/site.ts';
import { openDatabaseForReading } from '../db/open.ts';
import { createLedger } from '../sending/ledger.db.ts';
import { calendarText, publishingCalendar } from './calendar.ts';
import { checkLinks, type FetchLike } from './links.ts';
import { lintContent, type Finding } from './lint.ts';
import { fieldLabel, lineOf } from './locate.ts';
import { imageExistsOnDisk, readContent } from './read-content.fs.ts';
import { validateContent } from './validate.ts';

export interface CheckIo {
  out: (text: string) => void;
  now: () => Date;
  fetch: FetchLike;
}

/** Issues already sent, from the database if there is one here; reading never creates or migrates it. */
async function sentIssues(env: Record<string, string | undefined>): Promise<number[]> {
  const db = await openDatabaseForReading(parseEnv(env).DATABASE_URL);
  if (!db) return [];
  try {
    return await createLedger(db).completedIssues();
  } finally {
    await db.close();
  }
}

export async function main(argv: string[], env: Record<string, string | undefined>, rootDir: string, io: CheckIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { links: { type: 'boolean', default: false } } });
  const content = readContent(rootDir);
  const findings: Finding[] = [
    ...validateContent(content, { imageExists: imageExistsOnDisk(rootDir), publicationTitle: site.title }).map((p): Finding => ({
      file: p.file,
      line: p.line ?? 1,
      ...(p.column !== undefined ? { column: p.column } : {}),
      severity: 'error',
      message: p.field ? `${fieldLabel(p.field)} ${p.message}` : p.message,
    })),
    ...lintContent(content, {
      fileSize: (file, path) => {
        const full = join(rootDir, dirname(file), path);
        return existsSync(full) ? statSync(full).size : undefined;
      },
    }),
  ];
  if (values.links) {
    const urls = content.issues.flatMap((e) => ((((e.data ?? {}) as Record<string, unknown>)['picks'] ?? []) as { url?: unknown }[]).map((p) => p.url).filter((u): u is string => typeof u === 'string'));
    io.out(`Checking ${new Set(urls).size} links…\n`);
    for (const result of await checkLinks(urls, io.fetch)) {
      if (result.severity === 'ok') continue;
      const entry = content.issues.find((e) => e.source?.includes(result.url));
      findings.push({ file: entry?.file ?? 'content/issues', line: lineOf(entry?.source, result.url), severity: result.severity, message: result.message });
    }
  }
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning');
  const print = (list: Finding[]) => list.map((f) => `${f.file}:${f.line}${f.column !== undefined ? `:${f.column}` : ''}: ${f.message}\n`).join('');
  if (errors.length) io.out(`Errors (${errors.length}), fix these before publishing:\n${print(errors)}\n`);
  if (warnings.length) io.out(`Warnings (${warnings.length}), worth a look:\n${print(warnings)}\n`);
  io.out(`${calendarText(publishingCalendar(content, io.now(), await sentIssues(env)))}\n\n`);
  io.out(
    errors.length
      ? `${errors.length} error(s), ${warnings.length} warning(s). The build will refuse this content until the errors are fixed.\n`
      : `No errors${warnings.length ? `, ${warnings.length} warning(s)` : ''}. ${content.tips.length} tips and ${content.issues.length} issues checked${values.links ? ' (links included)' : '; add --links to check pick URLs online'}.\n`,
  );
  return errors.length ? 1 : 0;
}
