/**
 * Registers the content collections. Files live in content/ at the repository root
 * (editor-owned); schemas live in their domain folders.
 */
import { glob } from 'astro/loaders';
import { defineCollection, reference } from 'astro:content';
import { authorSchema } from './authors/schema.ts';
import { globFollowingRenames } from './content/glob-following-renames.ts';
import { issueSchema } from './issues/schema.ts';
import { tipSchema } from './tips/schema.ts';

const tips = defineCollection({
  loader: globFollowingRenames({ pattern: '*.{md,mdx}', base: './content/tips' }),
  schema: ({ image }) => tipSchema({ image, reference }),
});

// A tip or issue may be .md (plain Markdown) or .mdx (with components); renaming one between
// the two is followed (see glob-following-renames.ts).
// Issues and authors use no per-entry helper (image() is per entry), so their schemas are built once.
const issues = defineCollection({
  loader: globFollowingRenames({ pattern: '*.{md,mdx}', base: './content/issues' }),
  schema: issueSchema({ image: () => { throw new Error('issues have no images'); }, reference }),
});

const authors = defineCollection({
  loader: glob({ pattern: '*.{yaml,yml,json}', base: './content/authors' }),
  schema: ({ image }) => authorSchema({ image, reference }),
});

export const collections = { tips, issues, authors };
