/**
 * `npm run bench:build -- --tips 1000 [--issues 200] [--rounds 4] [--rebuild] [--profile]`:
 * generates a synthetic publication, builds it with the real site (`npm run build`) and with a
 * bare Astro page set over the same MDX (with Astro's default chunking, with the site's, and with
 * Astro's default chunking plus an endpoint drawing the same tip cards in process) in the same
 * run, in rounds, so all see the same machine load, and prints wall time, pages, peak memory and
 * the median ratio. `--rebuild` also rebuilds the site twice after its cold build,
 * with what it left in build/: unchanged (the daily rebuild), then after adding the next week's
 * tip and issue (the weekly one), and prints how many pages each rendered and its time against
 * the cold build. `--profile` also writes where the time went: per-phase timings from the
 * builds' logs, Astro's `--timings` report of the site build, and a CPU profile of it by package.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { linkPackages, projectRoot, runAstroBuild, stageProject, type SiteBuild } from '../testing/build-site.fs.ts';
import { syntheticPublication, syntheticWeek } from '../testing/synthetic.ts';
import { buildPhases, selfTimeByOwner } from './build-phases.ts';
import { median } from './rounds.ts';

const bareConfig = `import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
export default defineConfig({ site: 'https://bench.example', integrations: [mdx()] });
`;
/** The same bare project with the one bundler setting the site adds (src/integrations/content-chunks.ts). */
const bareGroupedConfig = `import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
const tips = /[\\\\/]content[\\\\/]tips[\\\\/]/;
export default defineConfig({
  site: 'https://bench.example',
  integrations: [mdx()],
  vite: { build: { rolldownOptions: { output: { codeSplitting: { groups: [{ name: (id) => (tips.test(id) ? 'content-tips' : null) }] } } } } },
});
`;
const bareCollections = `import { glob } from 'astro/loaders';
import { defineCollection } from 'astro:content';
export const collections = { tips: defineCollection({ loader: glob({ pattern: '*.mdx', base: './content/tips' }) }) };
`;
const barePage = `---
import { getCollection, render } from 'astro:content';
import { mdxComponents } from '../components/mdx/index.ts';
export async function getStaticPaths() {
  return (await getCollection('tips')).map((tip) => ({ params: { slug: tip.id }, props: { tip } }));
}
const { Content } = await render(Astro.props.tip);
---
<html lang="en"><head><title>{Astro.props.tip.data.title}</title></head><body><Content components={mdxComponents} /></body></html>
`;

/**
 * The same cards as the site's tip cards, drawn the plain way (AstroPaper's): an endpoint per tip
 * that calls satori and sharp as it renders (the site's own card code, src/cards/, in process).
 */
const bareCardRoute = `import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { tipCard, type CardContent } from '../../cards/card.ts';
import { renderCard } from '../../cards/render.fs.ts';
const site = { title: 'Tip of the Week', url: 'https://bench.example', lang: 'en' };
export async function getStaticPaths() {
  return (await getCollection('tips')).map((tip) => ({ params: { slug: tip.id }, props: { card: tipCard(tip.data as { title: string; takeaway: string }, site) } }));
}
export const GET: APIRoute = async ({ props }) => new Response(new Uint8Array(await renderCard((props as { card: CardContent }).card)), { headers: { 'Content-Type': 'image/png' } });
`;

function stageBare(contentDir: string, config = bareConfig, cards = false): string {
  const root = mkdtempSync(join(tmpdir(), 'totw-bare-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('astro.config.mjs', config);
  write('package.json', '{ "type": "module" }\n');
  write('src/content.config.ts', bareCollections);
  write('src/pages/[slug].astro', barePage);
  cpSync(join(projectRoot, 'src/components/mdx'), join(root, 'src/components/mdx'), { recursive: true });
  if (cards) {
    write('src/pages/og/[slug].png.ts', bareCardRoute);
    cpSync(join(projectRoot, 'src/cards'), join(root, 'src/cards'), { recursive: true, filter: (path) => !path.endsWith('.test.ts') });
  }
  cpSync(join(contentDir, 'tips'), join(root, 'content/tips'), { recursive: true });
  linkPackages(root);
  return root;
}

const countPages = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? countPages(join(dir, e.name)) : e.name.endsWith('.html') ? 1 : 0),
    0,
  );

const seconds = (millis: number) => `${(millis / 1000).toFixed(1)} s`;

/** Astro's own `--timings` report, as the site build printed it. */
const timingsReport = (output: string) => output.slice(Math.max(0, output.indexOf(' build timings '))).split('\n[build]')[0]!.trim();

