/**
 * `npm run bench:build -- --tips 1000 [--issues 200] [--rounds 4] [--profile]`: generates a
 * synthetic publication, builds it with the real site and with a bare Astro page set over the
 * same MDX (with Astro's default chunking, and with the site's) in the same run, in rounds, so
 * all see the same machine load, and prints wall time, pages, peak memory and the median ratio. `--profile` also writes where the time went: per-phase
 * timings from both builds' logs, render time per route, and a CPU profile of the site
 * build summed by package.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { linkPackages, projectRoot, runAstroBuild, stageProject, type SiteBuild } from '../testing/build-site.fs.ts';
import { syntheticPublication } from '../testing/synthetic.ts';
import { buildPhases, routeTimes, selfTimeByOwner } from './build-phases.ts';
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

function stageBare(contentDir: string, config = bareConfig): string {
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

/** The --profile report: phases side by side, the site's slowest routes, and its CPU time by package. */
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
  out.push('', `Render time per route (${siteLabel}, summed per thread; the main thread and the worker thread render at the same time):`, '', '| route | files | total |', '|---|---:|---:|');
  for (const r of routeTimes(site.timeline).slice(0, 15)) out.push(`| ${r.route} | ${r.count} | ${seconds(r.millis)} |`);
  const profiles = readdirSync(cpuProfileDir).filter((f) => f.endsWith('.cpuprofile'));
  if (profiles.length) {
    const profile = JSON.parse(readFileSync(join(cpuProfileDir, profiles[0]!), 'utf8'));
    out.push('', `CPU self time of the ${siteLabel} build's main thread by package (${join(cpuProfileDir, profiles[0]!)}; open it in Chrome DevTools for the call tree):`, '', '| package | self time |', '|---|---:|');
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
];
const SITE = KINDS[0]!.label;
const BARE = KINDS[1]!.label;
const BARE_GROUPED = KINDS[2]!.label;
const REBUILT = 'Tip of the Week site, rebuilt unchanged';

const fixed2 = (n: number) => n.toFixed(2);

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tips: { type: 'string', default: '1000' },
      issues: { type: 'string' },
      rounds: { type: 'string', default: '4' },
      keep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      rebuild: { type: 'boolean', default: false },
    },
  });
  const tips = Number(values.tips);
  const issues = Number(values.issues ?? Math.max(3, Math.floor(tips / 5)));
  // A profiled build is slower than the others, so --profile measures one round.
  const rounds = values.profile ? 1 : Number(values.rounds);
  if (!Number.isInteger(tips) || tips < 1 || !Number.isInteger(issues) || issues < 1 || !Number.isInteger(rounds) || rounds < 1) {
    process.stderr.write('Usage: npm run bench:build -- --tips 1000 [--issues 200] [--rounds 4] [--profile] [--rebuild] [--keep]\n');
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
      const build = await runAstroBuild(root, {}, { bare: !kind.site, ...(profiled ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] } : {}) });
      if (build.exitCode !== 0) {
        process.stderr.write(`${kind.label} failed to build:\n${build.output}\n`);
        return 1;
      }
      builds.set(kind.label, build);
      pages.set(kind.label, countPages(build.dist));
      if (kind.site && values.rebuild) {
        // The daily rebuild: same content, with what the first build left in build/cache/.
        process.stdout.write(`Round ${round + 1} of ${rounds}: building ${REBUILT}…\n`);
        const rebuilt = await runAstroBuild(root, {});
        if (rebuilt.exitCode !== 0) {
          process.stderr.write(`${REBUILT} failed to build:\n${rebuilt.output}\n`);
          return 1;
        }
        builds.set(REBUILT, rebuilt);
        pages.set(REBUILT, countPages(rebuilt.dist));
      }
    }
    const [site, bare, bareGrouped] = [builds.get(SITE)!, builds.get(BARE)!, builds.get(BARE_GROUPED)!];
    process.stdout.write(
      `Round ${round + 1}: site ${seconds(site.millis)}, bare ${seconds(bare.millis)}, bare in one chunk ${seconds(bareGrouped.millis)}: ` +
        `${fixed2(site.millis / bare.millis)}x, like for like ${fixed2(site.millis / bareGrouped.millis)}x\n`,
    );
    perRound.push(builds);
    const last = round === rounds - 1;
    if (!(last && values.keep) && !(last && values.profile)) for (const build of builds.values()) build.cleanup();
  }

  const labels = [SITE, ...(values.rebuild ? [REBUILT] : []), BARE, BARE_GROUPED];
  const lastRound = perRound.at(-1)!;
  process.stdout.write(`\n| build | pages | wall time (median of ${rounds}) | each round | peak RSS (largest) |\n|---|---:|---:|---|---:|\n`);
  for (const label of labels) {
    const times = perRound.map((builds) => builds.get(label)!.millis);
    const rss = perRound.map((builds) => builds.get(label)!.peakRssMiB ?? 0);
    process.stdout.write(`| ${label} | ${pages.get(label)} | ${seconds(median(times)!)} | ${times.map(seconds).join(', ')} | ${Math.max(...rss).toFixed(0)} MiB |\n`);
  }
  const ratios = (of: string, to: string) => perRound.map((builds) => builds.get(of)!.millis / builds.get(to)!.millis);
  const summary = (list: number[]) => `${fixed2(median(list)!)}x${list.length > 1 ? ` (median of ${list.length} rounds: ${list.map(fixed2).join(', ')})` : ''}`;
  process.stdout.write(`\nRatio: the site took ${summary(ratios(SITE, BARE))} the bare build${values.profile ? ' (site build slowed by --cpu-prof)' : ''}.\n`);
  process.stdout.write(
    `Like for like: ${summary(ratios(SITE, BARE_GROUPED))} the bare build with the site's content chunks (that build alone: ${summary(ratios(BARE_GROUPED, BARE))} the default bare build).\n`,
  );
  if (values.rebuild) process.stdout.write(`Rebuilt unchanged (caches in build/cache/): ${summary(ratios(REBUILT, BARE))} the bare build.\n`);
  if (values.profile) {
    const runs: [string, SiteBuild][] = labels.map((label) => [label, lastRound.get(label)!]);
    const report = profileReport(runs, cpuProfileDir);
    const path = join('bench-output', `build-${tips}-profile.md`);
    writeFileSync(path, report);
    for (const [label, build] of runs) {
      const log = build.timeline.map((l) => `${(l.at / 1000).toFixed(3)} ${l.line}`).join('\n');
      const name = label === BARE ? 'bare' : label === BARE_GROUPED ? 'bare-grouped' : label === REBUILT ? 'rebuild' : 'site';
      writeFileSync(join('bench-output', `build-${tips}-${name}.log`), `${log}\n`);
    }
    process.stdout.write(`\n${report}\nWritten to ${path}.\n`);
    if (!values.keep) for (const build of lastRound.values()) build.cleanup();
  }
  if (values.keep) process.stdout.write(`Kept the last round's projects: ${[...new Set([...lastRound.values()].map((b) => b.root))].join(', ')}\n`);
  else rmSync(contentDir, { recursive: true, force: true });
  return 0;
}
