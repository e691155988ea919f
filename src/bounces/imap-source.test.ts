import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/env.ts';
import { UsageError } from '../cli/errors.ts';
import { isImapSource, parseImapSource } from './imap-source.ts';

describe('parseImapSource', () => {
  it('reads imaps:// and imap:// URLs, the password from the environment', () => {
    expect(parseImapSource('imaps://bounces%40tips.example.com@mail.example.com/INBOX', 'pw')).toEqual({
      host: 'mail.example.com', port: 993, secure: true, doSTARTTLS: undefined, user: 'bounces@tips.example.com', pass: 'pw', mailbox: 'INBOX', display: 'imaps://bounces%40tips.example.com@mail.example.com/INBOX',
    });
    expect(parseImapSource('imap://bounces@mail.example.com', 'pw')).toMatchObject({ port: 143, secure: false, doSTARTTLS: true, mailbox: 'INBOX' });
    expect(parseImapSource('imap://bounces@127.0.0.1:1143/Bounces/2026', 'pw')).toMatchObject({ port: 1143, doSTARTTLS: undefined, mailbox: 'Bounces/2026' });
    expect(isImapSource('IMAPS://x@y/INBOX')).toBe(true);
    expect(isImapSource('Maildir')).toBe(false);
  });

  it('refuses a password in the URL, without repeating it', () => {
    const source = 'imaps://bounces:hunter22@mail.example.com/INBOX';
    expect(() => parseImapSource(source, 'pw')).toThrow(UsageError);
    expect(() => parseImapSource(source, 'pw')).toThrow('Do not put the IMAP password in the URL (it would show in logs and in the process list): remove it from imaps://bounces@mail.example.com/INBOX and set BOUNCE_IMAP_PASSWORD instead.');
  });

  it('asks for a user and for BOUNCE_IMAP_PASSWORD', () => {
    expect(() => parseImapSource('imaps://mail.example.com/INBOX', 'pw')).toThrow('imaps://mail.example.com/INBOX names no user: write it as imaps://user@mail.example.com/INBOX (an @ in the user name as %40).');
    expect(() => parseImapSource('imaps://bounces@mail.example.com/INBOX', undefined)).toThrow(ConfigError);
    expect(() => parseImapSource('imaps://bounces@mail.example.com/INBOX', undefined)).toThrow('BOUNCE_IMAP_PASSWORD is not set: set it to the password of bounces on mail.example.com to read imaps://bounces@mail.example.com/INBOX.');
  });
});
