/**
 * The server itself, on the shared build of the fixture site: the request log, what reaches the log
 * from a request, connection limits, a port that is taken, and switching to a new release when a build
 * moves `dist`. The server runs in this process (its log lines are collected) except where the test is
 * about the process itself. Nothing waits a fixed time: every wait is for a condition.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../testing/app-server.fs.ts';
import { linkPackages, type SiteBuild } from '../testing/build-site.fs.ts';
import { runScript } from '../testing/run-script.fs.ts';
import { sharedBuild } from '../testing/shared-build.fs.ts';
import { main as send } from '../sending/cli.ts';
import { main, type RunningServer, type ServeOptions } from './serve-cli.ts';
import { TEST_SECRET, TEST_SUPPRESSION_KEY } from '../testing/secrets.ts';

let build: SiteBuild;
let dir: string;
const running: RunningServer[] = [];

beforeAll(async () => {
  build = await sharedBuild('fixture');
  if (build.exitCode !== 0) throw new Error(`fixture build failed:\n${build.output}`);
  dir = mkdtempSync(join(tmpdir(), 'totw-serve-'));
});
afterAll(async () => {
  for (const server of running) await server.close();
  build?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let serverCount = 0;
/** Starts the server in this process on a free port, with its own database and outbox; collects its log. */
async function serve(root: string, env: Record<string, string> = {}, options: ServeOptions = {}) {
  const port = await freePort();
  const own = join(dir, `server-${++serverCount}`);
  const lines: string[] = [];
  const server = await main(
    {
      HOST: '127.0.0.1',
      PORT: String(port),
      SITE_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: `file:${join(own, 'tips.db')}`,
      OUTBOX_DIR: join(own, 'outbox'),
      SUBSCRIPTION_SECRET: TEST_SECRET,
      SUPPRESSION_KEY: TEST_SUPPRESSION_KEY,
      ...env,
    },
    root,
    (line) => lines.push(line),
    { releaseRecheckMs: 0, ...options },
  );
  running.push(server);
  return { url: `http://127.0.0.1:${port}`, port, lines, server, outbox: join(own, 'outbox') };
}

/** A raw TCP connection that records what comes back and when it closes. */
function rawConnection(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  const state = { data: '', closed: false };
  socket.on('data', (chunk) => (state.data += chunk.toString()));
  socket.on('error', () => undefined);
  socket.on('close', () => (state.closed = true));
  return { socket, state, connected: new Promise<void>((resolve) => socket.once('connect', () => resolve())) };
}

