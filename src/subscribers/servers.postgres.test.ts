/**
 * Two server processes (`npm run serve`) on one PostgreSQL database, as behind a load
 * balancer: signups, a confirmation link clicked on both at once, unsubscribes. Slow: one
 * astro build and two servers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../testing/app-server.fs.ts';
import type { SiteBuild } from '../testing/build-site.fs.ts';
import { sharedBuild } from '../testing/shared-build.fs.ts';
import { freshDatabase, type TestDatabase } from '../testing/databases.fs.ts';
import { startSmtpSink, type SmtpSink } from '../testing/smtp-sink.fs.ts';
import { createSubscriberStore } from './store.db.ts';
import { TEST_SECRET as SECRET, TEST_SUPPRESSION_KEY } from '../testing/secrets.ts';


describe.skipIf(!process.env['TOTW_TEST_POSTGRES_URL'])('two servers on one PostgreSQL', () => {
  let build: SiteBuild;
  let smtp: SmtpSink;
  let t: TestDatabase;
  let servers: AppServer[] = [];

  beforeAll(async () => {
    build = await sharedBuild('fixture');
    if (build.exitCode !== 0) throw new Error(`fixture build failed:\n${build.output}`);
    smtp = await startSmtpSink();
    t = await freshDatabase('postgres');
    const env = { DATABASE_URL: t.url, DATABASE_POOL_SIZE: '4', SUBSCRIPTION_SECRET: SECRET, SMTP_URL: smtp.url, SUBSCRIBE_RATE_LIMIT: '0' };
    servers = await Promise.all([startAppServer(build.root, env), startAppServer(build.root, env)]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await smtp?.close();
    await t?.cleanup();
    build?.cleanup();
  });

  const post = (server: AppServer, path: string, body: Record<string, string>) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
      body: new URLSearchParams(body).toString(),
      redirect: 'manual',
    });

  it('racing the same confirmation link on both servers confirms once and sends one welcome email', async () => {
    const [a, b] = servers as [AppServer, AppServer];
    expect((await post(a, '/subscribe/', { email: 'race@example.com', form: 'test', website: '' })).status).toBe(200);
    await smtp.waitFor((m) => m.some((x) => x.to.includes('race@example.com')));
    const text = smtp.messages.find((m) => m.to.includes('race@example.com'))!.mail.text ?? '';
    const token = /\/confirm\/\?token=([\w.-]+)/.exec(text)![1]!;
    // The page's button: a POST with the link's token (a GET only shows the button).
    const press = (server: AppServer) =>
      fetch(`${server.url}/confirm/?token=${token}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ token }).toString() }).then((r) => r.text());
    const clicks = await Promise.all(Array.from({ length: 10 }, (_, i) => press(i % 2 ? b : a)));
    expect(clicks.every((html) => html.includes('<h1>You are subscribed</h1>'))).toBe(true);
    expect(clicks.filter((html) => html.includes('A welcome email is on its way.'))).toHaveLength(1);
    expect(clicks.filter((html) => html.includes('You had already confirmed'))).toHaveLength(9);
    const store = createSubscriberStore(t.db, { suppressionKey: TEST_SUPPRESSION_KEY });
    expect(await store.byEmail('race@example.com')).toMatchObject({ status: 'confirmed' });
    expect(await t.db.all(`SELECT id FROM subscribers WHERE email = 'race@example.com'`)).toHaveLength(1);
    // One welcome email was queued, in the same transaction as the one confirmation.
    expect(await t.db.all(`SELECT id FROM mail_outbox WHERE kind = 'welcome'`)).toHaveLength(1);
    await smtp.waitFor((m) => m.filter((x) => x.to.includes('race@example.com')).length >= 2);
    expect(smtp.messages.filter((m) => m.to.includes('race@example.com')).map((m) => m.mail.subject)).toEqual([
      'Confirm your subscription to Tip of the Week',
      'Welcome to Tip of the Week',
    ]);
  }, 60_000);

  it('the same address signed up on both servers at once is one pending row', async () => {
    const [a, b] = servers as [AppServer, AppServer];
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => post(i % 2 ? b : a, '/subscribe/', { email: 'twice@example.com', form: 'test', website: '' })));
    expect(responses.map((r) => r.status), await responses.find((r) => r.status !== 200)?.text()).toEqual(Array(10).fill(200));
    expect(await t.db.all(`SELECT status FROM subscribers WHERE email = 'twice@example.com'`)).toEqual([{ status: 'pending' }]);
  }, 60_000);
});
