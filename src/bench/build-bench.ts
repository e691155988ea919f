/**
 * `npm run bench:build -- --tips 1000 [--issues 200] [--profile]`: generates a synthetic
 * publication, builds it with the real site and with a bare Astro page set over the same
 * MDX in the same run (so both see the same machine load), and prints wall time, pages,
 * peak memory and the ratio. `--profile` also writes where the time went: per-phase
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

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tips: { type: 'string', default: '1000' },
      issues: { type: 'string' },
      keep: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      rebuild: { type: 'boolean', default: false },
    },
  });
  const tips = Number(values.tips);
  const issues = Number(values.issues ?? Math.max(3, Math.floor(tips / 5)));
  if (!Number.isInteger(tips) || tips < 1 || !Number.isInteger(issues) || issues < 1) {
    process.stderr.write('Usage: npm run bench:build -- --tips 1000 [--issues 200] [--profile] [--rebuild] [--keep]\n');
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
  const runs: [string, SiteBuild][] = [];
  const siteRoot = stageProject(contentDir, 'totw-bench-site-');
  const plan: [string, string, boolean][] = [
    ['Tip of the Week site', siteRoot, values.profile],
    // The daily rebuild: same content, with what the first build left in build/cache/.
    ...(values.rebuild ? [['Tip of the Week site, rebuilt unchanged', siteRoot, false] as [string, string, boolean]] : []),
    ['bare Astro + MDX (one page per tip)', stageBare(contentDir), false],
    // Like for like: the content chunk grouping speeds a bare build too, so the site's own cost is the ratio to this one.
    ['bare Astro + MDX, tips in one chunk as the site bundles them', stageBare(contentDir, bareGroupedConfig), false],
  ];
  for (const [label, root, profiled] of plan) {
    process.stdout.write(`Building: ${label}…\n`);
    // Profiling slows the build it watches, so only the site's first build is profiled and the ratio says so.
    const build = await runAstroBuild(root, {}, profiled ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] } : {});
    if (build.exitCode !== 0) {
      process.stderr.write(`${label} failed to build:\n${build.output}\n`);
      return 1;
    }
    runs.push([label, build]);
  }

  process.stdout.write(`\n| build | pages | wall time | peak RSS (Node) |\n|---|---:|---:|---:|\n`);
  for (const [label, build] of runs) {
    const rss = build.peakRssMiB === undefined ? 'n/a' : `${build.peakRssMiB.toFixed(0)} MiB`;
    process.stdout.write(`| ${label} | ${countPages(build.dist)} | ${seconds(build.millis)} | ${rss} |\n`);
  }
  const site = runs[0]![1];
  const bare = runs.at(-2)![1];
  const bareGrouped = runs.at(-1)![1];
  process.stdout.write(`\nRatio: the site took ${(site.millis / bare.millis).toFixed(2)}x the bare build${values.profile ? ' (site build slowed by --cpu-prof)' : ''}.\n`);
  process.stdout.write(`Like for like: ${(site.millis / bareGrouped.millis).toFixed(2)}x the bare build with the site's content chunks (that build alone is ${(bareGrouped.millis / bare.millis).toFixed(2)}x the default bare build).\n`);
  if (values.rebuild) process.stdout.write(`Rebuilt unchanged (caches in build/cache/): ${(runs[1]![1].millis / bare.millis).toFixed(2)}x the bare build.\n`);
  if (values.profile) {
    const report = profileReport(runs, cpuProfileDir);
    const path = join('bench-output', `build-${tips}-profile.md`);
    writeFileSync(path, report);
    for (const [label, build] of runs) {
      const log = build.timeline.map((l) => `${(l.at / 1000).toFixed(3)} ${l.line}`).join('\n');
      const name = label.startsWith('bare') ? (label.includes('one chunk') ? 'bare-grouped' : 'bare') : label.includes('rebuilt') ? 'rebuild' : 'site';
      writeFileSync(join('bench-output', `build-${tips}-${name}.log`), `${log}\n`);
    }
    process.stdout.write(`\n${report}\nWritten to ${path}.\n`);
  }
  if (!values.keep) {
    for (const [, build] of runs) build.cleanup();
    rmSync(contentDir, { recursive: true, force: true });
  }
  return 0;
}