describe('the request log', () => {
  it('has one line per request (method, path, status, ms) and never a token or an address', async () => {
    const app = await serve(build.root);
    const token = 'eyJwdXJwb3NlIjoiY29uZmlybSJ9.c2VjcmV0LXRva2VuLXZhbHVl';
    await (await fetch(`${app.url}/confirm/?token=${token}&email=ana.reader%40example.com`)).text();
    await (await fetch(`${app.url}/unsubscribe/?token=${token}`)).text();
    const post = await fetch(`${app.url}/subscribe/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: app.url },
      body: new URLSearchParams({ email: 'ana.reader@example.com', form: 'log-test' }).toString(),
    });
    expect(post.status).toBe(200);
    await post.text();
    await (await fetch(`${app.url}/tips/older-tip/`)).text();
    await vi.waitFor(() => expect(app.lines.filter((l) => l.startsWith('[http] '))).toHaveLength(4));
    const requests = app.lines.filter((l) => l.startsWith('[http] '));
    expect(requests.map((l) => l.replace(/ \d+ms$/, ' …ms'))).toEqual(['[http] GET /confirm/ 400 …ms', '[http] GET /unsubscribe/ 400 …ms', '[http] POST /subscribe/ 200 …ms', '[http] GET /tips/older-tip/ 200 …ms']);
    const log = app.lines.join('\n');
    expect(log).not.toContain(token);
    expect(log).not.toMatch(/ana\.reader|%40example/);
  });

  // Security review 2, item 7.
  it('shows text a request sent to /webhooks/ses escaped: no forged line, no terminal escape', async () => {
    const app = await serve(build.root, { SES_SNS_TOPIC_ARNS: 'arn:aws:sns:us-east-1:123456789012:tips-ses' });
    const forged = 'x\n[feedback] SES notification 0f3c: applied: complaint for subscriber 1: unsubscribed and suppressed\n\u001b[2J\u001b[31mFAKE ALERT';
    const response = await fetch(`${app.url}/webhooks/ses`, {
      method: 'POST',
      body: JSON.stringify({ Type: 'Notification', MessageId: 'm', TopicArn: forged, Message: '{}', Timestamp: new Date().toISOString(), SignatureVersion: '2', Signature: 'AA', SigningCertURL: 'https://sns.us-east-1.amazonaws.com/x.pem' }),
    });
    expect(response.status).toBe(403);
    await response.text();
    await vi.waitFor(() => expect(app.lines.some((l) => l.startsWith('[feedback] An SNS message was refused'))).toBe(true));
    expect(app.lines.some((l) => /[\n\r\u001b]/.test(l))).toBe(false);
    expect(app.lines.filter((l) => l.startsWith('[feedback] SES notification'))).toEqual([]);
    expect(app.lines).toContain('[feedback] An SNS message was refused: TopicArn x\\u{a}[feedback] SES notification 0f3c: applied: complaint for subscriber 1: unsubscribed and suppressed\\u{a}\\u{1b}[2J\\u{1b}[31mFAKE ALERT is not one this webhook accepts.');
  });
});

describe('connections', () => {
  // Security review 2, item 9: a body sent one byte at a time held its socket for minutes.
  it('answers 408 and closes a request whose body is still arriving after REQUEST_TIMEOUT_SECONDS', async () => {
    const app = await serve(build.root, { REQUEST_TIMEOUT_SECONDS: '1' });
    const slow = rawConnection(app.port);
    await slow.connected;
    slow.socket.write(`POST /subscribe/ HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${app.url}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000\r\n\r\nemail=`);
    await vi.waitFor(() => expect(slow.state.closed).toBe(true), { timeout: 10_000, interval: 100 });
    expect(slow.state.data).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes connections beyond MAX_CONNECTIONS at once, and serves again when one ends', async () => {
    const app = await serve(build.root, { MAX_CONNECTIONS: '2' });
    const held = [rawConnection(app.port), rawConnection(app.port)];
    await Promise.all(held.map((c) => c.connected));
    // An answer on each shows the server has taken both connections; they stay open (keep-alive).
    for (const c of held) c.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await vi.waitFor(() => expect(held.map((c) => c.state.data.startsWith('HTTP/1.1 200'))).toEqual([true, true]));
    expect(await fetch(`${app.url}/`).then(() => 'served', () => 'refused')).toBe('refused');
    expect(app.lines).toContain('[http] Closed a new connection at once: 2 are open (MAX_CONNECTIONS). Logged at most once a minute.');
    held[0]!.socket.destroy();
    await vi.waitFor(async () => expect((await fetch(`${app.url}/`)).status).toBe(200));
    held[1]!.socket.destroy();
  });

  // Security review 2, item 8: the process stayed alive as a headless outbox worker.
  it('exits 1 with one line when its port is taken, having started nothing else', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const database = join(dir, 'never-opened.db');
    const { code, stdout, stderr } = await runScript(join(build.root, 'scripts/serve.ts'), [], {
      cwd: build.root,
      env: { HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: `file:${database}`, OUTBOX_DIR: join(dir, 'never-outbox'), SUBSCRIPTION_SECRET: TEST_SECRET, SUPPRESSION_KEY: TEST_SUPPRESSION_KEY },
    });
    await new Promise((resolve) => blocker.close(resolve));
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: `Port ${port} on 127.0.0.1 is already in use: stop the other server or set PORT.\n` });
    expect(existsSync(database)).toBe(false);
  }, 30_000);
});

describe('going live (issue #24 item 3, user test C-3)', () => {
  const secrets = { SUBSCRIPTION_SECRET: TEST_SECRET, SUPPRESSION_KEY: TEST_SUPPRESSION_KEY };
  const live = { ...secrets, NODE_ENV: 'production', SITE_URL: 'https://tips.acme-support.com', MAIL_FROM: 'Acme Tips <tips@acme-support.com>', REPLY_TO: 'dana@acme-support.com', POSTAL_ADDRESS: 'Acme Support Ltd, 12 Harbour Road, Bristol BS1 4RN, UK' };
  const sendIo = { out: () => undefined, err: () => undefined, isTTY: false, confirm: async () => false, signal: new AbortController().signal, now: () => new Date() };

  it('serve refuses sample settings in production with one line naming the setting', async () => {
    const { MAIL_FROM: _, ...withoutFrom } = live;
    await expect(main({ ...withoutFrom, PORT: String(await freePort()) }, build.root, () => undefined)).rejects.toThrow(
      /^Not going to serve the site with sample settings in production: From "Tip of the Week" <editor@tips\.example\.com> is a sample address \(set MAIL_FROM \(or editor\.email in src\/config\/site\.ts\)\)\.$/,
    );
  });

  it('serve refuses, in production, a build made for another site URL', async () => {
    await expect(main({ ...live, PORT: String(await freePort()), DATABASE_URL: `file:${join(dir, 'live.db')}` }, build.root, () => undefined)).rejects.toThrow(
      'The emails were built for https://fixture.example, but SITE_URL is https://tips.acme-support.com: their links would point to one site and their unsubscribe links to another. Build with the same SITE_URL (`SITE_URL=https://tips.acme-support.com npm run build`), then try again.',
    );
  });

  it('send refuses emails built for another site URL than SITE_URL, before sending anything, in any environment', async () => {
    const env = { ...secrets, DATABASE_URL: `file:${join(dir, 'send.db')}`, OUTBOX_DIR: join(dir, 'send-outbox'), SITE_URL: 'https://tips.acme-support.com' };
    await expect(send(['--issue', '1', '--to', 'me@acme-support.com'], env, build.root, sendIo)).rejects.toThrow(/^The emails were built for https:\/\/fixture\.example, but SITE_URL is https:\/\/tips\.acme-support\.com/);
    expect(existsSync(join(dir, 'send-outbox'))).toBe(false);
  });
});

