import { describe, expect, it } from 'vitest';
import { smtpOptionsFromUrl } from './settings.ts';

describe('smtpOptionsFromUrl', () => {
  it('reads host, port, TLS and credentials, decoding them', () => {
    expect(smtpOptionsFromUrl('smtps://ap%40i:p%3Ass@mail.example.com')).toEqual({ host: 'mail.example.com', port: 465, secure: true, auth: { user: 'ap@i', pass: 'p:ss' } });
    expect(smtpOptionsFromUrl('smtp://127.0.0.1:2525')).toEqual({ host: '127.0.0.1', port: 2525, secure: false });
  });
});
