/**
 * The build's email step, run once the pages are written (src/integrations/email-artifacts.ts):
 * takes the rendered emails out of the site's folder (client/email/, written by the /email/
 * routes), finishes and checks each one (an unchanged email gets last build's result, the rest
 * run on a pool of threads, most of them already while the pages rendered: announce.ts), and
 * only when every email passed writes both parts of each and
 * manifest.json into the build's email/ folder, which `npm run build` publishes as build/email/.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { hashContent } from '../../content/content-hash.fs.ts';
import { createWorkerPool, type WorkerPool } from '../../lib/worker-pool.ts';
import { completeEntry, MANIFEST_VERSION, parseManifest, type EmailEntryDraft, type EmailManifest, type NoticeEntryDraft } from '../contract/manifest.ts';
import { listenForRenderedEmails } from './announce.ts';
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

/** Threads for the emails: the cores the rendering thread leaves (at least one, at most four). */
const SPARE_CORES = Math.max(1, Math.min(4, availableParallelism() - 1));

/**
 * Finished and checked emails by key, for one build: last build's result when there is one,
 * otherwise the pool's. Created when the build starts, so that emails announced while the pages
 * render (announce.ts) are finished meanwhile; the step then asks for every email it wrote.
 */
export class EmailWork {
  readonly #root: string;
  readonly #fingerprint: string;
  readonly #previous: Map<string, EmailResult>;
  readonly #results = new Map<string, Promise<EmailResult>>();
  #pool: WorkerPool<EmailTask, EmailResult> | undefined;
  #stopListening: (() => void) | undefined;

  constructor({ root, cache }: Pick<EmailStepOptions, 'root' | 'cache'>) {
    this.#root = root;
    this.#fingerprint = emailCodeFingerprint(root);
    this.#previous = cache ? readEmailCache(root, this.#fingerprint) : new Map();
  }

  /** Starts finishing the emails the routes announce as they render them. */
  listen(): void {
    this.#stopListening = listenForRenderedEmails((task) => {
      // A failure is reported when the step asks for this email.
      this.result(task).catch(() => {});
    });
  }

  /** Whether this email is finished or on its way (announced, or asked for). */
  started(task: EmailTask): boolean {
    return this.#results.has(emailKey(task));
  }

  /** Whether the last build's result served this email. */
  reused(task: EmailTask): boolean {
    return this.#previous.has(emailKey(task));
  }

  result(task: EmailTask): Promise<EmailResult> {
    const key = emailKey(task);
    let result = this.#results.get(key);
    if (!result) {
      const known = this.#previous.get(key);
      // The pool starts only when an email needs the work: a rebuild with unchanged emails loads nothing.
      result = known ? Promise.resolve(known) : (this.#pool ??= createWorkerPool<EmailTask, EmailResult>(new URL('./worker.ts', import.meta.url), SPARE_CORES)).run(task);
      this.#results.set(key, result);
    }
    return result;
  }

  /** Keeps the results of `tasks` (this build's emails, all finished) for the next build. */
  async keep(tasks: Iterable<EmailTask>): Promise<void> {
    const kept = await Promise.all([...tasks].map(async (task) => [emailKey(task), await this.result(task)] as const));
    writeEmailCache(this.#root, this.#fingerprint, new Map(kept));
  }

  /** Stops listening and stops the pool's threads. */
  async close(): Promise<void> {
    this.#stopListening?.();
    this.#stopListening = undefined;
    const pool = this.#pool;
    this.#pool = undefined;
    await pool?.close();
  }
}

/** Finishes every email; each failure names its email. */
async function finishAll(tasks: Map<string, EmailTask>, work: EmailWork): Promise<{ results: Map<string, EmailResult>; reused: number }> {
  const done = await Promise.all(
    [...tasks].map(([file, task]) =>
      work.result(task).then(
        (result) => [file, result] as const,
        (error: Error) => Promise.reject(new Error(`Finishing ${file} failed: ${error.message}`)),
      ),
    ),
  );
  await work.keep(tasks.values());
  return { results: new Map(done), reused: [...tasks.values()].filter((task) => work.reused(task)).length };
}

/** Finishes and checks the rendered emails; writes them and the manifest only when every one passed. */
export async function buildEmails(rendered: RenderedEmails, options: EmailStepOptions, work = new EmailWork(options)): Promise<EmailStepSummary> {
  const { entries, documents } = rendered;
  const task = (entry: EmailEntryDraft | NoticeEntryDraft, pickUrls: string[]): [string, EmailTask] => [entry.html, { document: documents.get(entry.html)!, siteUrl: entries.site, pickUrls }];
  const tasks = new Map([...entries.issues.map((entry) => task(entry, entry.pickUrls)), ...Object.values(entries.notices).map((entry) => task(entry, []))]);
  const { results, reused } = await finishAll(tasks, work).finally(() => work.close());
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
    ...manifest.issues.map((entry) => ({ entry, what: `${entry.source} (email of issue #${entry.number})`, email: `the email of issue #${entry.number}` })),
    ...Object.entries(manifest.notices).map(([kind, entry]) => ({ entry, what: `the ${kind} email`, email: `the ${kind} email` })),
  ];
  // A problem in a tip's body or a note names that file: it is where the editor fixes it.
  const problems = named.flatMap(({ entry, what, email }) =>
    finished(entry.html).problems.map(({ file, message }) => (file ? `  - ${file} (in ${email}): ${message}` : `  - ${what}: ${message}`)),
  );
  if (problems.length) throw new EmailCheckError(problems);
  mkdirSync(options.outDir, { recursive: true });
  for (const { entry } of named) {
    writeFileSync(join(options.outDir, entry.html), finished(entry.html).html);
    writeFileSync(join(options.outDir, entry.text), finished(entry.html).text);
  }
  writeFileSync(join(options.outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, reused };
}
