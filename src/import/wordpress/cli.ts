/**
 * `npm run import -- wordpress <export.xml> [--uploads <dir>] [--dry-run]`: read the export
 * (one clear error and nothing written if it is not one), plan, write through the manifest,
 * report. The repository root and the clock are passed in.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CliError, UsageError } from '../../cli/errors.ts';
import { readContent } from '../../content/read-content.fs.ts';
import { applyPlan, leftovers, readRepoState, readUploads } from './apply.fs.ts';
import { isForeign, previousRun } from './manifest.ts';
import { planWordPress } from './plan.ts';
import { importReport } from './report.ts';
import { parseWxr } from './wxr.ts';
import { WORDPRESS_USAGE } from './usage.ts';


export interface WordPressIo {
  out: (text: string) => void;
  now: () => Date;
}

function readExport(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`${path} could not be read: give the path of the .xml file WordPress exported (Tools → Export). Nothing was written.`);
  }
}

/** Issues in content/issues/ that an earlier import did not write: their numbers and weeks are taken. */
function existingIssues(root: string, foreign: (path: string) => boolean) {
  return readContent(root)
    .issues.filter((e) => foreign(e.file))
    .map((e) => e.data as { number?: unknown; date?: unknown })
    .filter((d) => typeof d.number === 'number')
    .map((d) => ({ number: d.number as number, date: new Date(`${String(d.date instanceof Date ? d.date.toISOString().slice(0, 10) : d.date)}T00:00:00Z`) }))
    .filter((d) => !Number.isNaN(d.date.getTime()));
}

export function wordpressMain(argv: string[], root: string, io: WordPressIo): number {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { uploads: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } });
  const [file, extra] = positionals;
  if (!file || extra !== undefined) throw new UsageError(`Usage: ${WORDPRESS_USAGE}`);
  const wxr = parseWxr(readExport(file), file);
  const uploads = values.uploads === undefined ? undefined : readUploads(values.uploads);
  const state = readRepoState(root);
  const foreign = (path: string) => state.exists(path) && isForeign(state.manifest, path);
  const now = io.now();
  const plan = planWordPress({
    wxr,
    today: now.toISOString().slice(0, 10),
    uploads: uploads?.has,
    foreign,
    existingIssues: existingIssues(root, foreign),
    previous: previousRun(state.manifest),
  });
  const dryRun = values['dry-run'];
  const written = applyPlan(root, plan, state, { dryRun, uploadsRoot: uploads?.root, source: file.replace(/^.*[/\\]/, ''), site: wxr.siteUrl, now });
  io.out(importReport({ file, wxr, plan, written, leftovers: leftovers(state, written), dryRun }));
  return 0;
}
