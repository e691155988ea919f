/**
 * Checks that span several entries: references resolve (with the nearest existing name when one
 * does not), issue numbers and weeks are unique, a pick appears once per issue, and what is
 * published only points at what is published. Pure: it works on plain facts taken from the raw
 * frontmatter by the validator.
 */
import { slug } from 'github-slugger';
import { isoDay, isoWeekKey } from '../lib/dates.ts';
import { normalizeUrl } from '../lib/urls.ts';
import { emailSubject, MAX_SUBJECT } from '../email/render/subject.ts';
import type { ContentProblem } from './problems.ts';
import { closest } from './spelling.ts';

export interface TipFacts {
  id: string;
  file: string;
  date: Date;
  draft: boolean;
  author: string;
  title?: string;
}

export interface IssueFacts {
  id: string;
  file: string;
  number: number;
  date: Date;
  draft: boolean;
  /** Undefined for an archive issue standing on its picks, under its own `title`. */
  tip: string | undefined;
  title?: string | undefined;
  fromTheArchive?: string | undefined;
  pickUrls: string[];
  subject?: string | undefined;
}

export interface AuthorFacts {
  id: string;
  file: string;
  /** The display name, so `author: Dana Whitfield` can be pointed at dana-whitfield. */
  name?: string;
}

export interface PublicationFacts {
  tips: TipFacts[];
  issues: IssueFacts[];
  authors: AuthorFacts[];
  /** Ids of entries that exist but failed their own schema: references to them are not reported again. */
  invalidIds?: Set<string>;
  /** The publication's name, for the default email subject ("<title> #N: <tip title>"). */
  publicationTitle?: string;
}

type Problem = Omit<ContentProblem, 'severity'>;

export function crossCheck(facts: PublicationFacts): ContentProblem[] {
  const issues = [...facts.issues].sort((a, b) => a.file.localeCompare(b.file));
  const problems: Problem[] = [
    ...facts.tips.flatMap((tip) => authorProblems(tip, facts)),
    ...numberAndWeekProblems(issues),
    ...issues.flatMap((issue) => [
      ...tipProblems(issue, facts),
      ...archiveProblems(issue, facts),
      ...repeatedPickProblems(issue),
    ]),
  ];
  return problems.map((p) => ({ ...p, severity: 'error' }));
}

/** ", did you mean "x"?" for a name near an existing one, or nothing. */
const didYouMean = (written: string, ids: string[]) => {
  const guess = closest(written, ids) ?? ids.find((id) => id === slug(written));
  return guess ? `: did you mean "${guess}"?` : '';
};

function authorProblems(tip: TipFacts, { authors, invalidIds = new Set() }: PublicationFacts): Problem[] {
  const ids = authors.map((a) => a.id).sort();
  if (ids.includes(tip.author) || invalidIds.has(`authors/${tip.author}`)) return [];
  // The author's display name written instead of the file name is the likeliest mistake.
  const byName = authors.find((a) => a.name !== undefined && (a.name.toLowerCase() === tip.author.trim().toLowerCase() || closest(tip.author, [a.name])));
  const suggestion = byName ? `: did you mean "${byName.id}"?` : didYouMean(tip.author, ids);
  const known = ids.join(', ') || 'there are none yet';
  const message = suggestion
    ? `"${tip.author}" is not an author${suggestion} An author is named by the file name in content/authors/ (${known})`
    : `"${tip.author}" is not an author: use the file name of one in content/authors/ (${known}) or add content/authors/${slug(tip.author) || 'their-name'}.yaml`;
  return [{ file: tip.file, field: 'author', message }];
}

function numberAndWeekProblems(issues: IssueFacts[]): Problem[] {
  const problems: Problem[] = [];
  const byNumber = new Map<number, IssueFacts>();
  const byWeek = new Map<string, IssueFacts>();
  for (const issue of issues) {
    const sameNumber = byNumber.get(issue.number);
    if (sameNumber) {
      problems.push({ file: issue.file, field: 'number', message: `${issue.number} is already used by ${sameNumber.file}: give each issue its own number` });
    } else byNumber.set(issue.number, issue);
    const week = isoWeekKey(issue.date);
    const sameWeek = byWeek.get(week);
    if (sameWeek) {
      problems.push({ file: issue.file, field: 'date', message: `${isoDay(issue.date)} is in the same week (${week}) as ${sameWeek.file}: one issue per week, move one to another week` });
    } else byWeek.set(week, issue);
  }
  return problems;
}

