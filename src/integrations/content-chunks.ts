/**
 * Bundles each collection's MDX into one chunk instead of one chunk per file.
 *
 * Astro imports every MDX entry lazily, so by default the bundler writes two chunks per tip
 * (the compiled MDX and a small proxy that carries its styles): 2,000 files for 1,000 tips.
 * Every thread that renders pages then loads, links and compiles those files one module at a
 * time. Grouped, a collection is one file; V8 compiles its functions lazily, so a page still
 * pays only for the tips it renders. Measured at 1,000 tips: bundling 4.2 s to 2.9 s, and
 * the whole build 13.4 s to 10.9 s (docs/benchmarks.md). The pages are byte for byte the same
 * (src/build-cache.build.test.ts builds the fixture both ways).
 *
 * Only `astro build` is affected; the dev server does not bundle. The build log says how the
 * prerender bundle holds each collection ("content/tips: 1000 files in 1 chunk").
 */
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { Plugin } from 'vite';

/**
 * The chunk a module belongs in: `content-tips` for content/tips/x.mdx (and for the modules
 * Astro derives from it, such as `…x.mdx?astroPropagatedAssets`), null for anything else.
 */
export function contentChunkName(moduleId: string, contentDir: string, collections: readonly string[]): string | null {
  const path = moduleId.split('?', 1)[0]!.replaceAll('\\', '/');
  const base = `${contentDir.replaceAll('\\', '/').replace(/\/$/, '')}/`;
  if (!path.startsWith(base)) return null;
  const collection = path.slice(base.length).split('/', 1)[0]!;
  return collections.includes(collection) ? `content-${collection}` : null;
}

/** Per collection, how many of its source files went into how many chunks (for the build log). */
export function chunksPerCollection(
  chunks: Iterable<{ moduleIds: readonly string[] }>,
  contentDir: string,
  collections: readonly string[],
): Map<string, { files: number; chunks: number }> {
  const files = new Map<string, Set<string>>();
  const chunkCount = new Map<string, number>();
  for (const chunk of chunks) {
    const inChunk = new Set<string>();
    for (const id of chunk.moduleIds) {
      const name = contentChunkName(id, contentDir, collections);
      if (!name) continue;
      inChunk.add(name);
      const set = files.get(name) ?? new Set<string>();
      set.add(id.split('?', 1)[0]!);
      files.set(name, set);
    }
    for (const name of inChunk) chunkCount.set(name, (chunkCount.get(name) ?? 0) + 1);
  }
  return new Map([...files].map(([name, set]) => [name.replace(/^content-/, 'content/'), { files: set.size, chunks: chunkCount.get(name)! }]));
}

export interface ContentChunksOptions {
  /** Folders under content/ whose modules are grouped, one chunk each. */
  collections: string[];
  /** Off: Astro's default of one chunk per file. */
  enabled?: boolean;
}

export function contentChunks({ collections, enabled = true }: ContentChunksOptions): AstroIntegration {
  return {
    name: 'tip-of-the-week:content-chunks',
    hooks: {
      'astro:config:setup': ({ command, config, updateConfig, logger }) => {
        if (command !== 'build') return;
        const contentDir = fileURLToPath(new URL('content', config.root));
        const report: Plugin = {
          name: 'tip-of-the-week:content-chunks-report',
          applyToEnvironment: (environment) => environment.name === 'prerender',
          generateBundle(_options, bundle) {
            const chunks = Object.values(bundle).filter((output) => output.type === 'chunk');
            for (const [collection, { files, chunks: count }] of chunksPerCollection(chunks, contentDir, collections)) {
              logger.info(`${collection}: ${files} ${files === 1 ? 'file' : 'files'} in ${count} ${count === 1 ? 'chunk' : 'chunks'} of the prerender bundle.`);
            }
          },
        };
        updateConfig({
          vite: {
            plugins: [report],
            ...(enabled && {
              build: {
                rolldownOptions: {
                  output: { codeSplitting: { groups: [{ name: (id: string) => contentChunkName(id, contentDir, collections) }] } },
                },
              },
            }),
          },
        });
      },
    },
  };
}
