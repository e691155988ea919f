/**
 * `npm run bench:import -- [--posts 500] [--subscribers 10000] [--database sqlite|postgres] [--only …]`:
 * writes a synthetic WordPress export (posts of both editors, one in ten a digest, pictures
 * from the fixture uploads) and a synthetic Mailchimp audience export, then times the real
 * commands on a staged copy of the project: `npm run import -- wordpress`, the build of the
 * imported site, and `npm run import -- subscribers mailchimp` into a fresh database (SQLite,
 * or a throwaway PostgreSQL cluster with fsync on). Prints wall and CPU time against the goals
 * (60 s for 500 posts, 5 s for 10,000 rows) and the load average, since the machine may be shared.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot, runAstroBuild, stageProject } from '../testing/build-site.fs.ts';
import { startPostgresCluster } from '../testing/postgres.fs.ts';

const USAGE = 'Usage: npm run bench:import -- [--posts 500] [--subscribers 10000] [--database sqlite|postgres] [--only wordpress|subscribers]\n';
const TOPICS = ['queues', 'apologies', 'first replies', 'follow-up', 'phone calls', 'refunds', 'escalations', 'tone', 'macros', 'surveys'];

const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
const day = (n: number) => new Date(Date.UTC(2014, 0, 6) + n * 7 * 86_400_000).toISOString().slice(0, 10);

/** A post's body: classic (blank-line paragraphs, a caption on some) or block-editor markup. Pure. */
function postBody(n: number): string {
  const topic = TOPICS[n % TOPICS.length]!;
  const sentences = [1, 2, 3, 4].map((i) => `Paragraph ${i} of post ${n} is about ${topic}: what to say first, what to leave out, and how to end so the customer knows what happens next.`);
  if (n % 2 === 0) {
    const caption = n % 10 === 4 ? `\n\n[caption id="attachment_9" width="300"]<img src="https://old.example.com/wp-content/uploads/2016/11/desk-300x200.jpg" alt="" /> The desk in week ${n}[/caption]` : '';
    return `${sentences[0]}\n\n${sentences[1]}\n<!--more-->\n\n<h2>In practice</h2>\n${sentences[2]}${caption}\n<ul>\n<li>Say the day.</li>\n<li>Say who does what.</li>\n</ul>\n\n${sentences[3]} Keep it under {3} lines &amp; &lt;120 words.`;
  }
  return sentences.map((s) => `<!-- wp:paragraph -->\n<p>${s}</p>\n<!-- /wp:paragraph -->`).join('\n\n') + '\n\n<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>Short is kind.</p></blockquote>\n<!-- /wp:quote -->';
}

/** A digest: five linked articles, each with its byline, summary and "My comment:". Pure. */
function digestBody(n: number): string {
  return [1, 2, 3, 4, 5]
    .map((i) => `<strong><a href="https://reads${i}.example.com/${n}/${i}">Article ${i} of week ${n}</a></strong> by Writer ${i} (Journal ${i})\nThe article looks at ${TOPICS[(n + i) % TOPICS.length]} in a support team and what changed after a month of trying it.\n<strong>My comment:</strong> Worth a read before the team meeting in week ${n}.`)
    .join('\n\n');
}

