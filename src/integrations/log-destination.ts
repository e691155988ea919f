/**
 * Astro's own console log destination, minus one line: in `npm run dev`, a URL that matches a
 * dynamic route but no page (a mistyped /tips/<name>/) logs a [router] warning for what is an
 * ordinary 404, already shown in the request log. Everything else is printed as Astro prints it.
 * Loaded by Astro through `logger.entrypoint` in astro.config.mjs.
 */
import type { AstroLoggerDestination } from 'astro';
import nodeDestination from 'astro/logger/node';

interface LogEvent {
  level: string;
  label: string | null;
  message: string;
}

/** Whether a log event is the dev router's "no matching static path" warning for a 404. */
export function isNoMatchingStaticPathWarning(event: LogEvent): boolean {
  return event.level === 'warn' && event.label === 'router' && event.message.includes('no matching static path was found');
}

export default function quietDestination(config?: Parameters<typeof nodeDestination>[0]): AstroLoggerDestination {
  const destination = nodeDestination(config);
  return {
    ...destination,
    write(event) {
      if (!isNoMatchingStaticPathWarning(event)) destination.write(event);
    },
  };
}
