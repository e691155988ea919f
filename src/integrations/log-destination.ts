/**
 * Astro's own console log destination, minus two kinds of line:
 * - in `npm run dev`, a URL that matches a dynamic route but no page (a mistyped /tips/<name>/)
 *   logs a [router] warning for what is an ordinary 404, already shown in the request log;
 * - in a build, the line per prerendered page (`├─ /tips/x/index.html (+3ms)`): pages render
 *   on two threads, so Astro prints every path first and their times later, out of order;
 *   the parallel-prerender integration prints pages and time per route instead.
 * Everything else is printed as Astro prints it, minus the values of `token=` parameters (the
 * server's handler logs the URL of a page that failed, and confirm links carry a token). Loaded by
 * Astro through `logger.entrypoint` in astro.config.mjs, in the build and in the built server.
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

/** Whether a log event is one of the two parts of a build's per-page line: the path, or its time. */
export function isPerPageBuildLine(event: LogEvent): boolean {
  if (event.level !== 'info') return false;
  const text = event.message.replace(ANSI, '');
  if (event.label === null) return /^\s*├─ \S/.test(text);
  return event.label === 'SKIP_FORMAT' && /^\s*\(\+[\d.]+m?s\)\s*$/.test(text);
}

export default function quietDestination(config?: Parameters<typeof nodeDestination>[0]): AstroLoggerDestination {
  const destination = nodeDestination(config);
  return {
    ...destination,
    write(event) {
      if (!isNoMatchingStaticPathWarning(event) && !isPerPageBuildLine(event)) destination.write({ ...event, message: redactTokens(event.message) });
    },
  };
}