/** A WordPress export of `posts` posts (one in ten a digest), with their attachments' uploads in the fixtures. Pure. */
export function syntheticExport(posts: number): string {
  const items = Array.from({ length: posts }, (_, i) => {
    const n = i + 1;
    const digest = n % 10 === 0;
    const slug = digest ? `reads-of-week-${n}` : `tip-${n}-on-${TOPICS[n % TOPICS.length]!.replace(/ /g, '-')}`;
    const title = digest ? `Five reads for week ${n}` : `Tip ${n}: get ${TOPICS[n % TOPICS.length]} right`;
    return `<item><title>${cdata(title)}</title><link>https://old.example.com/${day(n).replaceAll('-', '/')}/${slug}/</link><dc:creator>${cdata(n % 3 ? 'marta' : 'dev')}</dc:creator>
<content:encoded>${cdata(digest ? digestBody(n) : postBody(n))}</content:encoded><excerpt:encoded>${cdata('')}</excerpt:encoded><wp:post_id>${n}</wp:post_id>
<wp:post_date>${cdata(`${day(n)} 09:00:00`)}</wp:post_date><wp:post_name>${cdata(slug)}</wp:post_name><wp:status>${cdata(n % 25 === 0 ? 'draft' : 'publish')}</wp:status><wp:post_type>${cdata('post')}</wp:post_type>
<category domain="category" nicename="c${n % 8}">${cdata(`Category ${n % 8}`)}</category><category domain="post_tag" nicename="t${n % 12}">${cdata(`Topic ${n % 12}`)}</category></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench Notes</title><link>https://old.example.com</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_blog_url>https://old.example.com</wp:base_blog_url>
<wp:author><wp:author_login>${cdata('marta')}</wp:author_login><wp:author_display_name>${cdata('Marta Quintero')}</wp:author_display_name></wp:author>
<wp:author><wp:author_login>${cdata('dev')}</wp:author_login><wp:author_display_name>${cdata('Dev Okafor')}</wp:author_display_name></wp:author>
${items.join('\n')}
</channel></rss>
`;
}

/** Mailchimp's three files for `rows` addresses: 90% subscribed, 7% unsubscribed, 3% cleaned. Pure. */
export function syntheticAudience(rows: number): Record<string, string> {
  const head = 'Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LAST_CHANGED,LEID,EUID,NOTES,TAGS';
  const files: Record<string, string[]> = { subscribed: [head], unsubscribed: [head], cleaned: [head] };
  for (let i = 0; i < rows; i++) {
    const kind = i % 100 < 90 ? 'subscribed' : i % 100 < 97 ? 'unsubscribed' : 'cleaned';
    files[kind]!.push(`reader${i}@example.com,Reader${i},,2,2019-03-04 08:15:02,198.51.100.7,2019-03-04 08:16:40,198.51.100.7,2023-01-09 10:00:00,${i},e${i},,`);
  }
  return Object.fromEntries(Object.entries(files).map(([kind, lines]) => [`${kind}_members_export_bench.csv`, `${lines.join('\r\n')}\r\n`]));
}

const CPU_MARK = '__CPU_MICROSECONDS=';
/** Prints the process's own CPU time (user + system) as it exits: on a loaded machine it says more than the wall time. */
const CPU_PROBE = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('${CPU_MARK}'+(u.userCPUTime+u.systemCPUTime)+'\\n')})`;

/** Runs `node scripts/import.ts …` in `root`: wall and CPU seconds, exit code, output. */
function timedImport(root: string, args: string[], env: Record<string, string>): Promise<{ seconds: number; cpuSeconds: number; code: number; output: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', CPU_PROBE, join(root, 'scripts/import.ts'), ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const cpu = Number(new RegExp(`${CPU_MARK}(\\d+)`).exec(output)?.[1] ?? 0) / 1e6;
      resolve({ seconds: (performance.now() - started) / 1000, cpuSeconds: cpu, code: code ?? 1, output: output.replace(new RegExp(`${CPU_MARK}\\d+\\n`), '') });
    });
  });
}

/** Imports a synthetic export of `posts` posts and builds the result; false if the build failed. */
async function benchWordPress(root: string, scratch: string, posts: number): Promise<boolean> {
  writeFileSync(join(scratch, 'export.xml'), syntheticExport(posts));
  const wp = await timedImport(root, ['wordpress', join(scratch, 'export.xml'), '--uploads', join(projectRoot, 'src/testing/fixtures/import/wordpress/uploads')], {});
  if (wp.code !== 0) throw new Error(`the WordPress import failed:\n${wp.output}`);
  process.stdout.write(`WordPress import of ${posts} posts: ${wp.seconds.toFixed(1)} s (${verdict(wp.seconds, 60)}), ${wp.cpuSeconds.toFixed(1)} s of CPU\n`);
  const build = await runAstroBuild(root);
  process.stdout.write(`Build of the imported site: ${build.exitCode === 0 ? 'succeeded' : 'FAILED'} in ${(build.millis / 1000).toFixed(1)} s\n`);
  if (build.exitCode !== 0) process.stdout.write(build.output.split('\n').slice(-30).join('\n'));
  return build.exitCode === 0;
}

/** Imports a synthetic Mailchimp audience of `rows` addresses into a fresh database. */
async function benchSubscribers(root: string, scratch: string, rows: number, engine: 'sqlite' | 'postgres'): Promise<void> {
  const audience = join(scratch, 'audience');
  mkdirSync(audience);
  for (const [name, text] of Object.entries(syntheticAudience(rows))) writeFileSync(join(audience, name), text);
  // fsync on: the figures are for a server that keeps what it acknowledges.
  const cluster = engine === 'postgres' ? await startPostgresCluster({ durable: true }) : undefined;
  try {
    const database = cluster ? cluster.url : `file:${join(scratch, 'bench.db')}`;
    const list = await timedImport(root, ['subscribers', 'mailchimp', audience], { DATABASE_URL: database, SUPPRESSION_KEY: 'bench-suppression-key-0123456789abcdef0123' });
    if (list.code !== 0) throw new Error(`the subscriber import failed:\n${list.output}`);
    report(list, rows, cluster ? 'PostgreSQL' : 'SQLite');
  } finally {
    cluster?.destroy();
  }
}

function report(list: { seconds: number; cpuSeconds: number; output: string }, rows: number, engine: string): void {
  const summary = list.output.split('\n').filter((l) => l.startsWith('  Added') || l.startsWith('  Suppressed')).join('\n');
  process.stdout.write(`Subscriber import of ${rows.toLocaleString('en-US')} rows (Mailchimp, ${engine}): ${list.seconds.toFixed(1)} s (${verdict(list.seconds, 5)}), the whole command; ${list.cpuSeconds.toFixed(1)} s of CPU\n${summary}\n`);
}

const verdict = (seconds: number, goal: number) => (seconds <= goal ? `within the ${goal} s goal` : `OVER the ${goal} s goal`);

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { posts: { type: 'string', default: '500' }, subscribers: { type: 'string', default: '10000' }, database: { type: 'string', default: 'sqlite' }, only: { type: 'string' } } });
  const posts = Number(values.posts);
  const rows = Number(values.subscribers);
  if (!Number.isInteger(posts) || posts < 10 || !Number.isInteger(rows) || rows < 1 || (values.only !== undefined && !['wordpress', 'subscribers'].includes(values.only)) || !['sqlite', 'postgres'].includes(values.database)) {
    process.stderr.write(USAGE);
    return 2;
  }
  process.stdout.write(`Load average before: ${loadavg().map((l) => l.toFixed(1)).join(', ')} (on ${availableParallelism()} cores; figures taken on a busy machine are preliminary)\n`);
  const scratch = mkdtempSync(join(tmpdir(), 'totw-bench-import-'));
  const empty = join(scratch, 'empty');
  mkdirSync(empty);
  const root = stageProject(empty, 'totw-bench-import-site-');
  try {
    const built = values.only === 'subscribers' ? true : await benchWordPress(root, scratch, posts);
    if (values.only !== 'wordpress') await benchSubscribers(root, scratch, rows, values.database as 'sqlite' | 'postgres');
    return built ? 0 : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  }
}
