/**
 * `npm run report`: one issue's send as a table or JSON (`--issue <n|latest>`), or the whole publication as a
 * page with charts (`--html <file>`) or JSON (`--json`). Reads only.
 */
import { CliError } from '../cli/errors.ts';
import { parseEnv, type Env } from '../config/env.ts';
import { site } from '../config/site.ts';
import type { Database } from '../db/database.ts';
import { openDatabaseForReading } from '../db/open.ts';
import { parseReportArgs, USAGE } from './args.ts';
import { latestSentIssue, readIssueReport, readSendState } from './issue.db.ts';
import { reportJson, reportTable } from './issue-text.ts';
import { renderPage } from './page.ts';
import { writePageFile } from './page-file.fs.ts';
import { publicationJson } from './publication-json.ts';
import { readPublicationReport } from './publication.db.ts';
import { databaseSources } from './sources.db.ts';
import type { ReportSources } from './sources.ts';

export { USAGE };

export interface Io {
  out: (text: string) => void;
  /** The clock the page is dated by. */
  now?: () => Date;
}

/** The optional sources for a database; tests pass their own. */
export type SourcesFor = (db: Database, env: Env) => ReportSources;
const realSources: SourcesFor = (db, env) => databaseSources(db, { clickCounts: env.CLICK_COUNTS === '1' });

export async function main(argv: string[], envVars: Record<string, string | undefined>, io: Io, sourcesFor: SourcesFor = realSources): Promise<number> {
  const args = parseReportArgs(argv);
  if (args.kind === 'help') {
    io.out(USAGE);
    return 0;
  }
  const env = parseEnv(envVars);
  const db = await openDatabaseForReading(env.DATABASE_URL, { poolSize: env.DATABASE_POOL_SIZE });
  const sendHint = args.kind === 'issue' && args.issue !== 'latest' ? `npm run send -- --issue ${args.issue}` : 'npm run send -- --issue latest';
  if (!db) throw new CliError(`There is no database at ${env.DATABASE_URL} yet, so nothing was sent: run \`${sendHint}\` first.`);
  try {
    const now = io.now?.() ?? new Date();
    if (args.kind === 'issue') io.out(`${await issueText(db, args.issue, args.json)}\n`);
    else {
      const report = await readPublicationReport(db, sourcesFor(db, env), now);
      if (args.kind === 'publication-json') io.out(`${JSON.stringify(publicationJson(report), null, 2)}\n`);
      else {
        await writePageFile(args.file, renderPage(report, { title: site.title }));
        io.out(`Wrote ${args.file}: ${report.subscribers.length} week(s) of subscribers, ${report.issues.length} issue(s). It needs no network: open it in any browser.\n`);
      }
    }
    return 0;
  } finally {
    await db.close();
  }
}

async function issueText(db: Database, wanted: number | 'latest', json: boolean): Promise<string> {
  const issue = wanted === 'latest' ? await latestSentIssue(db) : wanted;
  if (issue === undefined) throw new CliError(`No issue has been sent from ${db.describe()} yet, so there is no latest send to report. Send one with \`npm run send -- --issue latest\`.`);
  const report = await readIssueReport(db, issue);
  if (!report) throw new CliError(`Issue #${issue} has not been sent from ${db.describe()}: nothing to report. Send it with \`npm run send -- --issue ${issue}\`.`);
  const state = await readSendState(db, issue);
  return json ? JSON.stringify(reportJson(report, state), null, 2) : reportTable(report, state);
}