/** An issue's `tip` or `fromTheArchive` that names no tip; undefined when it names one (or one that failed its own check). */
function missingTip(issue: IssueFacts, field: 'tip' | 'fromTheArchive', written: string, { tips, invalidIds = new Set() }: PublicationFacts): Problem | undefined {
  if (invalidIds.has(`tips/${written}`) || tips.some((t) => t.id === written)) return undefined;
  const suggestion = didYouMean(written, tips.map((t) => t.id));
  return {
    file: issue.file,
    field,
    message: `"${written}" is not a tip${suggestion}${suggestion ? ' Use' : ': use'} the file name (without .mdx) of one in content/tips/`,
  };
}

/** The default subject ("<title> #N: <headline>") when the issue sets none, if it is too long. */
function subjectProblems(issue: IssueFacts, headline: string | undefined, { publicationTitle }: PublicationFacts): Problem[] {
  if (publicationTitle === undefined || issue.subject !== undefined || headline === undefined) return [];
  const subject = emailSubject({ publicationTitle, number: issue.number, tipTitle: headline, tipTakeaway: '' });
  if (subject.length <= MAX_SUBJECT) return [];
  return [{ file: issue.file, field: 'subject', message: `is not set, and the default "${subject}" is ${subject.length} characters, over ${MAX_SUBJECT}: add a shorter subject: line` }];
}

function tipProblems(issue: IssueFacts, facts: PublicationFacts): Problem[] {
  // An archive issue without a tip: its schema requires a title, which heads the email instead.
  if (issue.tip === undefined) return subjectProblems(issue, issue.title, facts);
  const missing = missingTip(issue, 'tip', issue.tip, facts);
  if (missing) return [missing];
  const tip = facts.tips.find((t) => t.id === issue.tip);
  if (!tip) return [];
  const problems = subjectProblems(issue, tip.title, facts);
  if (issue.draft) return problems;
  if (tip.draft) {
    problems.push({ file: issue.file, field: 'tip', message: `"${issue.tip}" is a draft: publish the tip (draft: false) or mark this issue as a draft too` });
  }
  if (tip.date > issue.date) {
    problems.push({ file: issue.file, field: 'tip', message: `"${issue.tip}" is dated ${isoDay(tip.date)}, after this issue (${isoDay(issue.date)}): date the tip on or before the issue` });
  }
  return problems;
}

function archiveProblems(issue: IssueFacts, facts: PublicationFacts): Problem[] {
  if (issue.fromTheArchive === undefined) return [];
  const missing = missingTip(issue, 'fromTheArchive', issue.fromTheArchive, facts);
  if (missing) return [missing];
  const archived = facts.tips.find((t) => t.id === issue.fromTheArchive);
  if (!archived) return [];
  if (issue.fromTheArchive === issue.tip) {
    return [{ file: issue.file, field: 'fromTheArchive', message: "is the same as this week's tip: pick an older tip or remove the field" }];
  }
  if (!issue.draft && (archived.draft || archived.date > issue.date)) {
    return [{ file: issue.file, field: 'fromTheArchive', message: `"${issue.fromTheArchive}" is not published by ${isoDay(issue.date)}: choose a tip that readers can already open` }];
  }
  return [];
}

function repeatedPickProblems(issue: IssueFacts): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  issue.pickUrls.forEach((url, index) => {
    let key: string;
    try {
      key = normalizeUrl(url);
    } catch {
      return; // an invalid URL is reported by the schema
    }
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ file: issue.file, field: `picks.${index}.url`, message: `${url} is already pick ${first + 1} of this issue: remove one of them` });
    } else seen.set(key, index);
  });
  return problems;
}
