import { fieldLabel } from './locate.ts';

/** A problem found in content, addressed to the editor: which file, which field, what to do. */
export interface ContentProblem {
  /** Path from the repository root, e.g. content/tips/first-impressions.mdx */
  file: string;
  /** Dotted path of the field, e.g. picks.2.url; empty for the file as a whole. */
  field: string;
  /** What is wrong and how to fix it. */
  message: string;
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

/** A block of text listing every problem, for the build log. */
export function formatProblems(problems: ContentProblem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return [
    `Content check found ${count}. Nothing was built; fix these and build again:`,
    ...problems.map((p) => `  - ${formatProblem(p)}`),
  ].join('\n');
}
