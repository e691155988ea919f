/**
 * Validates the whole publication from raw frontmatter, outside Astro, so that the
 * build can stop before rendering with one message per problem naming the file, the
 * field and the fix. Pure: files are read by read-content.fs.ts.
 */
import { z } from 'astro/zod';
import { authorSchema } from '../authors/schema.ts';
import { issueSchema } from '../issues/schema.ts';
import { tipSchema } from '../tips/schema.ts';
import { crossCheck, type AuthorFacts, type IssueFacts, type TipFacts } from './crosscheck.ts';
import { componentsUsed, EDITOR_COMPONENTS } from '../email/components.ts';
import { standaloneHelpers } from './fields.ts';
import { bodyStartLine, fieldLine, lineOf, parseFieldPath, type FieldPath } from './locate.ts';
import { mdxSyntaxProblems } from './mdx-syntax.ts';
import type { ContentProblem } from './problems.ts';
import type { RawContent, RawEntry } from './raw.ts';
import { scaffoldLeftovers } from './scaffold-leftovers.ts';

export interface ValidateOptions {
  /** Whether an image path written in `file` exists (resolved relative to that file). */
  imageExists: (file: string, imagePath: string) => boolean;
  /** The publication's name, to check the length of default email subjects. */
  publicationTitle?: string;
}

const schemas = {
  tips: tipSchema(standaloneHelpers),
  issues: issueSchema(standaloneHelpers),
  authors: authorSchema(standaloneHelpers),
};

const kind = { tips: 'tip', issues: 'issue', authors: 'author' } as const;

