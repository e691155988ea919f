import { describe, expect, it } from 'vitest';
import { labelledLog, MAX_LOG_LINE, requestLine, safeLogLine } from './log.ts';

describe('safeLogLine', () => {
  // Security review 2, item 7: a TopicArn with a newline forged a "[feedback] … applied: complaint" line.
  it('shows newlines and terminal escapes escaped, so one event is one line and the terminal obeys none of it', () => {
    const topic = 'x\n[feedback] SES notification 0f3c: applied: complaint for subscriber 1\n\u001b[2J\u001b[31mFAKE ALERT';
    const line = safeLogLine(`An SNS message was refused: TopicArn ${topic} is not one this webhook accepts.`);
    expect(line).not.toMatch(/[\n\r\u001b]/);
    expect(line).toBe('An SNS message was refused: TopicArn x\\u{a}[feedback] SES notification 0f3c: applied: complaint for subscriber 1\\u{a}\\u{1b}[2J\\u{1b}[31mFAKE ALERT is not one this webhook accepts.');
  });

  it('redacts tokens and cuts a flood at the limit, saying how much was left out', () => {
    expect(safeLogLine('GET /confirm/?token=abc.def-123&x=1 failed')).toBe('GET /confirm/?token=[redacted]&x=1 failed');
    const long = safeLogLine('a'.repeat(256 * 1024));
    expect(long).toHaveLength(MAX_LOG_LINE + ` (${256 * 1024 - MAX_LOG_LINE} more characters)`.length + 1);
  });

  it('labels lines and hands them on already safe', () => {
    const lines: string[] = [];
    labelledLog((l) => lines.push(l), 'feedback')('bad\ttopic\u0007');
    expect(lines).toEqual(['[feedback] bad\\u{9}topic\\u{7}']);
  });
});

describe('requestLine', () => {
  it('keeps method, path, status and time, and drops the query with its token and address', () => {
    expect(requestLine('GET', '/confirm/?token=eyJhbGciOi.abc&email=ana%40example.com', 200, 3.4)).toBe('GET /confirm/ 200 3ms');
    expect(requestLine('POST', '/subscribe/', 303, 12)).toBe('POST /subscribe/ 303 12ms');
  });
  it('masks an address written into the path itself', () => {
    expect(requestLine('GET', '/x/ana@example.com/y', 404, 1)).toBe('GET /x/[address]/y 404 1ms');
    expect(requestLine('GET', '/ana%40example.com', 404, 1)).toBe('GET /[address] 404 1ms');
  });
});
