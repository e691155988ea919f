/**
 * The one shape of a content problem, whoever finds it (the schemas, the cross-checks, the lint,
 * the link check), and the one way it is printed: `file:line: field message`, for `npm run check`,
 * the build log and the dev server alike. Pure.
 */
import { fieldLabel } from './locate.ts';

/** An error stops the build; a warning is printed and the build goes ahead. */
export type Severity = 'error' | 'warning';

/** A problem found in content, addressed to the editor: which file, which field, what to do. */
export interface ContentProblem {
  /** Path from the repository root, e.g. content/tips/first-impressions.mdx */
  file: string;
  /** Dotted path of the field, e.g. picks.2.url; empty for the file as a whole. */
  field: string;
  /** What is wrong and how to fix it; printed after the field's label. */
  message: string;
  severity: Severity;
  /** 1-based line in the whole file (frontmatter included), when the problem has a place. */
  line?: number;
  /** 1-based column, for problems in the MDX body. */
  column?: number;
}

/** "content/tips/x.mdx:4: date 2026-02-30 is not ..." or "content/issues/009.md:21: pick 2 (url) must be ..." */
export function formatProblem({ file, field, message, line, column }: ContentProblem): string {
  const place = line === undefined ? file : column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
  return field ? `${place}: ${fieldLabel(field)} ${message}` : `${place}: ${message}`;
}

/** Files in order, each top to bottom; problems without a line keep their order. */
export function byPlace(problems: ContentProblem[]): ContentProblem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

export const errorsOf = (problems: ContentProblem[]) => problems.filter((p) => p.severity === 'error');
export const warningsOf = (problems: ContentProblem[]) => problems.filter((p) => p.severity === 'warning');

const count = (n: number, noun: string) => (n === 1 ? `1 ${noun}` : `${n} ${noun}s`);

/** Where a report is read: the build stops; the dev server keeps serving and checks again on save. */
export type ReportContext = 'build' | 'dev';

/** The errors as a block for the build log or the dev server's error page; undefined when there are none. */
export function errorReport(problems: ContentProblem[], context: ReportContext): string | undefined {
  const errors = errorsOf(problems);
  if (errors.length === 0) return undefined;
  const what =
    context === 'build'
      ? 'Nothing was built; fix these and build again'
      : 'Pages show this list instead of content until they are fixed; save the file and the dev server checks again';
  return [`Content check found ${count(errors.length, 'error')}. ${what}:`, ...errors.map((p) => `  - ${formatProblem(p)}`)].join('\n');
}

/** The warnings as a block for the build log or the dev server's terminal; undefined when there are none. */
export function warningReport(problems: ContentProblem[]): string | undefined {
  const warnings = warningsOf(problems);
  if (warnings.length === 0) return undefined;
  return [`Content check: ${count(warnings.length, 'warning')}, worth a look (they do not stop the build):`, ...warnings.map((p) => `  - ${formatProblem(p)}`)].join('\n');
}