describe('a new build', () => {
  let root: string;
  /** Writes release `id` as the build does: client/, server/ and email/ under build/releases/<id>/, marked in its pages. */
  const release = (id: string, { withServer = true } = {}) => {
    const target = join(root, 'build/releases', id);
    mkdirSync(target, { recursive: true });
    cpSync(join(build.root, 'dist/client'), join(target, 'client'), { recursive: true });
    if (withServer) cpSync(join(build.root, 'dist/server'), join(target, 'server'), { recursive: true });
    cpSync(join(build.root, 'build/email'), join(target, 'email'), { recursive: true });
    for (const page of ['index.html', '404.html']) {
      const path = join(target, 'client', page);
      writeFileSync(path, readFileSync(path, 'utf8').replace('<body', `<body data-release="${id}"`));
    }
    const notice = join(target, 'email/notice-confirm.txt');
    writeFileSync(notice, `${readFileSync(notice, 'utf8')}\n(confirmation from release ${id})\n`);
  };
  /** Points `dist` at release `id` the way the build does: a new relative link renamed over the old one. */
  const pointDistAt = (id: string) => {
    symlinkSync(`build/releases/${id}`, join(root, 'dist.next'));
    renameSync(join(root, 'dist.next'), join(root, 'dist'));
  };
  const releaseOf = async (url: string) => /data-release="(\w+)"/.exec(await (await fetch(url)).text())?.[1];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'totw-releases-'));
    linkPackages(root);
    release('A');
    pointDistAt('A');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is served from the next request on, pages and Astro alike, and a release without a server is refused', async () => {
    const app = await serve(root);
    expect(await releaseOf(`${app.url}/`)).toBe('A');
    expect(await releaseOf(`${app.url}/no-such-page/`)).toBe('A');

    release('B');
    pointDistAt('B');
    // The new release loads in the background; until it has, requests are served by A.
    await vi.waitFor(async () => expect(await releaseOf(`${app.url}/`)).toBe('B'), { timeout: 20_000, interval: 100 });
    // The 404 page comes through Astro's handler, which reads it from its own release.
    expect(await releaseOf(`${app.url}/no-such-page/`)).toBe('B');
    expect(app.lines).toContain('[release] Serving release B from now on (was A).');
    // The signup emails come from the release being served too.
    const signup = await fetch(`${app.url}/subscribe/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: app.url },
      body: new URLSearchParams({ email: 'release.reader@example.com', form: 'release-test' }).toString(),
    });
    expect(signup.status).toBe(200);
    await vi.waitFor(() => expect(existsSync(app.outbox) && readdirSync(app.outbox).length).toBe(1), { timeout: 10_000, interval: 100 });
    const mail = await PostalMime.parse(readFileSync(join(app.outbox, readdirSync(app.outbox)[0]!)));
    expect(mail.text).toContain('(confirmation from release B)');

    release('C', { withServer: false });
    pointDistAt('C');
    await vi.waitFor(async () => {
      await fetch(`${app.url}/`);
      expect(app.lines.some((l) => l.startsWith('[release] Not switching to release C:'))).toBe(true);
    }, { timeout: 20_000, interval: 100 });
    expect(app.lines).toContain(`[release] Not switching to release C: ${join(root, 'build/releases/C')} has no server/entry.mjs, so it is not a complete build. Run \`npm run build\`. Still serving release B.`);
    expect(await releaseOf(`${app.url}/`)).toBe('B');
    expect(await releaseOf(`${app.url}/no-such-page/`)).toBe('B');
    expect(app.lines.filter((l) => l.includes('Not switching to release C'))).toHaveLength(1);

    release('D');
    pointDistAt('D');
    await vi.waitFor(async () => expect(await releaseOf(`${app.url}/`)).toBe('D'), { timeout: 20_000, interval: 100 });
  }, 60_000);
});
