/**
 * The build's email step, run once the pages are written (src/integrations/email-artifacts.ts):
 * takes the rendered emails out of the site's folder (client/email/, written by the /email/
 * routes), finishes and checks each one (an unchanged email gets last build's result, the rest
 * run on a pool of threads), and only when every email passed writes both parts of each and
 * manifest.json into the build's email/ folder, which `npm run build` publishes as build/email/.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashContent } from '../../content/content-hash.fs.ts';
import { createWorkerPool, type WorkerPool } from '../../lib/worker-pool.ts';
import { completeEntry, MANIFEST_VERSION, parseManifest, type EmailEntryDraft, type EmailManifest, type NoticeEntryDraft } from '../contract/manifest.ts';
import { emailCodeFingerprint, emailKey, readEmailCache, writeEmailCache } from './cache.fs.ts';
import type { EmailResult, EmailTask } from './worker.ts';

/** What the /email/ routes wrote: every email's facts (entries.json) and each rendered document by file name. */
export interface RenderedEmails {
  entries: { site: string; publication: string; issues: EmailEntryDraft[]; notices: Record<string, NoticeEntryDraft> };
  documents: Map<string, string>;
}

/** Reads the rendered emails and removes them from the site's folder: they are never deployed. */
export function takeRenderedEmails(renderedDir: string): RenderedEmails {
  const entries = JSON.parse(readFileSync(join(renderedDir, 'entries.json'), 'utf8')) as RenderedEmails['entries'];
  const files = [...entries.issues, ...Object.values(entries.notices)].map((entry) => entry.html);
  const documents = new Map(files.map((file) => [file, readFileSync(join(renderedDir, file), 'utf8')]));
  rmSync(renderedDir, { recursive: true, force: true });
  return { entries, documents };
}

/** One or more emails failed their checks; `problems` names each one. */
export class EmailCheckError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`The email check found ${problems.length} problem(s):\n${problems.join('\n')}`);
    this.problems = problems;
  }
}

export interface EmailStepOptions {
  /** The project root: build/cache/ and the code the cache is fingerprinted by. */
  root: string;
  /** Where the finished emails and manifest.json go (the build's email/ folder). */
  outDir: string;
  /** Reuse what earlier builds finished and checked (false: TOTW_NO_CACHE=1). */
  cache: boolean;
  /** The build's time, recorded in the manifest. */
  now: Date;
}

export interface EmailStepSummary {
  manifest: EmailManifest;
  /** Emails whose finished parts and check results came from the last build. */
  reused: number;
}

/** Finishes every email, taking unchanged ones from the cache and the rest to the pool; keeps this build's results for the next. */
async function finishAll(tasks: Map<string, EmailTask>, { root, cache }: EmailStepOptions): Promise<{ results: Map<string, EmailResult>; reused: number }> {
  const fingerprint = emailCodeFingerprint(root);
  const previous = cache ? readEmailCache(root, fingerprint) : new Map<string, EmailResult>();
  let pool: WorkerPool<EmailTask, EmailResult> | undefined;
  let reused = 0;
  const keyed = [...tasks].map(([file, task]) => ({ file, task, key: emailKey(task) }));
  try {
    const done = await Promise.all(
      keyed.map(async ({ file, task, key }) => {
        const known = previous.get(key);
        if (known) {
          reused += 1;
          return [file, key, known] as const;
        }
        // The pool starts only when an email needs the work: a rebuild with unchanged emails loads nothing.
        pool ??= createWorkerPool<EmailTask, EmailResult>(new URL('./worker.ts', import.meta.url));
        const result = await pool.run(task).catch((error: Error) => Promise.reject(new Error(`Finishing ${file} failed: ${error.message}`)));
        return [file, key, result] as const;
      }),
    );
    writeEmailCache(root, fingerprint, new Map(done.map(([, key, result]) => [key, result])));
    return { results: new Map(done.map(([file, , result]) => [file, result])), reused };
  } finally {
    await (pool as WorkerPool<EmailTask, EmailResult> | undefined)?.close();
  }
}

/** Finishes and checks the rendered emails; writes them and the manifest only when every one passed. */
export async function buildEmails(rendered: RenderedEmails, options: EmailStepOptions): Promise<EmailStepSummary> {
  const { entries, documents } = rendered;
  const task = (entry: EmailEntryDraft | NoticeEntryDraft, pickUrls: string[]): [string, EmailTask] => [entry.html, { document: documents.get(entry.html)!, siteUrl: entries.site, pickUrls }];
  const tasks = new Map([...entries.issues.map((entry) => task(entry, entry.pickUrls)), ...Object.values(entries.notices).map((entry) => task(entry, []))]);
  const { results, reused } = await finishAll(tasks, options);
  const finished = (file: string) => results.get(file)!;
  const manifest = parseManifest(
    {
      ...entries,
      issues: entries.issues.map((entry) => completeEntry(entry, finished(entry.html).html)),
      notices: Object.fromEntries(Object.entries(entries.notices).map(([kind, entry]) => [kind, completeEntry(entry, finished(entry.html).html)])),
      version: MANIFEST_VERSION,
      builtAt: options.now.toISOString(),
      contentHash: hashContent(join(options.root, 'content')),
    },
    'the manifest written by this build',
  );
  const named = [
    ...manifest.issues.map((entry) => ({ entry, what: `${entry.source} (email of issue #${entry.number})` })),
    ...Object.entries(manifest.notices).map(([kind, entry]) => ({ entry, what: `the ${kind} email` })),
  ];
  const problems = named.flatMap(({ entry, what }) => finished(entry.html).problems.map((problem) => `  - ${what}: ${problem}`));
  if (problems.length) throw new EmailCheckError(problems);
  mkdirSync(options.outDir, { recursive: true });
  for (const { entry } of named) {
    writeFileSync(join(options.outDir, entry.html), finished(entry.html).html);
    writeFileSync(join(options.outDir, entry.text), finished(entry.html).text);
  }
  writeFileSync(join(options.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, reused };
}