/** The --profile report: phases side by side, Astro's timings of the site build, and its CPU time by package. */
function profileReport(runs: [string, SiteBuild][], cpuProfileDir: string): string {
  const out: string[] = [];
  const phases = runs.map(([label, build]) => [label, buildPhases(build.timeline, build.millis)] as const);
  const names = [...new Set(phases.flatMap(([, list]) => list.map((p) => p.name)))];
  out.push(`| phase | ${runs.map(([label]) => label).join(' | ')} |`, `|---|${runs.map(() => '---:').join('|')}|`);
  for (const name of names) {
    const cells = phases.map(([, list]) => list.find((p) => p.name === name));
    out.push(`| ${name} | ${cells.map((p) => (p ? seconds(p.millis) : '–')).join(' | ')} |`);
  }
  const [siteLabel, site] = runs[0]!;
  out.push('', `Astro's report of the ${siteLabel} build (\`npm run build -- --timings\`):`, '', '```', timingsReport(site.output), '```');
  // `npm run build` runs Astro in a child process: its profile is the largest one.
  const profiles = readdirSync(cpuProfileDir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(cpuProfileDir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  if (profiles.length) {
    const profile = JSON.parse(readFileSync(profiles[0]!, 'utf8'));
    out.push('', `CPU self time of the ${siteLabel} build's main thread by package (${profiles[0]}; open it in Chrome DevTools for the call tree):`, '', '| package | self time |', '|---|---:|');
    for (const o of selfTimeByOwner(profile).slice(0, 15)) out.push(`| ${o.owner} | ${seconds(o.millis)} |`);
  }
  return `${out.join('\n')}\n`;
}

/** One kind of build the benchmark times: how to stage its project, and whether it is the site's. */
interface BuildKind {
  label: string;
  stage: (contentDir: string) => string;
  site: boolean;
}

const KINDS: BuildKind[] = [
  { label: 'Tip of the Week site', stage: (content) => stageProject(content, 'totw-bench-site-'), site: true },
  { label: 'bare Astro + MDX (one page per tip)', stage: (content) => stageBare(content), site: false },
  // Like for like: the content chunk grouping speeds a bare build too, so the site's own cost is the ratio to this one.
  { label: 'bare Astro + MDX, tips in one chunk as the site bundles them', stage: (content) => stageBare(content, bareGroupedConfig), site: false },
  // With the same tip cards drawn the plain way: what a bare site with social cards costs.
  { label: 'bare Astro + MDX + a card per tip (satori + sharp in the endpoint)', stage: (content) => stageBare(content, bareConfig, true), site: false },
];
const SITE = KINDS[0]!.label;
const BARE = KINDS[1]!.label;
const BARE_GROUPED = KINDS[2]!.label;
const BARE_CARDS = KINDS[3]!.label;
const REBUILT = 'Tip of the Week site, rebuilt unchanged';
const WEEKLY = 'Tip of the Week site, rebuilt after a new tip and issue';

/** The site build's own count of the pages it rendered and reused (src/integrations/log-destination.ts). */
function pageCounts(build: SiteBuild): { rendered: number; reused: number } | undefined {
  const match = /\[build\] ([\d,]+) pages(?: rendered|: ([\d,]+) rendered, ([\d,]+) reused from the last build)/.exec(build.output);
  if (!match) return undefined;
  const n = (text: string | undefined) => Number((text ?? '0').replaceAll(',', ''));
  return match[2] === undefined ? { rendered: n(match[1]), reused: 0 } : { rendered: n(match[2]), reused: n(match[3]) };
}

const fixed2 = (n: number) => n.toFixed(2);

/** The site build's line on its social cards (src/integrations/log-destination.ts), e.g. "social cards: 2 drawn in 0.05 s, 1,400 reused". */
const cardLine = (build: SiteBuild) => /social cards: [^\n]*/.exec(build.output.replace(/\x1b\[[0-9;]*m/g, ''))?.[0] ?? 'social cards: no line in the log';

/**
 * The two rebuilds of a site just built cold, with what it left in build/: the daily one
 * (nothing changed), then the weekly one (the next week's tip and issue added to its content).
 */
async function rebuildSite(root: string, env: Record<string, string>, publication: { tips: number; issues: number; authors: number }, round: string): Promise<Map<string, [SiteBuild, number]> | undefined> {
  const builds = new Map<string, [SiteBuild, number]>();
  for (const label of [REBUILT, WEEKLY]) {
    if (label === WEEKLY) for (const [path, text] of syntheticWeek(publication)) writeFileSync(join(root, 'content', path), text);
    process.stdout.write(`${round}: building ${label}…\n`);
    const build = await runAstroBuild(root, env);
    if (build.exitCode !== 0) {
      process.stderr.write(`${label} failed to build:\n${build.output}\n`);
      return undefined;
    }
    // Counted now: the next rebuild publishes another release.
    builds.set(label, [build, countPages(build.dist)]);
  }
  return builds;
}

const USAGE = 'Usage: npm run bench:build -- --tips 1000 [--issues 200] [--rounds 4] [--workers N] [--profile] [--rebuild] [--keep]\n';
const OPTIONS = {
  tips: { type: 'string', default: '1000' },
  issues: { type: 'string' },
  rounds: { type: 'string', default: '4' },
  keep: { type: 'boolean', default: false },
  profile: { type: 'boolean', default: false },
  rebuild: { type: 'boolean', default: false },
  workers: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The options, or the usage on stderr and undefined for an option it does not know. */
function readOptions(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return undefined;
  }
}

export async function main(argv: string[]): Promise<number> {
  const values = readOptions(argv);
  if (!values) return 2;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const tips = Number(values.tips);
  const issues = Number(values.issues ?? Math.max(3, Math.floor(tips / 5)));
  // A profiled build is slower than the others, so --profile measures one round.
  const rounds = values.profile ? 1 : Number(values.rounds);
  // The site's rendering threads (astro.config.mjs): as the machine decides unless given.
  const siteEnv: Record<string, string> = values.workers === undefined ? {} : { TOTW_PRERENDER_WORKERS: values.workers };
  if (!Number.isInteger(tips) || tips < 1 || !Number.isInteger(issues) || issues < 1 || !Number.isInteger(rounds) || rounds < 1 || (values.workers !== undefined && !/^\d+$/.test(values.workers))) {
    process.stderr.write(USAGE);
    return 2;
  }
  const contentDir = mkdtempSync(join(tmpdir(), 'totw-bench-content-'));
  for (const [path, text] of syntheticPublication({ tips, issues, authors: 20 })) {
    mkdirSync(dirname(join(contentDir, path)), { recursive: true });
    writeFileSync(join(contentDir, path), text);
  }
  process.stdout.write(`Synthetic publication: ${tips} tips, ${issues} issues, 20 authors in ${contentDir}\n`);

  const cpuProfileDir = resolve('bench-output', `build-${tips}-cpu`);
  if (values.profile) {
    rmSync(cpuProfileDir, { recursive: true, force: true });
    mkdirSync(cpuProfileDir, { recursive: true });
  }
  // Every round builds each kind once, from freshly staged copies (so every build is cold), in
  // alternating order (site first, then bare first): which goes first moved the ratio by 0.2 at
  // 1,000 tips (docs/benchmarks.md), so an even number of rounds counts both orders equally.
  // Each round's ratio compares builds of that round; the median of the rounds leaves out a
  // round that other work happened to hit.
  const perRound: Map<string, SiteBuild>[] = [];
  const pages = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    const builds = new Map<string, SiteBuild>();
    const order = round % 2 === 0 ? KINDS : [...KINDS].reverse();
    for (const kind of order) {
      const root = kind.stage(contentDir);
      process.stdout.write(`Round ${round + 1} of ${rounds}: building ${kind.label}…\n`);
      const profiled = values.profile && kind.site;
      const build = await runAstroBuild(root, kind.site ? siteEnv : {}, {
        bare: !kind.site,
        ...(profiled ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`], astroArgs: ['--timings'] } : {}),
      });
      if (build.exitCode !== 0) {
        process.stderr.write(`${kind.label} failed to build:\n${build.output}\n`);
        return 1;
      }
      builds.set(kind.label, build);
      pages.set(kind.label, countPages(build.dist));
      if (kind.site && values.rebuild) {
        const rebuilt = await rebuildSite(root, siteEnv, { tips, issues, authors: 20 }, `Round ${round + 1} of ${rounds}`);
        if (!rebuilt) return 1;
        for (const [label, [build, count]] of rebuilt) {
          builds.set(label, build);
          pages.set(label, count);
        }
      }
    }
    const [site, bare, bareGrouped, bareCards] = [builds.get(SITE)!, builds.get(BARE)!, builds.get(BARE_GROUPED)!, builds.get(BARE_CARDS)!];
    process.stdout.write(
      `Round ${round + 1}: site ${seconds(site.millis)}, bare ${seconds(bare.millis)}, bare in one chunk ${seconds(bareGrouped.millis)}, bare with cards ${seconds(bareCards.millis)}: ` +
        `${fixed2(site.millis / bare.millis)}x, like for like ${fixed2(site.millis / bareGrouped.millis)}x, against bare with cards ${fixed2(site.millis / bareCards.millis)}x\n`,
    );
    perRound.push(builds);
    const last = round === rounds - 1;
    if (!(last && values.keep) && !(last && values.profile)) for (const build of builds.values()) build.cleanup();
  }

  const labels = [SITE, ...(values.rebuild ? [REBUILT, WEEKLY] : []), BARE, BARE_GROUPED, BARE_CARDS];
  const lastRound = perRound.at(-1)!;
  process.stdout.write(`\n| build | pages | wall time (median of ${rounds}) | each round | peak RSS (largest) |\n|---|---:|---:|---|---:|\n`);
  for (const label of labels) {
    const times = perRound.map((builds) => builds.get(label)!.millis);
    const rss = perRound.map((builds) => builds.get(label)!.peakRssMiB ?? 0);
    process.stdout.write(`| ${label} | ${pages.get(label)} | ${seconds(median(times)!)} | ${times.map(seconds).join(', ')} | ${Math.max(...rss).toFixed(0)} MiB |\n`);
  }
  for (const label of [SITE, ...(values.rebuild ? [REBUILT, WEEKLY] : [])]) process.stdout.write(`${label}, ${cardLine(lastRound.get(label)!)} (last round)\n`);
  const ratios = (of: string, to: string) => perRound.map((builds) => builds.get(of)!.millis / builds.get(to)!.millis);
  const summary = (list: number[]) => `${fixed2(median(list)!)}x${list.length > 1 ? ` (median of ${list.length} rounds: ${list.map(fixed2).join(', ')})` : ''}`;
  process.stdout.write(`\nRatio: the site took ${summary(ratios(SITE, BARE))} the bare build${values.profile ? ' (site build slowed by --cpu-prof)' : ''}.\n`);
  process.stdout.write(
    `Like for like: ${summary(ratios(SITE, BARE_GROUPED))} the bare build with the site's content chunks (that build alone: ${summary(ratios(BARE_GROUPED, BARE))} the default bare build).\n`,
  );
  process.stdout.write(
    `With cards on both sides: ${summary(ratios(SITE, BARE_CARDS))} the bare build that draws the same tip cards in its endpoint (its ${tips} tip cards, of the site's ${tips + issues}; that build alone: ${summary(ratios(BARE_CARDS, BARE))} the default bare build).\n`,
  );
  if (values.rebuild) {
    for (const label of [REBUILT, WEEKLY]) {
      const counts = perRound.map((builds) => pageCounts(builds.get(label)!));
      const rendered = counts.map((c) => (c ? `${c.rendered} of ${c.rendered + c.reused} (${((100 * c.rendered) / (c.rendered + c.reused)).toFixed(1)}%)` : '?'));
      // Issue #26's goal for the weekly rebuild: at most 5% of the pages rendered, in at most 35% of a cold build's time.
      const goal = label === WEEKLY ? ' (goal: at most 0.35x, and 5% of the pages)' : '';
      process.stdout.write(`${label}: ${summary(ratios(label, SITE))} the cold site build${goal}; pages rendered (each round): ${rendered.join(', ')}.\n`);
    }
  }
  if (values.profile) {
    const runs: [string, SiteBuild][] = labels.map((label) => [label, lastRound.get(label)!]);
    const report = profileReport(runs, cpuProfileDir);
    const path = join('bench-output', `build-${tips}-profile.md`);
    writeFileSync(path, report);
    for (const [label, build] of runs) {
      const log = build.timeline.map((l) => `${(l.at / 1000).toFixed(3)} ${l.line}`).join('\n');
      const name = label === BARE ? 'bare' : label === BARE_GROUPED ? 'bare-grouped' : label === BARE_CARDS ? 'bare-cards' : label === REBUILT ? 'rebuild' : label === WEEKLY ? 'rebuild-weekly' : 'site';
      writeFileSync(join('bench-output', `build-${tips}-${name}.log`), `${log}\n`);
    }
    process.stdout.write(`\n${report}\nWritten to ${path}.\n`);
    if (!values.keep) for (const build of lastRound.values()) build.cleanup();
  }
  if (values.keep) process.stdout.write(`Kept the last round's projects: ${[...new Set([...lastRound.values()].map((b) => b.root))].join(', ')}\n`);
  else rmSync(contentDir, { recursive: true, force: true });
  return 0;
}
