/**
 * `npm run check [-- --links]`: everything the build checks (errors and warnings, the same list
 * the build and the dev server use), as `file:line: message`, errors and warnings apart, then the
 * publishing calendar. Exit 1 when there are errors.
 */
import { parseArgs } from 'node:util';
import { beforeGoingLive, sampleSettingProblems } from '../config/deployment.ts';
import { parseEnv } from '../config/env.ts';
import { site } from '../config/site.ts';
import { senderIdentity } from '../email/message.ts';
import { openDatabaseForReading } from '../db/open.ts';
import { createLedger } from '../sending/ledger.db.ts';
import { calendarText, publishingCalendar } from './calendar.ts';
import { checkLinks, type FetchLike } from './links.ts';
import { lineOf } from './locate.ts';
import { byPlace, errorsOf, formatProblem, warningsOf, type ContentProblem } from './problems.ts';
import type { RawContent } from './raw.ts';
import { checkContentOnDisk } from './read-content.fs.ts';

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

/** Every pick URL online: gone and moved articles as problems at their line, or one line when nothing could be reached. */
async function linkProblems(content: RawContent, io: CheckIo): Promise<{ problems: ContentProblem[]; offline?: string }> {
  const urls = content.issues.flatMap((e) => ((((e.data ?? {}) as Record<string, unknown>)['picks'] ?? []) as { url?: unknown }[]).map((p) => p.url).filter((u): u is string => typeof u === 'string'));
  const count = new Set(urls).size;
  io.out(`Checking ${count} links…\n`);
  const { results, offline } = await checkLinks(urls, io.fetch);
  if (offline !== undefined) {
    return { problems: [], offline: `Links not checked: none of the ${count} pick URLs could be reached (${offline}). Is this machine offline? Connect to the internet and run npm run check -- --links again.` };
  }
  const problems = results
    .filter((r) => r.severity !== 'ok')
    .map((result): ContentProblem => {
      const entry = content.issues.find((e) => e.source?.includes(result.url));
      return { file: entry?.file ?? 'content/issues', field: '', line: lineOf(entry?.source, result.url), severity: result.severity === 'error' ? 'error' : 'warning', message: result.message };
    });
  return { problems };
}

/** The sample settings still in use (production refuses them), as warnings on src/config/site.ts. */
function sampleSettingWarnings(env: Record<string, string | undefined>): ContentProblem[] {
  const settings = parseEnv(env);
  const sender = senderIdentity(settings, { title: site.title, editorEmail: site.editor.email }, settings.SITE_URL ?? site.url);
  return sampleSettingProblems({ ...sender, postalAddress: settings.POSTAL_ADDRESS ?? site.postalAddress }).map((p) => ({
    file: 'src/config/site.ts',
    field: '',
    line: 1,
    severity: 'warning',
    message: beforeGoingLive(p),
  }));
}

export async function main(argv: string[], env: Record<string, string | undefined>, rootDir: string, io: CheckIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { links: { type: 'boolean', default: false } } });
  const { content, problems: found } = checkContentOnDisk(rootDir, site.title);
  const links = values.links ? await linkProblems(content, io) : undefined;
  const problems = byPlace([...found, ...sampleSettingWarnings(env), ...(links?.problems ?? [])]);
  const errors = errorsOf(problems);
  const warnings = warningsOf(problems);
  const print = (list: ContentProblem[]) => list.map((p) => `${formatProblem(p)}\n`).join('');
  if (errors.length) io.out(`Errors (${errors.length}), fix these before publishing:\n${print(errors)}\n`);
  if (warnings.length) io.out(`Warnings (${warnings.length}), worth a look:\n${print(warnings)}\n`);
  if (links?.offline) io.out(`${links.offline}\n\n`);
  io.out(`${calendarText(publishingCalendar(content, io.now(), await sentIssues(env), site), io.now())}\n\n`);
  const linkNote = !values.links ? '; add --links to check pick URLs online' : links?.offline ? ' (links not checked: offline)' : ' (links included)';
  io.out(
    errors.length
      ? `${errors.length} error(s), ${warnings.length} warning(s). The build will refuse this content until the errors are fixed.\n`
      : `No errors${warnings.length ? `, ${warnings.length} warning(s)` : ''}. ${content.tips.length} tips and ${content.issues.length} issues checked${linkNote}.\n`,
  );
  return errors.length ? 1 : 0;
}
