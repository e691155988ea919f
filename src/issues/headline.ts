/**
 * What an issue is called and how it is summed up wherever it is listed (pages, feeds, email):
 * from its tip, or, for an archive issue without one, from its own title and picks. Pure.
 */

interface IssueFields {
  title?: string | undefined;
  picks: readonly { title: string }[];
}
interface TipFields {
  title: string;
  takeaway: string;
}

/** The tip's title, or the archive issue's own. */
export function issueHeadline(issue: IssueFields, tip: TipFields | undefined): string {
  return tip?.title ?? issue.title ?? '';
}

/** One line under the headline: the tip's takeaway, or what the picks are (at most 160 characters). */
export function issueTeaser(issue: IssueFields, tip: TipFields | undefined): string {
  if (tip) return tip.takeaway;
  const line = `${issue.picks.length} reads with our comments: ${issue.picks.map((p) => p.title).join('; ')}`;
  return line.length <= 160 ? line : `${line.slice(0, 159).replace(/\s+\S*$/, '')}…`;
}