export function validateContent(raw: RawContent, { imageExists, publicationTitle }: ValidateOptions): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const facts = {
    tips: [] as TipFacts[],
    issues: [] as IssueFacts[],
    authors: [] as AuthorFacts[],
    invalidIds: new Set<string>(),
    ...(publicationTitle !== undefined ? { publicationTitle } : {}),
  };

  for (const collection of ['authors', 'tips', 'issues'] as const) {
    const schema = schemas[collection];
    const knownFields = Object.keys(schema.shape);
    for (const entry of raw[collection]) {
      const at = (path: FieldPath) => lineOfField(entry.source, path);
      if (entry.notUtf8 !== undefined) {
        problems.push({
          file: entry.file,
          field: '',
          line: entry.notUtf8.line,
          column: entry.notUtf8.column,
          message: 'the file is not saved as UTF-8 (the character here is in another encoding, such as Latin-1 or Windows-1252): save the file as UTF-8 in your editor and check the accented letters',
        });
        facts.invalidIds.add(`${collection}/${entry.id}`);
        continue;
      }
      if (entry.unreadable !== undefined) {
        const reason = entry.unreadable.split('\n')[0]!.replace(/\s*\(\d+:\d+\)$/, '');
        problems.push({
          file: entry.file,
          field: '',
          ...(entry.unreadableLine !== undefined ? { line: entry.unreadableLine } : {}),
          message: `the frontmatter is not valid YAML: ${reason}. Check the quotes and indentation near that line`,
        });
        facts.invalidIds.add(`${collection}/${entry.id}`);
        continue;
      }
      const firstBodyLine = bodyStartLine(entry.source, entry.body);
      // A .md file is plain Markdown (Astro renders it without MDX): braces and tags are just text there.
      const isMdx = !entry.file.endsWith('.md');
      if (collection !== 'authors' && isMdx) {
        for (const syntax of mdxSyntaxProblems(entry.body ?? '', firstBodyLine)) {
          problems.push({ file: entry.file, field: '', line: syntax.line, column: syntax.column, message: syntax.message });
        }
      }
      const result = schema.safeParse(entry.data ?? {});
      if (!result.success) {
        problems.push(...zodProblems(entry, result.error, kind[collection], knownFields));
        facts.invalidIds.add(`${collection}/${entry.id}`);
        continue;
      }
      const data = result.data as Record<string, unknown>;
      if (collection !== 'authors') {
        for (const { path, placeholder } of scaffoldLeftovers(collection, (entry.data ?? {}) as Record<string, unknown>, entry.body)) {
          const fix = path.at(-1) === 'url' ? "paste the article's own address" : 'write your own';
          problems.push({
            file: entry.file,
            field: path.join('.'),
            ...(path.length ? at(path) : { line: firstBodyLine - 1 + lineOf(entry.body, placeholder) }),
            message: path.length
              ? `is still the placeholder from npm run new ("${placeholder.replaceAll('{n}', 'N')}"): ${fix}, or keep draft: true`
              : `still has the placeholder text from npm run new ("${placeholder}"): replace it with your own words, or keep draft: true`,
          });
        }
      }
      const body = entry.body ?? '';
      for (const name of componentsUsed(body)) {
        if (!isMdx) {
          problems.push({
            file: entry.file,
            field: '',
            ...(entry.source !== undefined ? { line: firstBodyLine - 1 + lineOf(body, `<${name}`) } : {}),
            message: `uses <${name}>, but components only work in .mdx files: rename the file to ${entry.file.replace(/^.*\//, '').replace(/\.md$/, '.mdx')}`,
          });
        } else if (!(EDITOR_COMPONENTS as readonly string[]).includes(name)) {
          problems.push({
            file: entry.file,
            field: '',
            ...(entry.source !== undefined ? { line: firstBodyLine - 1 + lineOf(body, `<${name}`) } : {}),
            message: `uses <${name}>, which has no web and email rendering: use one of ${EDITOR_COMPONENTS.join(', ')}, or add src/components/mdx/${name}.astro and src/components/email/mdx/${name}.astro and list it in src/email/components.ts`,
          });
        }
      }
      for (const field of ['hero', 'avatar']) {
        const path = data[field];
        if (typeof path === 'string' && !imageExists(entry.file, path)) {
          problems.push({
            file: entry.file,
            field,
            ...at([field]),
            message: `"${path}" was not found next to ${entry.file}: check the path and the file name (case matters)`,
          });
        }
      }
      if (collection === 'authors') facts.authors.push({ id: entry.id, file: entry.file });
      if (collection === 'tips') {
        const tip = result.data as z.infer<typeof schemas.tips>;
        facts.tips.push({ id: entry.id, file: entry.file, date: tip.date, draft: tip.draft, author: tip.author as string, title: tip.title });
      }
      if (collection === 'issues') {
        const issue = result.data as z.infer<typeof schemas.issues>;
        facts.issues.push({
          id: entry.id,
          file: entry.file,
          number: issue.number,
          date: issue.date,
          draft: issue.draft,
          tip: issue.tip as string,
          fromTheArchive: issue.fromTheArchive as string | undefined,
          pickUrls: issue.picks.map((p) => p.url),
          subject: issue.subject,
        });
      }
    }
  }
  const sources = new Map([...raw.tips, ...raw.issues, ...raw.authors].map((e) => [e.file, e.source]));
  const located = crossCheck(facts).map((p): ContentProblem => ({ ...p, ...lineOfField(sources.get(p.file), parseFieldPath(p.field)) }));
  // Stable: problems without a line keep their order; an editor reads each file top to bottom.
  return [...problems, ...located].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}

/** `{ line }` of a field in a file's frontmatter, or nothing when it has no place (e.g. a missing field). */
function lineOfField(source: string | undefined, path: FieldPath): { line?: number } {
  const line = fieldLine(source, path);
  return line === undefined ? {} : { line };
}

/** Turns zod's issues into editor-facing problems, with a spelling suggestion for unknown keys. */
function zodProblems(entry: RawEntry, error: z.ZodError, what: string, knownFields: string[]): ContentProblem[] {
  const file = entry.file;
  const at = (path: FieldPath) => lineOfField(entry.source, path);
  return error.issues.flatMap((issue): ContentProblem[] => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const field = path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const guess = closest(key, knownFields);
        const prefix = field ? `${field}.` : '';
        return {
          file,
          field: `${prefix}${key}`,
          ...at([...path, key]),
          message: guess
            ? `is not a field of a ${what}: did you mean "${guess}"?`
            : `is not a field of a ${what}: remove it, or use one of ${knownFields.join(', ')}`,
        };
      });
    }
    return [{ file, field, ...at(path), message: issue.message }];
  });
}

/** The known field nearest to a misspelled one, if it is near enough to be a typo. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
