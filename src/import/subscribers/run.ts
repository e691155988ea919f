/**
 * Moving a subscriber list in: read the export, plan, write through the subscriber store in
 * one transaction, and say what happened row by row. The store and the files are passed in.
 */
import { CliError } from '../../cli/errors.ts';
import type { ImportOutcome, SubscriberStore } from '../../subscribers/store.ts';
import { readButtondown } from './buttondown.ts';
import type { ListFile, ListProblem, ListSource, SourceContext, SourceResult } from './entries.ts';
import { readGenericCsv } from './generic.ts';
import { readMailchimp } from './mailchimp.ts';
import { planListImport, type ListPlan } from './plan.ts';
import { readSubstack } from './substack.ts';

const READERS: Record<ListSource, (files: readonly ListFile[], context: SourceContext) => SourceResult> = {
  mailchimp: readMailchimp,
  substack: readSubstack,
  buttondown: readButtondown,
  csv: readGenericCsv,
};

const NAMES: Record<ListSource, string> = { mailchimp: 'Mailchimp export', substack: 'Substack export', buttondown: 'Buttondown export', csv: 'List' };

export interface ListImportIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const n = (count: number) => count.toLocaleString('en-US');
const place = (p: ListProblem) => (p.line === undefined ? `${p.file}: ${p.message}` : `${p.file}:${p.line}: ${p.message}`);

/** Reads and plans; nothing is written. */
export function planFromFiles(source: ListSource, files: readonly ListFile[], context: SourceContext): ListPlan {
  const result = READERS[source](files, context);
  const notes = files.filter((f) => f.encodingNote).map((f) => ({ file: f.name, message: f.encodingNote! }));
  return planListImport({ entries: result.entries, problems: [...notes, ...result.problems] });
}

function summary(source: ListSource, plan: ListPlan, outcome: ImportOutcome | undefined): string {
  const lines = [
    `${NAMES[source]}: ${n(plan.subscribers.length)} subscriber(s) and ${n(plan.suppressions.length)} address(es) to suppress found.`,
  ];
  if (outcome) {
    lines.push(
      `  Added ${n(outcome.added)} confirmed subscriber(s); ${n(outcome.alreadyPresent)} already on the list (left as they were); ${n(outcome.suppressed)} suppressed here already (not added).`,
      `  Suppressed ${n(outcome.suppressionsAdded)} new address(es) (never mailed${outcome.unsubscribed ? `; ${n(outcome.unsubscribed)} subscriber(s) already here unsubscribed` : ''}).`,
    );
  } else {
    lines.push('  Dry run: nothing was written.');
  }
  if (plan.leftOut.length) lines.push(`  ${n(plan.leftOut.length)} row(s) left out on purpose (listed above).`);
  if (plan.problems.length) {
    lines.push(`  ${n(plan.problems.length)} problem(s) (listed above): fix those rows and run the same command again; what is imported now stays as it is.`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Imports a list. Exit code 0 when something was imported, bad rows or not (they are listed
 * by file and line); 1 only when no row held anything to import.
 */
export async function importList(
  { source, files, context, dryRun }: { source: ListSource; files: readonly ListFile[]; context: SourceContext; dryRun: boolean },
  store: Pick<SubscriberStore, 'importRows'> | undefined,
  io: ListImportIo,
): Promise<number> {
  const plan = planFromFiles(source, files, context);
  for (const problem of plan.problems) io.err(`${place(problem)}\n`);
  if (plan.leftOut.length) io.out(`Left out on purpose:\n${plan.leftOut.map((p) => `  ${place(p)}\n`).join('')}`);
  if (plan.subscribers.length === 0 && plan.suppressions.length === 0) {
    throw new CliError(
      `Nothing to import: no row of ${files.map((f) => f.name).join(', ')} holds an address to add or to suppress${plan.problems.length ? ' (the problems are listed above)' : ''}. Check that this is the ${NAMES[source].toLowerCase()} you meant; nothing was written.`,
    );
  }
  const outcome = dryRun || !store ? undefined : await store.importRows(plan, context.now).catch((error: unknown) => {
    if (error instanceof CliError) throw error;
    throw new CliError(`The import stopped on a database error (${(error as Error).message}). Nothing was imported: the whole list is one transaction. Run the same command again once the database is working.`);
  });
  io.out(summary(source, plan, outcome));
  return 0;
}
