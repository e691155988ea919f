/**
 * Templates for `npm run new`: a tip or next week's issue with complete, valid
 * frontmatter and a comment on every field. Pure: the CLI reads and writes the files.
 */
import { slug } from 'github-slugger';
import { isoDay } from '../lib/dates.ts';
import type { RawContent } from './raw.ts';

const yamlString = (text: string) => JSON.stringify(text);

/**
 * Every placeholder the templates write, by field. `{n}` stands for a pick's number. The content
 * check refuses these in an entry that is not a draft, so this list and the templates cannot drift.
 */
export const PLACEHOLDERS = {
  tip: {
    summary: 'Say in one or two sentences what the reader will learn and why it matters at the front line.',
    takeaway: 'Write the one line a reader should remember.',
    heroAlt: 'What the picture shows',
    body: 'Start with a situation your readers will recognise. Then the lesson, in plain words.',
  },
  issue: {
    subject: 'Tip of the Week #{n}: ...',
    preheader: '...',
    body: "Optional editor's note: anything below this line appears at the end of the issue. Delete it if you have nothing to add.",
  },
  pick: {
    title: 'Title of article {n}',
    url: 'https://example.com/replace-with-article-{n}',
    author: 'Author name',
    source: 'Publication',
    summary: 'Replace this with two or three sentences, in your own words, on what the article says.',
    comment: 'Replace this with your own comment on why this matters to a customer-service team.',
  },
} as const;

/** A placeholder with its `{n}` filled in. */
const fill = (placeholder: string, n: number) => placeholder.replaceAll('{n}', String(n));

export function tipFileName(title: string): string {
  const name = slug(title).slice(0, 60).replace(/-+$/, '');
  if (!name) throw new Error('The title needs at least one letter or digit to make a file name from.');
  return `${name}.mdx`;
}

export function tipTemplate({ title, date, author }: { title: string; date: Date; author: string }): string {
  return `---
# The headline (5-90 characters). Also used in the email subject.
title: ${yamlString(title)}
# Publication day. The tip stays hidden until then.
date: ${isoDay(date)}
# One or two sentences for lists, search results and link previews (30-280 characters).
summary: ${yamlString(PLACEHOLDERS.tip.summary)}
# The lesson in one sentence (at most 160 characters). The page and the email show it in a box
# above the text, so the text need not repeat it.
takeaway: ${yamlString(PLACEHOLDERS.tip.takeaway)}
# 1-6 lowercase topics; reuse existing tags where you can (see /tags/).
tags: [customer service]
# File name of the author in content/authors/ (without .yaml).
author: ${author}
# Optional picture next to this file, with alt text describing it:
# hero: ./images/my-picture.jpg
# heroAlt: ${yamlString(PLACEHOLDERS.tip.heroAlt)}
# Optional label above the title, e.g. "Guest post":
# series: Guest post
# true keeps the tip out of every page, feed and email. Set to false when it is ready.
draft: true
# The text below is MDX: Markdown plus components such as <Dialogue>, <Quiz> and <TipsList>
# (docs/editing.md lists them); write &lt; or \\< for a less-than sign and \\{ for a brace.
---

${PLACEHOLDERS.tip.body}
`;
}

export function issueTemplate({ number, date, tip }: { number: number; date: Date; tip: string }): string {
  const pick = (n: number) => `  - # The article's own headline
    title: ${yamlString(fill(PLACEHOLDERS.pick.title, n))}
    # Address of the article (https, no tracking parameters)
    url: ${fill(PLACEHOLDERS.pick.url, n)}
    # Who wrote it ("Staff" if unsigned)
    author: ${yamlString(PLACEHOLDERS.pick.author)}
    # Where it was published
    source: ${yamlString(PLACEHOLDERS.pick.source)}
    # What it says, in your own words (two or three sentences)
    summary: >-
      ${PLACEHOLDERS.pick.summary}
    # Why it matters to a service team ("My comment"). Markdown is fine.
    comment: >-
      ${PLACEHOLDERS.pick.comment}`;
  return `---
# Issue number: one more than the last issue.
number: ${number}
# The day it goes live and is sent (one issue per week).
date: ${isoDay(date)}
# This week's tip: its file name in content/tips/ (without .mdx).
tip: ${tip}
# Optional: the local time the email goes out that day (default: sendTime in src/config/site.ts, in its timeZone).
# sendAt: "06:00"
# Optional: an older tip to resurface at the end.
# fromTheArchive: file-name-of-an-older-tip
# Optional: email subject (default "Tip of the Week #${number}: <tip title>", at most 78 characters) and preview text.
# subject: ${yamlString(fill(PLACEHOLDERS.issue.subject, number))}
# preheader: ${yamlString(PLACEHOLDERS.issue.preheader)}
# 3 to 10 links to articles elsewhere.
picks:
${[1, 2, 3].map(pick).join('\n')}
# true keeps the issue out of the site, the feed and sending. Set to false when it is ready.
draft: true
# The note below is plain Markdown. To use a tip component in it, rename this file to .mdx.
---

${PLACEHOLDERS.issue.body}
`;
}

/**
 * The next issue: number after the highest; dated on the publication's weekday (a whole number of
 * weeks after the latest issue), on the first such day after today, so "next week's issue" is
 * dated next week even when the last issue is months old (as the sample's is for a newcomer);
 * pointing at the newest tip no issue has used.
 */
export function nextIssue(content: RawContent, today: Date): { number: number; date: Date; tip: string } {
  const issues = content.issues.map((e) => (e.data ?? {}) as Record<string, unknown>);
  const numbers = issues.map((d) => d['number']).filter((n): n is number => typeof n === 'number');
  const dates = issues.map((d) => dayOf(d['date'])).filter((d) => !Number.isNaN(d.getTime()));
  const latest = dates.length ? Math.max(...dates.map((d) => d.getTime())) : undefined;
  const startOfToday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const week = 7 * 86_400_000;
  const date = latest === undefined ? new Date(startOfToday) : new Date(latest + Math.max(1, Math.floor((startOfToday - latest) / week) + 1) * week);
  const used = new Set(issues.flatMap((d) => [d['tip'], d['fromTheArchive']]).filter((t): t is string => typeof t === 'string'));
  const unused = content.tips
    .filter((t) => !used.has(t.id))
    .map((t) => ({ id: t.id, date: dayOf(((t.data ?? {}) as Record<string, unknown>)['date']) }))
    .sort((a, b) => b.date.getTime() - a.date.getTime());
  return { number: (numbers.length ? Math.max(...numbers) : 0) + 1, date, tip: unused[0]?.id ?? 'write-a-tip-first' };
}

/** A frontmatter date as written (text, or a Date from a YAML 1.1 loader) as a Date; invalid when it is neither. */
const dayOf = (value: unknown) => new Date(String(value instanceof Date ? value.toISOString() : value));
