/**
 * Validates the whole publication from raw frontmatter, outside Astro, so that the
 * build can stop before rendering with one message per problem naming the file, the
 * field and the fix. Pure: files are read by read-content.fs.ts.
 */
import { z } from 'astro/zod';
import { authorSchema } from '../authors/schema.ts';
import { issueSchema } from '../issues/schema.ts';
import { tipSchema } from '../tips/schema.ts';
import { componentsUsed, EDITOR_COMPONENTS } from '../email/components.ts';
import { crossCheck, type AuthorFacts, type IssueFacts, type TipFacts } from './crosscheck.ts';
import { standaloneHelpers } from './fields.ts';
import { bodyStartLine, fieldLine, lineOf, parseFieldPath, type FieldPath } from './locate.ts';
import { mdxSyntaxProblems } from './mdx-syntax.ts';
import { byPlace, type ContentProblem } from './problems.ts';
import type { RawContent, RawEntry } from './raw.ts';
import { scaffoldLeftovers } from './scaffold-leftovers.ts';
import { closest } from './spelling.ts';
import { zodProblems } from './zod-problems.ts';

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

type Collection = keyof typeof schemas;
const kind = { tips: 'tip', issues: 'issue', authors: 'author' } as const;

interface Facts {
  tips: TipFacts[];
  issues: IssueFacts[];
  authors: AuthorFacts[];
  invalidIds: Set<string>;
}

export function validateContent(raw: RawContent, options: ValidateOptions): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const facts: Facts = { tips: [], issues: [], authors: [], invalidIds: new Set() };
  for (const collection of ['authors', 'tips', 'issues'] as const) {
    for (const entry of raw[collection]) problems.push(...validateEntry(collection, entry, facts, options));
  }
  const sources = new Map([...raw.tips, ...raw.issues, ...raw.authors].map((e) => [e.file, e.source]));
  const crossChecked = crossCheck({ ...facts, ...(options.publicationTitle !== undefined ? { publicationTitle: options.publicationTitle } : {}) });
  const located = crossChecked.map((p): ContentProblem => ({ ...p, ...lineOfField(sources.get(p.file), parseFieldPath(p.field)) }));
  return byPlace([...problems, ...located]);
}

/** One entry's own problems; its facts go to `facts` for the cross-checks when it is valid. */
function validateEntry(collection: Collection, entry: RawEntry, facts: Facts, { imageExists }: ValidateOptions): ContentProblem[] {
  const unreadable = unreadableProblem(entry);
  if (unreadable) {
    facts.invalidIds.add(`${collection}/${entry.id}`);
    return [unreadable];
  }
  const isMdx = !entry.file.endsWith('.md');
  // A .md file is plain Markdown (Astro renders it without MDX): braces and tags are just text there.
  const syntax = collection !== 'authors' && isMdx ? mdxSyntaxProblems(entry.body ?? '', bodyStartLine(entry.source, entry.body)) : [];
  const problems: ContentProblem[] = syntax.map((s) => ({ file: entry.file, field: '', severity: 'error', ...s }));
  const schema = schemas[collection];
  const result = schema.safeParse(entry.data ?? {});
  if (!result.success) {
    facts.invalidIds.add(`${collection}/${entry.id}`);
    return [...problems, ...zodProblems(entry, result.error, kind[collection], schema)];
  }
  if (collection !== 'authors') problems.push(...leftoverProblems(collection, entry), ...componentProblems(entry, isMdx));
  problems.push(...missingImageProblems(entry, result.data as Record<string, unknown>, imageExists));
  addFacts(collection, entry, result.data, facts);
  return problems;
}

/** A file that is not UTF-8, or whose frontmatter cannot be read at all. */
function unreadableProblem(entry: RawEntry): ContentProblem | undefined {
  if (entry.notUtf8 !== undefined) {
    return {
      file: entry.file,
      field: '',
      severity: 'error',
      line: entry.notUtf8.line,
      column: entry.notUtf8.column,
      message: 'the file is not saved as UTF-8 (the character here is in another encoding, such as Latin-1 or Windows-1252): save the file as UTF-8 in your editor and check the accented letters',
    };
  }
  if (entry.unreadable === undefined) return undefined;
  return { file: entry.file, field: '', severity: 'error', ...(entry.unreadableLine !== undefined ? { line: entry.unreadableLine } : {}), message: entry.unreadable };
}

