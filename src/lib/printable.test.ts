import { describe, expect, it } from 'vitest';
import { cleanText } from '../subscribers/email-address.ts';
import { printable } from './printable.ts';

describe('printable', () => {
  it('shows terminal escapes and direction overrides instead of obeying them', () => {
    expect(printable('a\u001b[2Jb')).toBe('a\\u{1b}[2Jb');
    expect(printable('moc.\u202eelpmaxe')).toBe('moc.\\u{202e}elpmaxe');
    expect(printable('\u0085next')).toBe('\\u{85}next');
    expect(printable('Ana Silva')).toBe('Ana Silva');
  });
});

describe('cleanText', () => {
  it('drops control, C1 and bidi characters from form input', () => {
    expect(cleanText('Eve\u001b[31m \u202eevE\u0085')).toBe('Eve [31m evE');
    expect(cleanText('  tip:own-it \u0007')).toBe('tip:own-it');
  });
});
