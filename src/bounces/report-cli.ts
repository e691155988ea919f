/**
 * `npm run report -- --issue <n> [--json]`: what became of one issue's send (sent, failed, hard and soft
 * bounces, complaints, unsubscribes) and its complaint rate against Gmail's 0.3% line. Reads only.
 */
import { parseArgs } from 'node:util';
import { CliError, UsageError } from '../cli/errors.ts';
import { parseEnv } from '../config/env.ts';
import { openDatabaseForReading } from '../db/open.ts';
import { readIssueReport } from './feedback.db.ts';
import { reportJson, reportTable } from './report.ts';

export interface Io {
  out: (text: string) => void;
}

export const USAGE = `Usage: npm run report -- --issue <number> [--json]

  --issue <number>   the issue whose send to report on
  --json             the same numbers as JSON (complaintRate as a fraction)

The database is DATABASE_URL (default file:data/tips.db); nothing is changed.
`;

export async function main(argv: string[], envVars: Record<string, string | undefined>, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { issue: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const issue = Number(values.issue);
  if (values.issue === undefined || positionals.length > 0 || !Number.isInteger(issue) || issue <= 0) {
    throw new UsageError(`--issue needs an issue number, e.g. npm run report -- --issue 7\n\n${USAGE.trimEnd()}`);
  }
  const env = parseEnv(envVars);
  const db = await openDatabaseForReading(env.DATABASE_URL, { poolSize: env.DATABASE_POOL_SIZE });
  if (!db) throw new CliError(`There is no database at ${env.DATABASE_URL} yet, so nothing was sent: run \`npm run send -- --issue ${issue}\` first.`);
  try {
    const report = await readIssueReport(db, issue);
    if (!report) throw new CliError(`Issue #${issue} has not been sent from ${db.describe()}: nothing to report. Send it with \`npm run send -- --issue ${issue}\`.`);
    io.out(`${values.json ? JSON.stringify(reportJson(report), null, 2) : reportTable(report)}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