/** Text that `npm run new` wrote as a placeholder, in an entry that is no longer a draft. */
function leftoverProblems(collection: 'tips' | 'issues', entry: RawEntry): ContentProblem[] {
  const firstBodyLine = bodyStartLine(entry.source, entry.body);
  return scaffoldLeftovers(collection, (entry.data ?? {}) as Record<string, unknown>, entry.body).map(({ path, placeholder }) => {
    const fix = path.at(-1) === 'url' ? "paste the article's own address" : 'write your own';
    return {
      file: entry.file,
      field: path.join('.'),
      severity: 'error',
      ...(path.length ? lineOfField(entry.source, path) : { line: firstBodyLine - 1 + lineOf(entry.body, placeholder) }),
      message: path.length
        ? `is still the placeholder from npm run new ("${placeholder.replaceAll('{n}', 'N')}"): ${fix}, or keep draft: true`
        : `still has the placeholder text from npm run new ("${placeholder}"): replace it with your own words, or keep draft: true`,
    };
  });
}

/** A component in a .md file, or one with no web and email rendering (with the nearest one that has). */
function componentProblems(entry: RawEntry, isMdx: boolean): ContentProblem[] {
  const body = entry.body ?? '';
  const firstBodyLine = bodyStartLine(entry.source, entry.body);
  const known = EDITOR_COMPONENTS as readonly string[];
  return componentsUsed(body).flatMap((name): ContentProblem[] => {
    const place = { file: entry.file, field: '', severity: 'error' as const, ...(entry.source !== undefined ? { line: firstBodyLine - 1 + lineOf(body, `<${name}`) } : {}) };
    if (!isMdx) {
      return [{ ...place, message: `uses <${name}>, but components only work in .mdx files: rename the file to ${entry.file.replace(/^.*\//, '').replace(/\.md$/, '.mdx')}` }];
    }
    if (known.includes(name)) return [];
    const guess = closest(name, known);
    const message = guess
      ? `uses <${name}>, which is not one of the components: did you mean <${guess}>? (the components are ${known.join(', ')}; names are case-sensitive)`
      : `uses <${name}>, which has no web and email rendering: use one of ${known.join(', ')}, or add src/components/mdx/${name}.astro and src/components/email/mdx/${name}.astro and list it in src/email/components.ts`;
    return [{ ...place, message }];
  });
}

function missingImageProblems(entry: RawEntry, data: Record<string, unknown>, imageExists: ValidateOptions['imageExists']): ContentProblem[] {
  return ['hero', 'avatar'].flatMap((field): ContentProblem[] => {
    const path = data[field];
    if (typeof path !== 'string' || imageExists(entry.file, path)) return [];
    return [{ file: entry.file, field, severity: 'error', ...lineOfField(entry.source, [field]), message: `"${path}" was not found next to ${entry.file}: check the path and the file name (case matters)` }];
  });
}

function addFacts(collection: Collection, entry: RawEntry, data: unknown, facts: Facts): void {
  if (collection === 'authors') facts.authors.push({ id: entry.id, file: entry.file, name: (data as z.infer<typeof schemas.authors>).name });
  if (collection === 'tips') {
    const tip = data as z.infer<typeof schemas.tips>;
    facts.tips.push({ id: entry.id, file: entry.file, date: tip.date, draft: tip.draft, author: tip.author as string, title: tip.title });
  }
  if (collection === 'issues') {
    const issue = data as z.infer<typeof schemas.issues>;
    facts.issues.push({
      id: entry.id,
      file: entry.file,
      number: issue.number,
      date: issue.date,
      draft: issue.draft,
      tip: issue.tip as string | undefined,
      title: issue.title,
      fromTheArchive: issue.fromTheArchive as string | undefined,
      pickUrls: issue.picks.map((p) => p.url),
      subject: issue.subject,
    });
  }
}

/** `{ line }` of a field in a file's frontmatter, or nothing when it has no place (e.g. a missing field). */
function lineOfField(source: string | undefined, path: FieldPath): { line?: number } {
  const line = fieldLine(source, path);
  return line === undefined ? {} : { line };
}
