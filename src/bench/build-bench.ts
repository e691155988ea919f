/**
 * `npm run bench:build -- --tips 1000 [--issues 200]`: generates a synthetic publication,
 * builds it with the real site and with a bare Astro page set over the same MDX, and
 * prints wall time, pages and peak memory for both.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot, runAstroBuild, stageProject, type SiteBuild } from '../testing/build-site.fs.ts';
import { syntheticPublication } from '../testing/synthetic.ts';

const bareConfig = `import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';
export default defineConfig({ site: 'https://bench.example', integrations: [mdx()] });
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

function stageBare(contentDir: string): string {
  const root = mkdtempSync(join(tmpdir(), 'totw-bare-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('astro.config.mjs', bareConfig);
  write('package.json', '{ "type": "module" }\n');
  write('src/content.config.ts', bareCollections);
  write('src/pages/[slug].astro', barePage);
  cpSync(join(projectRoot, 'src/components/mdx'), join(root, 'src/components/mdx'), { recursive: true });
  cpSync(join(contentDir, 'tips'), join(root, 'content/tips'), { recursive: true });
  symlinkSync(join(projectRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

const countPages = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? countPages(join(dir, e.name)) : e.name.endsWith('.html') ? 1 : 0),
    0,
  );

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { tips: { type: 'string', default: '1000' }, issues: { type: 'string' }, keep: { type: 'boolean', default: false } } });
  const tips = Number(values.tips);
  const issues = Number(values.issues ?? Math.max(3, Math.floor(tips / 5)));
  if (!Number.isInteger(tips) || tips < 1 || !Number.isInteger(issues) || issues < 1) {
    process.stderr.write('Usage: npm run bench:build -- --tips 1000 [--issues 200]\n');
    return 2;
  }
  const contentDir = mkdtempSync(join(tmpdir(), 'totw-bench-content-'));
  for (const [path, text] of syntheticPublication({ tips, issues, authors: 20 })) {
    mkdirSync(dirname(join(contentDir, path)), { recursive: true });
    writeFileSync(join(contentDir, path), text);
  }
  process.stdout.write(`Synthetic publication: ${tips} tips, ${issues} issues, 20 authors in ${contentDir}\n`);

  const runs: [string, SiteBuild][] = [];
  for (const [label, root] of [
    ['Tip of the Week site', stageProject(contentDir, 'totw-bench-site-')],
    ['bare Astro + MDX (one page per tip)', stageBare(contentDir)],
  ] as const) {
    process.stdout.write(`Building: ${label}…\n`);
    const build = await runAstroBuild(root);
    if (build.exitCode !== 0) {
      process.stderr.write(`${label} failed to build:\n${build.output}\n`);
      return 1;
    }
    runs.push([label, build]);
  }

  process.stdout.write(`\n| build | pages | wall time | peak RSS (Node) |\n|---|---:|---:|---:|\n`);
  for (const [label, build] of runs) {
    const rss = build.peakRssMiB === undefined ? 'n/a' : `${build.peakRssMiB.toFixed(0)} MiB`;
    process.stdout.write(`| ${label} | ${countPages(build.dist)} | ${(build.millis / 1000).toFixed(1)} s | ${rss} |\n`);
  }
  if (!values.keep) {
    for (const [, build] of runs) build.cleanup();
    rmSync(contentDir, { recursive: true, force: true });
  }
  return 0;
}
