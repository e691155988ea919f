/** The report command's options, parsed and checked. Pure. */
import { parseArgs } from 'node:util';
import { UsageError } from '../cli/errors.ts';

export const USAGE = `Usage: npm run report -- --issue <number|latest> [--json]
       npm run report -- --html <file>
       npm run report -- --json

  --issue <number|latest>  one issue's send: sent, bounces, complaints, unsubscribes, the
                           complaint rate, and whether the send is complete ("latest": the
                           issue whose send started last)
  --html <file>            write the whole publication as one page with charts (subscribers
                           week by week, every issue's numbers, the outbox, the last send);
                           no scripts and nothing fetched, so it opens anywhere
  --json                   the same numbers as JSON for scripts (with --issue: that issue;
                           alone: the data behind the page)

The database is DATABASE_URL (default file:data/tips.db); nothing is changed.
`;

export type ReportArgs =
  | { kind: 'help' }
  | { kind: 'issue'; issue: number | 'latest'; json: boolean }
  | { kind: 'html'; file: string }
  | { kind: 'publication-json' };

export function parseReportArgs(argv: string[]): ReportArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { issue: { type: 'string' }, json: { type: 'boolean', default: false }, html: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}": name the issue with --issue, e.g. npm run report -- --issue 7\n\n${USAGE.trimEnd()}`);
  if (values.html !== undefined) {
    if (values.issue !== undefined || values.json) throw new UsageError(`--html draws every issue on one page: leave out --issue and --json, e.g. npm run report -- --html report.html\n\n${USAGE.trimEnd()}`);
    if (values.html.trim() === '') throw new UsageError('--html needs a file name, e.g. npm run report -- --html report.html');
    return { kind: 'html', file: values.html };
  }
  if (values.issue === undefined) {
    if (values.json) return { kind: 'publication-json' };
    throw new UsageError(`Say what to report: --issue <number|latest>, --html <file> or --json.\n\n${USAGE.trimEnd()}`);
  }
  if (values.issue === 'latest') return { kind: 'issue', issue: 'latest', json: values.json };
  const issue = Number(values.issue);
  if (!/^\d+$/.test(values.issue) || !Number.isSafeInteger(issue) || issue <= 0) {
    throw new UsageError(`--issue needs an issue number or "latest", e.g. npm run report -- --issue 7 (got "${values.issue}")\n\n${USAGE.trimEnd()}`);
  }
  return { kind: 'issue', issue, json: values.json };
}
