/**
 * What a server log line may contain. Every line the server writes passes through `safeLogLine` once, here:
 * signed tokens are redacted, control characters (a newline that would forge a second line, a terminal
 * escape that clears the screen) are shown escaped instead of obeyed, and a line stops at 2,000 characters,
 * so text copied from a request (a URL, an SNS TopicArn, an error quoting either) cannot forge or flood the
 * log. Pure.
 */
import { printable } from '../lib/printable.ts';

export type Log = (line: string) => void;

export const MAX_LOG_LINE = 2000;

/** Removes the value of every `token=` parameter (confirm and unsubscribe links carry one). */
export function redactTokens(text: string): string {
  return text.replace(/([?&]token=)[^\s&"'<>]+/g, '$1[redacted]');
}

/** One line, safe to print on a terminal and to feed to a log collector. */
export function safeLogLine(text: string): string {
  const line = printable(redactTokens(text));
  return line.length > MAX_LOG_LINE ? `${line.slice(0, MAX_LOG_LINE)}… (${line.length - MAX_LOG_LINE} more characters)` : line;
}

/** A log that prefixes `[label]` and makes every line safe before `write` sees it. */
export function labelledLog(write: Log, label: string): Log {
  return (line) => write(safeLogLine(`[${label}] ${line}`));
}

/** The path of a request URL for the log: no query (tokens, addresses), addresses in the path masked. */
export function loggablePath(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  return path.replace(/[^/\s]+(?:@|%40)[^/\s]+/gi, '[address]');
}

/** The request log line: method, path, status and milliseconds; never a query, a token or an address. */
export function requestLine(method: string, url: string, status: number, ms: number): string {
  return `${method.slice(0, 16)} ${loggablePath(url)} ${status} ${Math.round(ms)}ms`;
}
