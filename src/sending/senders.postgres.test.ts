/**
 * Several senders on one send, as child processes of scripts/send.ts against one real
 * PostgreSQL (the test run's throwaway cluster, or one of their own when the test stops the
 * server) and one real SMTP sink. Slow: one astro build, thousands of messages.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/open.ts';
import { IN_FLIGHT_PER_CONNECTION } from './send-args.ts';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import type { SiteBuild } from '../testing/build-site.fs.ts';
import { sharedBuild } from '../testing/shared-build.fs.ts';
import { freshDatabase, type TestDatabase } from '../testing/databases.fs.ts';
import { startPostgresCluster } from '../testing/postgres.fs.ts';
import { startScript, stopScripts, type ScriptRun } from '../testing/run-script.fs.ts';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink.fs.ts';
import { TEST_SECRET as SECRET, TEST_SUPPRESSION_KEY } from '../testing/secrets.ts';

/** Messages one sender started with --connections 2 has in flight at most. */
const IN_FLIGHT_WINDOW = 2 * IN_FLIGHT_PER_CONNECTION;
const hasPostgres = Boolean(process.env['TOTW_TEST_POSTGRES_URL']);

describe.skipIf(!hasPostgres)('several senders on PostgreSQL', () => {
  let build: SiteBuild;
  let t: TestDatabase | undefined;
  let sink: SmtpSink | undefined;
  const running: ScriptRun[] = [];

  beforeAll(async () => {
    build = await sharedBuild('fixture');
    if (build.exitCode !== 0) throw new Error(`fixture build failed:\n${build.output}`);
  });
  afterAll(() => build?.cleanup());
  afterEach(async () => {
    await stopScripts(running);
    await sink?.close();
    await t?.cleanup();
    sink = undefined;
    t = undefined;
  });

  const startSender = (databaseUrl: string, smtpUrl: string, extra: string[] = []): ScriptRun => {
    const run = startScript(join(build.root, 'scripts/send.ts'), ['--issue', '1', '--yes', '--connections', '2', ...extra], {
      cwd: build.root,
      env: { DATABASE_URL: databaseUrl, SMTP_URL: smtpUrl, SUBSCRIPTION_SECRET: SECRET },
    });
    running.push(run);
    return run;
  };

  /** Waits (polling) until `condition` holds; `what` names it when it does not within `ms`. */
  const waitUntil = (condition: () => boolean | Promise<boolean>, ms: number, what: string) =>
    vi.waitFor(async () => expect(await condition(), what).toBe(true), { timeout: ms, interval: 20 });

  const seed = async (db: TestDatabase['db'], count: number) => {
    const rows = Array.from({ length: count }, (_, i) => ({ email: `reader${String(i).padStart(5, '0')}@example.com`, firstName: undefined }));
    await createSubscriberStore(db, { suppressionKey: TEST_SUPPRESSION_KEY }).importConfirmed(rows, 'test seed', new Date());
    return rows.map((r) => r.email);
  };

  it('three senders share 3,000 messages; one is killed mid-run and the survivors finish, nobody mailed twice', async ({ annotate }) => {
    t = await freshDatabase('postgres');
    const emails = await seed(t.db, 3000);
    sink = await startSmtpSink({ countOnly: true, delayMs: 5 });
    const smtp = sink;
    const senders = [0, 1, 2].map(() => startSender(t!.url, smtp.url));
    const [victim, ...survivors] = senders as [ScriptRun, ScriptRun, ScriptRun];
    // Kill one only once every sender has work in hand, so it dies holding claims and in-flight rows.
    await waitUntil(async () => Number((await t!.db.get<{ n: number }>(`SELECT COUNT(DISTINCT claimed_by) AS n FROM deliveries WHERE status = 'sent'`))?.n) === 3, 60_000, 'all three senders sending');
    await waitUntil(() => smtp.received() >= 600, 60_000, '600 messages received');
    victim.child.kill('SIGKILL');
    // The slow replies only had to keep the victim's window full when it died; the survivors may go at full speed.
    smtp.setDelay(0);
    const results = await Promise.all(survivors.map((s) => s.done));
    expect((await victim.done).signal).toBe('SIGKILL');

    for (const r of results) {
      expect(r.code, r.output).toBe(0);
      expect(r.output).toMatch(/Issue #1: \d+ sent, 0 failed, 0 bounced, 0 skipped \(unsubscribed meanwhile\) by this sender/);
      expect(r.output).toContain('Done: every confirmed subscriber has been handled.');
    }
    const counts = Object.fromEntries((await t.db.all<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status')).map((r) => [r.status, Number(r.n)]));
    const uncertain = (await t.db.all<{ email: string }>(`SELECT email FROM deliveries WHERE status = 'uncertain'`)).map((r) => r.email);
    expect(uncertain.length).toBeGreaterThan(0);
    // No more uncertain than the killed sender had in flight: 2 connections, 4 messages each.
    expect(uncertain.length).toBeLessThanOrEqual(IN_FLIGHT_WINDOW);
    await annotate(`${uncertain.length} uncertain after the kill (in-flight window ${IN_FLIGHT_WINDOW})`);
    expect(counts).toEqual({ sent: 3000 - uncertain.length, uncertain: uncertain.length });
    // The survivors report the dead sender's in-flight messages, once between them.
    const reported = results.map((r) => Number(/(\d+) message\(s\) were in flight when a sender stopped/.exec(r.output)?.[1] ?? 0));
    expect(reported.reduce((a, b) => a + b, 0)).toBe(uncertain.length);
    expect(results.some((r) => r.output.includes('Whole send so far (every sender and run): ' + `${3000 - uncertain.length} sent, 0 failed, 0 bounced, 0 skipped, ${uncertain.length} uncertain, 0 still pending.`))).toBe(true);

    const got = smtp.perRecipient();
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    const uncertainSet = new Set(uncertain);
    expect(emails.filter((e) => !got.has(e)).every((e) => uncertainSet.has(e))).toBe(true);
    expect(emails.filter((e) => !uncertainSet.has(e)).every((e) => got.get(e) === 1)).toBe(true);
    // Each survivor sent a share, and the sends row is complete.
    const perSender = await t.db.all<{ claimed_by: string; n: number }>(`SELECT claimed_by, COUNT(*) AS n FROM deliveries WHERE status = 'sent' GROUP BY claimed_by`);
    expect(perSender).toHaveLength(3);
    expect((await t.db.get<{ status: string }>('SELECT status FROM sends WHERE issue = 1'))?.status).toBe('complete');
  }, 240_000);

  it('Ctrl-C on one sender hands its claims to the others, which finish the send', async () => {
    t = await freshDatabase('postgres');
    const emails = await seed(t.db, 400);
    sink = await startSmtpSink({ countOnly: true, delayMs: 15 });
    const smtp = sink;
    const [first, second] = [startSender(t.url, smtp.url), startSender(t.url, smtp.url)] as [ScriptRun, ScriptRun];
    await waitUntil(async () => Number((await t!.db.get<{ n: number }>(`SELECT COUNT(DISTINCT claimed_by) AS n FROM deliveries WHERE status = 'sent'`))?.n) === 2, 60_000, 'both senders sending');
    first.child.kill('SIGINT');
    smtp.setDelay(0);
    const [stopped, finished] = await Promise.all([first.done, second.done]);
    expect(stopped.code, stopped.output).toBe(3);
    expect(stopped.output).toContain('Stopped on request (Ctrl-C or SIGTERM).');
    expect(finished.code, finished.output).toBe(0);
    expect(finished.output).toContain('Whole send so far (every sender and run): 400 sent, 0 failed, 0 bounced, 0 skipped, 0 uncertain, 0 still pending.');
    const got = smtp.perRecipient();
    expect(emails.every((e) => got.get(e) === 1)).toBe(true);
  }, 120_000);

  it('stops with a clear message when PostgreSQL goes away mid-send, and resumes later without loss', async () => {
    const cluster = await startPostgresCluster();
    try {
      const url = cluster.url.replace(/\/postgres$/, '/tips');
      const admin = await import('pg');
      const client = new admin.default.Client({ connectionString: cluster.url });
      await client.connect();
      await client.query('CREATE DATABASE tips');
      await client.end();
      const db = await openDatabase(url);
      const emails = await seed(db, 300);
      await db.close();
      sink = await startSmtpSink({ countOnly: true, delayMs: 20 });
      const smtp = sink;
      const sender = startSender(url, smtp.url);
      await waitUntil(() => smtp.received() >= 40, 60_000, '40 messages received');
      cluster.stopNow();
      const stopped = await sender.done;
      expect(stopped.code, stopped.output).toBe(1);
      expect(stopped.output).toContain(`Cannot use the PostgreSQL database postgres://postgres@127.0.0.1:${cluster.port}/tips`);
      expect(stopped.output).toContain('Run the same command again to resume: npm run send -- --issue 1 --yes --connections 2');
      expect(stopped.output).not.toMatch(/\n\s+at /);
      const before = smtp.received();

      cluster.start();
      smtp.setDelay(0);
      const resumed = await startSender(url, smtp.url).done;
      expect(resumed.code, resumed.output).toBe(0);
      const check = await openDatabase(url);
      const uncertain = (await check.all<{ email: string }>(`SELECT email FROM deliveries WHERE status = 'uncertain'`)).map((r) => r.email);
      const sent = Number((await check.get<{ n: number }>(`SELECT COUNT(*) AS n FROM deliveries WHERE status = 'sent'`))?.n);
      await check.close();
      expect(sent + uncertain.length).toBe(300);
      const got = smtp.perRecipient();
      expect(got.size).toBeGreaterThan(before - 1);
      expect([...got.values()].every((n) => n === 1)).toBe(true);
      expect(emails.filter((e) => !got.has(e)).every((e) => uncertain.includes(e))).toBe(true);
    } finally {
      cluster.destroy();
    }
  }, 180_000);

  it('a wrong password or an unreachable host: one clear line, exit 1, no stack trace', async () => {
    const server = new URL(process.env['TOTW_TEST_POSTGRES_URL']!);
    const wrong = new URL(server.href);
    wrong.password = 'not-the-password';
    const bad = await startSender(wrong.href, 'smtp://127.0.0.1:1').done;
    expect(bad.code).toBe(1);
    expect(bad.output).toBe(`Cannot use the PostgreSQL database postgres://postgres@127.0.0.1:${server.port}/postgres: the server refused the user name or password. Check DATABASE_URL and the server, then run the command again.\n`);

    const unreachable = await startSender('postgres://tips:secret@db.invalid:5432/tips', 'smtp://127.0.0.1:1').done;
    expect(unreachable.code).toBe(1);
    expect(unreachable.output).toBe('Cannot use the PostgreSQL database postgres://tips@db.invalid:5432/tips: the host name does not resolve. Check DATABASE_URL and the server, then run the command again.\n');
  }, 60_000);
});
