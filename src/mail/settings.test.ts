import { describe, expect, it } from 'vitest';
import { parseEnv } from '../config/env.ts';
import { mailSettings, smtpOptionsFromUrl } from './settings.ts';

describe('smtpOptionsFromUrl', () => {
  it('reads host, port, TLS and credentials, decoding them', () => {
    expect(smtpOptionsFromUrl('smtps://ap%40i:p%3Ass@mail.example.com')).toEqual({ host: 'mail.example.com', port: 465, secure: true, auth: { user: 'ap@i', pass: 'p:ss' } });
    expect(smtpOptionsFromUrl('smtp://127.0.0.1:2525')).toEqual({ host: '127.0.0.1', port: 2525, secure: false });
  });
});

describe('mailSettings', () => {
  const readFile = () => {
    throw new Error('no key file in this test');
  };
  it('picks SES when MAIL_TRANSPORT=ses, with region, endpoint and configuration set', () => {
    const env = parseEnv({ MAIL_TRANSPORT: 'ses', AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:8005', SES_CONFIGURATION_SET: 'weekly', SMTP_URL: 'smtp://127.0.0.1:2525' });
    expect(mailSettings(env, readFile)).toEqual({ kind: 'ses', region: 'eu-west-1', endpoint: 'http://127.0.0.1:8005', configurationSet: 'weekly', dkim: undefined });
  });
  it('keeps SMTP (or the outbox) by default', () => {
    expect(mailSettings(parseEnv({ SMTP_URL: 'smtp://127.0.0.1:2525' }), readFile)).toMatchObject({ kind: 'smtp' });
    expect(mailSettings(parseEnv({}), readFile)).toMatchObject({ kind: 'eml', dir: 'outbox' });
  });
  it('says what is missing or wrong', () => {
    expect(() => mailSettings(parseEnv({ MAIL_TRANSPORT: 'ses' }), readFile)).toThrow('MAIL_TRANSPORT=ses needs AWS_REGION, the region of your SES account (e.g. eu-west-1).');
    expect(() => parseEnv({ MAIL_TRANSPORT: 'sendgrid' })).toThrow('MAIL_TRANSPORT must be "smtp" (SMTP_URL, or .eml files without it) or "ses" (Amazon SES API v2)');
    expect(() => parseEnv({ MAIL_TRANSPORT: 'ses', AWS_REGION: 'Ireland' })).toThrow('AWS_REGION must be an AWS region such as eu-west-1 or us-east-1');
  });
});
