/** The publication report as JSON-ready data (dates as ISO strings, days for weeks). Pure. */
import { reportJson } from './issue-text.ts';
import { sendComplete } from './model.ts';
import type { PublicationReport } from './publication.ts';

export function publicationJson(report: PublicationReport) {
  return {
    at: report.at.toISOString(),
    database: report.database,
    subscribers: report.subscribers.map((w) => ({ ...w, week: w.week.toISOString().slice(0, 10) })),
    pausedNow: report.pausedNow ?? null,
    issues: report.issues.map((issue, i) => ({ ...reportJson(issue), ...(report.clicks && { clicks: report.clicks[i] ?? null }) })),
    clickCounting: report.clicks !== undefined,
    outbox: report.outbox,
    lastSend: report.lastSend ? { ...report.lastSend, complete: sendComplete(report.lastSend) } : null,
  };
}
