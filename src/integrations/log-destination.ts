/**
 * Astro's own console log destination, minus two kinds of line:
 * - in `npm run dev`, a URL that matches a dynamic route but no page (a mistyped /tips/<name>/)
 *   logs a [router] warning for what is an ordinary 404, already shown in the request log;
 * - in a build, the line per prerendered page (`├─ /tips/x/index.html (+3ms)`, or `(cached)`
 *   and `(restored)` for a page Astro's incremental build reused): about 1,800 lines for a
 *   1,000-tip publication, which bury the lines that matter. One line counts them instead
 *   ("1,828 pages: 219 rendered, 1,609 reused from the last build"); Astro's own
 *   `npm run build -- --timings` report lists the slowest pages.
 * Everything else is printed as Astro prints it, minus the values of `token=` parameters (the
 * server's handler logs the URL of a page that failed, and confirm links carry a token). Loaded by
 * Astro through `logger.entrypoint` in astro.config.mjs, in the build and in the built server.
 * The per-page lines are recognised by their text: if Astro changes it, they are printed again
 * and the count is missing, nothing worse.
 */
import type { AstroLoggerDestination } from 'astro';
import nodeDestination from 'astro/logger/node';
import { redactTokens } from '../server/log.ts';

interface LogEvent {
  level: string;
  label: string | null;
  message: string;
}

/** Whether a log event is the dev router's "no matching static path" warning for a 404. */
export function isNoMatchingStaticPathWarning(event: LogEvent): boolean {
  return event.level === 'warn' && event.label === 'router' && event.message.includes('no matching static path was found');
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** Which part of a build's per-page line an event is: its path, or how it ended (rendered in a time, or reused). */
export function perPageLinePart(event: LogEvent): 'path' | 'rendered' | 'reused' | undefined {
  if (event.level !== 'info') return undefined;
  const text = event.message.replace(ANSI, '');
  if (event.label === null) return /^\s*├─ \S/.test(text) ? 'path' : undefined;
  if (event.label !== 'SKIP_FORMAT') return undefined;
  if (/^\s*\(\+[\d.]+m?s\)\s*$/.test(text)) return 'rendered';
  if (/^\s*\((cached|restored)\)\s*$/.test(text)) return 'reused';
  return undefined;
}

/** The social cards' route (src/pages/og/): their count and drawing time get a line of their own. */
const CARD_PATH = /^\s*├─ \/og\//;

/** Counts the pages of one prerendering run, for the line that replaces theirs. */
export class PageTally {
  rendered = 0;
  reused = 0;
  #card = false;
  cards = { drawn: 0, reused: 0, millis: 0 };

  /** Takes a per-page part (and its text: a card's path, a rendered page's time); returns false for any other event. */
  add(part: ReturnType<typeof perPageLinePart>, text = ''): boolean {
    if (part === 'path') this.#card = CARD_PATH.test(text.replace(ANSI, ''));
    if (part === 'rendered') this.rendered += 1;
    if (part === 'reused') this.reused += 1;
    if (this.#card && part === 'rendered') this.#addCard(text);
    if (this.#card && part === 'reused') this.cards.reused += 1;
    return part !== undefined;
  }

  #addCard(text: string): void {
    const time = /\(\+([\d.]+)(m?s)\)/.exec(text.replace(ANSI, ''));
    this.cards.drawn += 1;
    if (time) this.cards.millis += Number(time[1]) * (time[2] === 's' ? 1000 : 1);
  }

  /** The social cards' line for `npm run bench:build` (undefined if the run had none), and a fresh count. */
  takeCards(): string | undefined {
    const { drawn, reused, millis } = this.cards;
    this.cards = { drawn: 0, reused: 0, millis: 0 };
    if (drawn + reused === 0) return undefined;
    return `social cards: ${drawn.toLocaleString('en-US')} drawn in ${(millis / 1000).toFixed(2)} s, ${reused.toLocaleString('en-US')} reused`;
  }

  /** The summary line once a run ended (undefined if there was none), and a fresh count. */
  take(): string | undefined {
    const { rendered, reused } = this;
    this.rendered = this.reused = 0;
    if (rendered + reused === 0) return undefined;
    const count = (n: number) => n.toLocaleString('en-US');
    return reused ? `${count(rendered + reused)} pages: ${count(rendered)} rendered, ${count(reused)} reused from the last build` : `${count(rendered)} pages rendered`;
  }
}

export default function quietDestination(config?: Parameters<typeof nodeDestination>[0]): AstroLoggerDestination {
  const destination = nodeDestination(config);
  const tally = new PageTally();
  return {
    ...destination,
    write(event) {
      if (isNoMatchingStaticPathWarning(event) || tally.add(perPageLinePart(event), event.message)) return;
      const cards = tally.takeCards();
      const summary = tally.take();
      if (summary) destination.write({ ...event, level: 'info', label: 'build', message: summary });
      if (cards) destination.write({ ...event, level: 'info', label: 'build', message: cards });
      destination.write({ ...event, message: redactTokens(event.message) });
    },
  };
}
