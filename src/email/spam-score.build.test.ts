/**
 * Spam-filter hygiene: builds the sample publication, writes the newest issue and the
 * confirmation email as complete .eml messages (the same builders the sender uses) and
 * scores each with SpamAssassin's local tests (`spamassassin -t -L`: no network lookups,
 * so only what we control counts: HTML, headers, wording). Slow: one astro build, and one
 * spamassassin run for all four messages (as an mbox: perl's start-up and the rules load once).
 * Needs the spamassassin binary (Debian's package; .ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { site } from '../config/site.ts';
import { issueMessageFactory } from '../sending/issue-message.ts';
import { changeConfirmUrl, confirmUrl } from '../subscribers/links.ts';
import type { SiteBuild } from '../testing/build-site.fs.ts';
import { sharedBuild } from '../testing/shared-build.fs.ts';
import { readEmailBuild } from './contract/build-output.fs.ts';
import { resolveIssue } from './issue-choice.ts';
import { buildMessage, senderIdentity } from './message.ts';
import { framedMessages } from './message-frame.ts';
import { SAMPLE_RECIPIENT, writeEml } from './preview.fs.ts';
import { TEST_SECRET as SECRET } from '../testing/secrets.ts';

/** A clean message scores 0; 0.5 leaves room for SpamAssassin's informational rules and nothing else. */
const MAX_SCORE = 0.5;
const hasSpamAssassin = spawnSync('spamassassin', ['-V'], { encoding: 'utf8' }).status === 0;

interface SpamReport {
  score: number;
  /** "score RULE description" per rule hit, for the failure message. */
  rules: string[];
}

/** The report after "Content analysis details:" in `spamassassin -t` output: its score and the rules hit. */
function parseReport(report: string): SpamReport {
  const score = /^\s+\((-?\d+(?:\.\d+)?) points/.exec(report)?.[1];
  if (score === undefined) throw new Error(`no score in this SpamAssassin report:\n${report.slice(0, 2000)}`);
  const rules = [...report.matchAll(/^\s*(-?\d+\.\d+)\s+([A-Z0-9_]+)\s+(.*)$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
  return { score: Number(score), rules };
}

/**
 * Scores each .eml file, in one `spamassassin --mbox -t -L` run over them as an mbox. Each message
 * goes in unchanged after its "From " separator line, so a message with a line of its own starting
 * "From " (which would split it) is refused rather than altered.
 */
function spamAssassin(emls: string[]): SpamReport[] {
  const mbox = emls.map((eml) => {
    const text = readFileSync(eml, 'latin1');
    if (/^From /m.test(text)) throw new Error(`${eml} has a line starting "From ", which would split it in an mbox: score it on its own`);
    return `From spam-score@localhost Sat Dec  5 00:00:00 2026\n${text.endsWith('\n') ? text : `${text}\n`}\n`;
  });
  const run = spawnSync('spamassassin', ['--mbox', '-t', '-L'], { input: Buffer.from(mbox.join(''), 'latin1'), encoding: 'utf8', maxBuffer: 20 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`spamassassin failed (${run.status}): ${run.stderr}`);
  const reports = run.stdout.split('Content analysis details:').slice(1);
  if (reports.length !== emls.length) throw new Error(`${reports.length} SpamAssassin reports for ${emls.length} messages in its output:\n${run.stdout.slice(-2000)}`);
  return reports.map(parseReport);
}

let build: SiteBuild;

const title = hasSpamAssassin ? 'SpamAssassin score' : 'SpamAssassin score: skipped, the spamassassin binary is not installed (apt-get install spamassassin; .ci/run installs it)';

describe.skipIf(!hasSpamAssassin)(title, () => {
  beforeAll(async () => {
    build = await sharedBuild('sample');
    if (build.exitCode !== 0) throw new Error(`sample build failed:\n${build.output}`);
  });
  afterAll(() => build?.cleanup());

  const messages = async () => {
    const emails = readEmailBuild(build.root);
    const now = new Date();
    const sender = senderIdentity({}, { title: emails.manifest.publication, editorEmail: site.editor.email }, emails.manifest.site);
    const latest = resolveIssue('latest', emails.manifest.issues, now);
    if (latest.kind !== 'issue') throw new Error('the sample publication has no published issue');
    // The issue as `npm run send` hands it over: the copy spliced into the issue's frame (message-frame.ts).
    const framed = framedMessages();
    const issue = await framed(issueMessageFactory({ entry: latest.entry, parts: emails.parts(latest.entry), sender, secret: SECRET, runStarted: now, now: () => now })(SAMPLE_RECIPIENT));
    // With CLICK_COUNTS=1: pick links through /r/ and the hidden decoy link (docs/clicks.md).
    const countedIssue = await framed(issueMessageFactory({ entry: latest.entry, parts: emails.parts(latest.entry), sender, secret: SECRET, runStarted: now, now: () => now, clickLinks: true })(SAMPLE_RECIPIENT));
    if (!issue.raw || !countedIssue.raw) throw new Error('the sample issue should be sent as a framed copy');
    const notice = emails.manifest.notices.confirm;
    const confirmation = buildMessage({
      sender,
      template: { subject: notice.subject, ...emails.parts(notice) },
      recipient: SAMPLE_RECIPIENT,
      confirmUrl: confirmUrl({ secret: SECRET, siteUrl: emails.manifest.site }, SAMPLE_RECIPIENT, now),
      greetByName: false,
      messageKey: `confirm.${SAMPLE_RECIPIENT.id}.${now.getTime().toString(36)}`,
      date: now,
    });
    const changeNotice = emails.manifest.notices.change;
    const addressChange = buildMessage({
      sender,
      template: { subject: changeNotice.subject, ...emails.parts(changeNotice) },
      recipient: { ...SAMPLE_RECIPIENT, firstName: null },
      confirmUrl: changeConfirmUrl({ secret: SECRET, siteUrl: emails.manifest.site }, { id: SAMPLE_RECIPIENT.id, pendingEmail: SAMPLE_RECIPIENT.email }, now),
      greetByName: false,
      messageKey: `change.${SAMPLE_RECIPIENT.id}.${now.getTime().toString(36)}`,
      date: now,
    });
    return { dir: join(emails.dir, 'spam-score'), issue, countedIssue, confirmation, addressChange };
  };
  const kinds = ['issue', 'countedIssue', 'confirmation', 'addressChange'] as const;
  /** Every message written as .eml and scored, once for the tests below. */
  let scored: Promise<Record<(typeof kinds)[number], SpamReport & { path: string }>> | undefined;
  const scoreAll = async () => {
    const built = await messages();
    const paths = await Promise.all(kinds.map(async (kind) => (await writeEml(built[kind], built.dir, `${kind}.eml`)).path));
    const reports = spamAssassin(paths);
    return Object.fromEntries(kinds.map((kind, i) => [kind, { ...reports[i]!, path: paths[i]! }])) as Record<(typeof kinds)[number], SpamReport & { path: string }>;
  };

  it.each(kinds)(`the sample %s email scores at most ${MAX_SCORE}`, async (kind) => {
    const { score, rules, path } = (await (scored ??= scoreAll()))[kind];
    expect(score, `SpamAssassin scored ${path} ${score}:\n${rules.join('\n')}`).toBeLessThanOrEqual(MAX_SCORE);
  }, 120_000);
});
