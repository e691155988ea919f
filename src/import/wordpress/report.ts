/**
 * The import's closing report: what was imported and skipped, each file's fate, and every
 * entry that needs a person as `file:line: message`, the way `npm run check` prints. Pure.
 */
import type { Written } from './apply.fs.ts';
import type { Decision } from './manifest.ts';
import type { Note, WordPressPlan } from './plan.ts';
import type { WxrExport } from './wxr.ts';

const LEFT_ALONE: Partial<Record<Decision, string>> = {
  edited: 'changed since the last import, so left as it is: delete it and run the import again to replace it',
  foreign: 'already exists and was not written by the import, so left as it is',
  removed: 'was deleted or renamed after the last import, so not written again: remove its line from imported/wordpress.json to bring it back',
};

const place = (n: Note) => (n.line === undefined ? n.path : `${n.path}:${n.line}`);

export function importReport(input: { file: string; wxr: WxrExport; plan: WordPressPlan; written: readonly Written[]; leftovers: readonly string[]; dryRun: boolean }): string {
  const { plan, written } = input;
  const by = (d: Decision) => written.filter((w) => w.decision === d).length;
  const pictures = written.filter((w) => w.path.startsWith('content/tips/images/')).length;
  const skipped = Object.entries(input.plan.counts.skipped).map(([what, n]) => `${n} ${what}`).join(', ') || 'nothing';
  const c = plan.counts;
  const lines = [
    `${input.dryRun ? 'Dry run of the import of' : 'Imported'} ${input.file} (WordPress export ${input.wxr.version} of "${input.wxr.title}", ${input.wxr.siteUrl || 'no site address'}):`,
    `  tips        ${c.tips}${c.drafts ? ` (${c.drafts} of the posts are drafts)` : ''}`,
    `  issues      ${c.issues} (curated digests, archived: true)`,
    `  authors     ${c.authors}`,
    `  pictures    ${pictures} copied${plan.notes.some((n) => n.message.startsWith('picture ')) ? ', some linked by their old address (listed below)' : ''}`,
    `  redirects   ${c.redirects} old addresses (imported/redirects.json, public/_redirects, imported/nginx-redirects.conf)`,
    `  skipped     ${skipped}`,
    `  files       ${by('create')} ${input.dryRun ? 'to write' : 'written'}, ${by('update')} ${input.dryRun ? 'to update' : 'updated'}, ${by('unchanged')} unchanged, ${by('edited') + by('foreign') + by('removed')} left alone`,
  ];
  const alone = written.filter((w) => LEFT_ALONE[w.decision]).map((w) => `  ${w.path}: ${LEFT_ALONE[w.decision]}`);
  const gone = input.leftovers.map((p) => `  ${p}: written by an earlier import but not in this export: left as it is`);
  if (alone.length + gone.length) lines.push('', 'Left alone:', ...alone, ...gone);
  const skippedFiles = new Set(written.filter((w) => LEFT_ALONE[w.decision]).map((w) => w.path));
  const notes = plan.notes.filter((n) => !skippedFiles.has(n.path)).sort((a, b) => a.path.localeCompare(b.path) || (a.line ?? 0) - (b.line ?? 0));
  if (notes.length) lines.push('', `Needs a person (${notes.length}):`, ...notes.map((n) => `  ${place(n)}: ${n.message}`));
  lines.push(
    '',
    input.dryRun
      ? 'Nothing was written. Run the same command without --dry-run to import.'
      : 'Next: npm run check, then npm run build. Running the import again updates what it wrote and leaves edited files alone; the whole move is in docs/moving-in.md.',
  );
  return `${lines.join('\n')}\n`;
}
