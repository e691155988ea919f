/**
 * What the send command's end-to-end tests share (send.smtp.test.ts over a real SMTP server,
 * send.ses.test.ts over the SES emulator): the run's shared fixture build (a copy per file), and per test a
 * temporary directory with a SQLite database, the subscriber store and the ledger; `seed`
 * adds confirmed subscribers, `send` runs the real command's main() and collects what it
 * prints, and `startSend` starts the command as a process of its own (to be killed mid-run).
 * Registers its own vitest hooks: call it once at the top of a test file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { main } from '../sending/cli.ts';
import { createLedger } from '../sending/ledger.db.ts';
import type { Ledger } from '../sending/ledger.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import type { SubscriberStore } from '../subscribers/store.ts';
import type { SiteBuild } from './build-site.fs.ts';
import { startScript, stopScripts, type ScriptRun } from './run-script.fs.ts';
import { sharedBuild } from './shared-build.fs.ts';
import { TEST_SECRET, TEST_SUPPRESSION_KEY } from './secrets.ts';

export interface SendResult {
  code: number;
  out: string;
  err: string;
}

export interface SendHarness {
  readonly build: SiteBuild;
  readonly dir: string;
  /** The environment every `send` gets: DATABASE_URL, the secrets, OUTBOX_DIR, and the file's own. */
  readonly env: Record<string, string>;
  readonly db: Database;
  readonly store: SubscriberStore;
  readonly ledger: Ledger;
  /** Adds `count` confirmed subscribers, <prefix>000@example.com…; every other one has a first name. Returns their addresses. */
  seed: (count: number, prefix?: string) => Promise<string[]>;
  /** Runs `npm run send -- <argv>` in this process (not on a terminal, answering no to questions). */
  send: (argv: string[], extraEnv?: Record<string, string>, signal?: AbortSignal) => Promise<SendResult>;
  /**
   * Starts the send command (scripts/send.ts) as a process of its own, with the same environment but not
   * `npm run send`'s heap limits; one still running after the test is killed.
   */
  startSend: (argv: string[], extraEnv?: Record<string, string>) => ScriptRun;
}

export function sendHarness(name: string, fileEnv: Record<string, string> = {}): SendHarness {
  let build: SiteBuild | undefined;
  let current: { dir: string; env: Record<string, string>; db: Database; store: SubscriberStore; ledger: Ledger } | undefined;
  const now = () => {
    if (!current) throw new Error('sendHarness: use it inside a test');
    return current;
  };

  beforeAll(async () => {
    build = await sharedBuild('fixture');
    if (build.exitCode !== 0) throw new Error(`fixture build failed:\n${build.output}`);
  });
  afterAll(() => build?.cleanup());
  beforeEach(async () => {
    const dir = mkdtempSync(join(tmpdir(), `totw-${name}-`));
    const env = { DATABASE_URL: `file:${join(dir, 'tips.db')}`, SUBSCRIPTION_SECRET: TEST_SECRET, SUPPRESSION_KEY: TEST_SUPPRESSION_KEY, OUTBOX_DIR: join(dir, 'outbox'), ...fileEnv };
    const db = await openDatabase(env.DATABASE_URL);
    current = { dir, env, db, store: createSubscriberStore(db, { suppressionKey: env.SUPPRESSION_KEY }), ledger: createLedger(db) };
  });
  const started: ScriptRun[] = [];
  afterEach(async () => {
    await stopScripts(started);
    await current?.db.close();
    if (current) rmSync(current.dir, { recursive: true, force: true });
    current = undefined;
  });

  return {
    get build() {
      if (!build) throw new Error('sendHarness: the fixture build is not ready');
      return build;
    },
    get dir() {
      return now().dir;
    },
    get env() {
      return now().env;
    },
    get db() {
      return now().db;
    },
    get store() {
      return now().store;
    },
    get ledger() {
      return now().ledger;
    },
    seed: async (count, prefix = 'reader') => {
      const rows = Array.from({ length: count }, (_, i) => ({ email: `${prefix}${String(i).padStart(3, '0')}@example.com`, firstName: i % 2 ? `Name${i}` : undefined }));
      await now().store.importConfirmed(rows, 'test seed', new Date());
      return rows.map((r) => r.email);
    },
    send: async (argv, extraEnv = {}, signal = new AbortController().signal) => {
      let out = '';
      let err = '';
      const code = await main(argv, { ...now().env, ...extraEnv }, build!.root, {
        out: (t) => void (out += t),
        err: (t) => void (err += t),
        isTTY: false,
        confirm: async () => false,
        signal,
        now: () => new Date(),
      });
      return { code, out, err };
    },
    startSend: (argv, extraEnv = {}) => {
      const run = startScript(join(build!.root, 'scripts/send.ts'), argv, { cwd: build!.root, env: { ...now().env, ...extraEnv } });
      started.push(run);
      return run;
    },
  };
}
