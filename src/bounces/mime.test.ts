import { describe, expect, it } from 'vitest';
import { decodeWords, header, parseContentType, parseFieldGroups, parseMime, partText, walkParts } from './mime.ts';

describe('parseMime', () => {
  it('unfolds headers and decodes quoted-printable and base64 bodies in their charset', () => {
    const raw = [
      'Subject: a long',
      '\tsubject',
      'Content-Type: multipart/mixed; boundary="x=?y"',
      '',
      'preamble',
      '--x=?y',
      'Content-Type: text/plain; charset=windows-1252',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'wasn=92t soft=',
      'wrapped',
      '--x=?y',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('héllo').toString('base64'),
      '--x=?y--',
      'epilogue',
    ].join('\r\n');
    const root = parseMime(Buffer.from(raw, 'latin1'));
    expect(header(root.headers, 'Subject')).toBe('a long subject');
    expect(root.parts.map(partText)).toEqual(['wasn\u2019t softwrapped', 'héllo']);
  });

  it('keeps the parts of a truncated multipart (no closing delimiter)', () => {
    const raw = 'Content-Type: multipart/report; boundary=b\n\n--b\nContent-Type: text/plain\n\none\n--b\nContent-Type: message/delivery-status\n\nAction: failed\n';
    expect(walkParts(parseMime(Buffer.from(raw))).map((p) => p.contentType)).toEqual([
      'multipart/report',
      'text/plain',
      'message/delivery-status',
    ]);
  });

  it('stops nesting at a depth limit instead of recursing forever', () => {
    let raw = 'Content-Type: text/plain\n\nleaf\n';
    for (let i = 0; i < 50; i++) raw = `Content-Type: multipart/mixed; boundary=b${i}\n\n--b${i}\n${raw}--b${i}--\n`;
    expect(walkParts(parseMime(Buffer.from(raw))).length).toBeLessThan(20);
  });
});

describe('header helpers', () => {
  it('parses Content-Type parameters, quoted or not', () => {
    expect(parseContentType('Multipart/Report; report-type=delivery-status;\tboundary="a;b"')).toEqual({
      type: 'multipart/report',
      params: { 'report-type': 'delivery-status', boundary: 'a;b' },
    });
    expect(parseContentType(undefined)).toEqual({ type: 'text/plain', params: {} });
  });

  it('decodes RFC 2047 encoded words, joining adjacent ones', () => {
    expect(decodeWords('=?UTF-8?B?w4lsw6h2ZQ==?= =?ISO-8859-1?Q?_r=E9ponse?= end')).toBe('Élève réponse end');
  });

  it('splits delivery-status field groups on blank lines', () => {
    const groups = parseFieldGroups('Reporting-MTA: dns; a\r\n\r\nFinal-Recipient: rfc822; x@y\r\nStatus: 5.1.1\r\n \r\nFinal-Recipient: rfc822; z@y\r\n');
    expect(groups.map((g) => g.map((h) => h.name))).toEqual([['reporting-mta'], ['final-recipient', 'status'], ['final-recipient']]);
  });
});
