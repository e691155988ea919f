/**
 * Astro's glob() loader, made to notice a content file renamed between builds.
 *
 * The loader keeps each entry from the last build (node_modules/.astro/data-store.json) and
 * reuses it when the file's contents hash the same. The hash is of the contents alone, so an
 * issue renamed from 009.mdx to 009.md (or back) without an edit kept the old entry: from
 * .mdx to .md the next build failed ("Rolldown failed to resolve import … 009.mdx"), from .md
 * to .mdx it kept rendering the file as plain Markdown. Editors are told to rename an issue to
 * .mdx to use a component, so renames are ordinary here. Before each sync this drops the
 * entries whose recorded file is gone; glob() then reads the renamed file afresh.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { glob } from 'astro/loaders';
import type { Loader, LoaderContext } from 'astro/loaders';

/** Entries whose recorded file (relative to the project root) is missing on disk. */
export function entriesWithoutFile(entries: Iterable<[string, { filePath?: string }]>, fileExists: (relativePath: string) => boolean): string[] {
  const gone: string[] = [];
  for (const [id, entry] of entries) if (entry.filePath && !fileExists(entry.filePath)) gone.push(id);
  return gone;
}

export function globFollowingRenames(options: Parameters<typeof glob>[0]): Loader {
  const inner = glob(options);
  return {
    ...inner,
    load: (context: LoaderContext) => {
      const root = fileURLToPath(context.config.root);
      for (const id of entriesWithoutFile(context.store.entries(), (path) => existsSync(join(root, path)))) context.store.delete(id);
      return inner.load(context);
    },
  };
}
