/**
 * The baseline for `npm run bench:send`: the same issue, one copy per recipient built the same
 * way, through a bare nodemailer pool (same connections, same messages in flight), with no
 * database at all. Run as a child process: node src/bench/bare-pool.ts <smtp-url> <count> <connections> [framed].
 * Each copy is composed by nodemailer, as a plain nodemailer program would; with "framed" the copies are
 * the ready MIME the send command hands over (message-frame.ts), to compare the sender's own work alone.
 */
import nodemailer from 'nodemailer';
import { site } from '../config/site.ts';
import { readEmailBuild } from '../email/contract/build-output.fs.ts';
import { resolveIssue } from '../email/issue-choice.ts';
import { senderIdentity } from '../email/message.ts';
import { framedMessages } from '../email/message-frame.ts';
import { issueMessageFactory } from '../sending/issue-message.ts';
import { IN_FLIGHT_PER_CONNECTION } from '../sending/send-args.ts';
import { projectRoot } from '../testing/build-site.fs.ts';

const [smtpUrl, countText, connectionsText, mode] = process.argv.slice(2);
const count = Number(countText);
const connections = Number(connectionsText);
const build = readEmailBuild(projectRoot);
const choice = resolveIssue('latest', build.manifest.issues, new Date());
if (choice.kind !== 'issue') throw new Error('no issue built');
const now = new Date();
const sender = senderIdentity({}, { title: build.manifest.publication, editorEmail: site.editor.email }, build.manifest.site);
const messageFor = issueMessageFactory({ entry: choice.entry, parts: build.parts(choice.entry), sender, secret: 'benchmark-secret-0123456789abcdef0123', runStarted: now, now: () => new Date() });
const url = new URL(smtpUrl!);
const transport = nodemailer.createTransport({ host: url.hostname, port: Number(url.port), secure: false, ignoreTLS: true, pool: true, maxConnections: connections, maxMessages: 1000 });
const framed = framedMessages();
const ready = mode === 'framed' ? framed : async (message: Parameters<typeof framed>[0]) => message;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: connections * IN_FLIGHT_PER_CONNECTION }, async () => {
    while (next < count) {
      const i = next++;
      await transport.sendMail(await ready(messageFor({ id: i + 1, email: `bench${i}@example.com`, firstName: `Reader${i}` })));
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
transport.close();
process.stdout.write(`BARE ${count} ${seconds.toFixed(3)}\n`);
