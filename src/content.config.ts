/**
 * Registers the content collections. Files live in content/ at the repository root
 * (editor-owned); schemas live in their domain folders.
 */
import { glob } from 'astro/loaders';
import { defineCollection, reference } from 'astro:content';
import { authorSchema } from './authors/schema.ts';
import { issueSchema } from './issues/schema.ts';
import { tipSchema } from './tips/schema.ts';

const tips = defineCollection({
  loader: glob({ pattern: '*.{md,mdx}', base: './content/tips' }),
  schema: ({ image }) => tipSchema({ image, reference }),
});

// Issues and authors use no per-entry helper (image() is per entry), so their schemas are built once.
const issues = defineCollection({
  loader: glob({ pattern: '*.{md,mdx}', base: './content/issues' }),
  schema: issueSchema({ image: () => { throw new Error('issues have no images'); }, reference }),
});

const authors = defineCollection({
  loader: glob({ pattern: '*.{yaml,yml,json}', base: './content/authors' }),
  schema: ({ image }) => authorSchema({ image, reference }),
});

export const collections = { tips, issues, authors };
