/**
 * Checks that span several entries: references resolve, issue numbers and weeks are
 * unique, a pick appears once per issue, and what is published only points at what is
 * published. Pure: it works on plain facts, so the build (Astro entries) and the
 * standalone validator (raw frontmatter) share it.
 */
import { isoDay, isoWeekKey } from '../lib/dates.ts';
import { normalizeUrl } from '../lib/urls.ts';
import { emailSubject, MAX_SUBJECT } from '../email/subject.ts';
import type { ContentProblem } from './problems.ts';

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
  tip: string;
  fromTheArchive?: string | undefined;
  pickUrls: string[];
  subject?: string | undefined;
}

export interface AuthorFacts {
  id: string;
  file: string;
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

export function crossCheck({ tips, issues, authors, invalidIds = new Set(), publicationTitle }: PublicationFacts): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const authorIds = new Set(authors.map((a) => a.id));
  const tipsById = new Map(tips.map((t) => [t.id, t]));
  const known = (ids: Iterable<string>) => [...ids].sort().join(', ') || '(none yet)';

  for (const tip of tips) {
    if (!authorIds.has(tip.author) && !invalidIds.has(`authors/${tip.author}`)) {
      problems.push({
        file: tip.file,
        field: 'author',
        message: `"${tip.author}" is not an author: use the file name of one in content/authors/ (${known(authorIds)}) or add content/authors/${tip.author}.yaml`,
      });
    }
  }

  const byNumber = new Map<number, IssueFacts>();
  const byWeek = new Map<string, IssueFacts>();
  for (const issue of [...issues].sort((a, b) => a.file.localeCompare(b.file))) {
    const sameNumber = byNumber.get(issue.number);
    if (sameNumber) {
      problems.push({
        file: issue.file,
        field: 'number',
        message: `${issue.number} is already used by ${sameNumber.file}: give each issue its own number`,
      });
    } else byNumber.set(issue.number, issue);

    const week = isoWeekKey(issue.date);
    const sameWeek = byWeek.get(week);
    if (sameWeek) {
      problems.push({
        file: issue.file,
        field: 'date',
        message: `${isoDay(issue.date)} is in the same week (${week}) as ${sameWeek.file}: one issue per week, move one to another week`,
      });
    } else byWeek.set(week, issue);

    const tip = tipsById.get(issue.tip);
    if (invalidIds.has(`tips/${issue.tip}`)) {
      // reported where it is defined
    } else if (!tip) {
      problems.push({
        file: issue.file,
        field: 'tip',
        message: `"${issue.tip}" is not a tip: use the file name (without .mdx) of one in content/tips/`,
      });
    } else {
      if (publicationTitle !== undefined && issue.subject === undefined && tip.title !== undefined) {
        const subject = emailSubject({ publicationTitle, number: issue.number, tipTitle: tip.title, tipTakeaway: '' });
        if (subject.length > MAX_SUBJECT) {
          problems.push({
            file: issue.file,
            field: 'subject',
            message: `is not set, and the default "${subject}" is ${subject.length} characters, over ${MAX_SUBJECT}: add a shorter subject: line`,
          });
        }
      }
    }
    if (tip && !issue.draft) {
      if (tip.draft) {
        problems.push({
          file: issue.file,
          field: 'tip',
          message: `"${issue.tip}" is a draft: publish the tip (draft: false) or mark this issue as a draft too`,
        });
      }
      if (tip.date > issue.date) {
        problems.push({
          file: issue.file,
          field: 'tip',
          message: `"${issue.tip}" is dated ${isoDay(tip.date)}, after this issue (${isoDay(issue.date)}): date the tip on or before the issue`,
        });
      }
    }

    if (issue.fromTheArchive !== undefined) {
      const archived = tipsById.get(issue.fromTheArchive);
      if (invalidIds.has(`tips/${issue.fromTheArchive}`)) {
        // reported where it is defined
      } else if (!archived) {
        problems.push({
          file: issue.file,
          field: 'fromTheArchive',
          message: `"${issue.fromTheArchive}" is not a tip: use the file name (without .mdx) of one in content/tips/`,
        });
      } else if (issue.fromTheArchive === issue.tip) {
        problems.push({
          file: issue.file,
          field: 'fromTheArchive',
          message: 'is the same as this week\'s tip: pick an older tip or remove the field',
        });
      } else if (!issue.draft && (archived.draft || archived.date > issue.date)) {
        problems.push({
          file: issue.file,
          field: 'fromTheArchive',
          message: `"${issue.fromTheArchive}" is not published by ${isoDay(issue.date)}: choose a tip that readers can already open`,
        });
      }
    }

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
        problems.push({
          file: issue.file,
          field: `picks.${index}.url`,
          message: `${url} is already pick ${first + 1} of this issue: remove one of them`,
        });
      } else seen.set(key, index);
    });
  }
  return problems;
}
