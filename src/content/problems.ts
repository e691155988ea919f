/** A problem found in content, addressed to the editor: which file, which field, what to do. */
export interface ContentProblem {
  /** Path from the repository root, e.g. content/tips/first-impressions.mdx */
  file: string;
  /** Dotted path of the field, e.g. picks.2.url; empty for the file as a whole. */
  field: string;
  /** What is wrong and how to fix it. */
  message: string;
}

/** "content/tips/x.mdx: heroAlt is required when ..." */
export function formatProblem({ file, field, message }: ContentProblem): string {
  return field ? `${file}: ${field} ${message}` : `${file}: ${message}`;
}

/** A block of text listing every problem, for the build log. */
export function formatProblems(problems: ContentProblem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return [
    `Content check found ${count}. Nothing was built; fix these and build again:`,
    ...problems.map((p) => `  - ${formatProblem(p)}`),
  ].join('\n');
}
