/**
 * A synthetic publication of any size, for benchmarks: valid content that uses every
 * component, generated deterministically (same input, same files).
 */

export interface SyntheticOptions {
  tips: number;
  issues: number;
  authors?: number;
  /** Date of the newest issue; everything else is dated before it. */
  newest?: Date;
}

const words =
  'customer service listen answer promise follow team trust question need clear time call email reply kind fix help owner colleague apology expectation'.split(' ');

function paragraph(seed: number, length: number): string {
  let state = seed;
  const out: string[] = [];
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out.push(words[state % words.length]!);
  }
  const text = out.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

const day = 86_400_000;
const iso = (d: Date) => d.toISOString().slice(0, 10);

function tipFile(t: number, date: Date, authors: number): string {
  const body = [
    paragraph(t, 60),
    `## Section for tip ${t}`,
    paragraph(t + 1, 80),
    `<Takeaway>${paragraph(t + 2, 12)}</Takeaway>`,
    `<Dialogue>\n  <Line who="Customer">${paragraph(t + 3, 10)}</Line>\n  <Line who="Rep">${paragraph(t + 4, 14)}</Line>\n</Dialogue>`,
    `<Quiz question="Which is best?" choices={["One", "Two", "Three"]} answer={${(t % 3) + 1}}>\n${paragraph(t + 5, 20)}\n</Quiz>`,
    `<TipsList>\n\n1. ${paragraph(t + 6, 10)}\n2. ${paragraph(t + 7, 10)}\n3. ${paragraph(t + 8, 10)}\n\n</TipsList>`,
    paragraph(t + 9, 70),
  ].join('\n\n');
  return `---\ntitle: Synthetic tip number ${t}\ndate: ${iso(date)}\nsummary: ${paragraph(t + 10, 20)}\ntakeaway: ${paragraph(t + 11, 10)}\ntags: [tag-${t % 40}, topic-${t % 7}]\nauthor: author-${t % authors}\n---\n\n${body}\n`;
}

function issueFile(number: number, seed: number, date: Date, tip: number): string {
  const picks = Array.from({ length: 5 }, (_, p) =>
    [
      `  - title: Article ${seed}-${p}`,
      `    url: https://example.com/articles/${seed}/${p}`,
      `    author: Writer ${p}`,
      `    source: Example Review`,
      `    summary: ${paragraph(seed * 10 + p, 25)}`,
      `    comment: ${paragraph(seed * 10 + p + 1, 30)}`,
    ].join('\n'),
  ).join('\n');
  return `---\nnumber: ${number}\ndate: ${iso(date)}\ntip: tip-${tip}\npicks:\n${picks}\n---\n\n${paragraph(seed, 30)}\n`;
}

/** Returns the files of a publication as a map from path (under content/) to text. */
export function syntheticPublication({ tips, issues, authors = 20, newest = new Date('2026-11-16') }: SyntheticOptions): Map<string, string> {
  const files = new Map<string, string>();
  for (let a = 0; a < authors; a++) {
    files.set(`authors/author-${a}.yaml`, `name: Author ${a}\nbio: Author ${a} writes synthetic tips for the benchmark publication.\nguest: ${a % 5 === 0}\n`);
  }
  // Tips are spread so that tip 5*i falls exactly on issue i's date.
  const tipDate = (t: number) => new Date(newest.getTime() - Math.round((t * 7) / 5) * day);
  for (let t = 0; t < tips; t++) files.set(`tips/tip-${t}.mdx`, tipFile(t, tipDate(t), authors));
  for (let i = 0; i < issues; i++) {
    files.set(`issues/${issues - i}.md`, issueFile(issues - i, i, new Date(newest.getTime() - i * 7 * day), Math.min(i * 5, tips - 1)));
  }
  return files;
}

/**
 * The next week of a synthetic publication: one new tip (tip-<tips>, the newest) and the issue
 * that features it, a week after the newest issue. Added to the files above, it is the weekly
 * change an incremental rebuild is measured on.
 */
export function syntheticWeek({ tips, issues, authors = 20, newest = new Date('2026-11-16') }: SyntheticOptions): Map<string, string> {
  const date = new Date(newest.getTime() + 7 * day);
  return new Map([
    [`tips/tip-${tips}.mdx`, tipFile(tips, date, authors)],
    [`issues/${issues + 1}.md`, issueFile(issues + 1, issues + 1, date, tips)],
  ]);
}
