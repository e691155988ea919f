import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from '../config/env.ts';
import { bounceSigning, returnPathFor, verpSecret } from './bounce-signing.ts';
import { readVerp } from './verp.ts';
import { TEST_SECRET as SECRET } from '../testing/secrets.ts';


describe('BOUNCE_ADDRESS and the VERP key', () => {
  it('gives each subscriber a return path that reads back to them, keyed apart from the link secret', () => {
    const signing = bounceSigning('bounces@tips.example.com', SECRET)!;
    expect(signing.secret).toBe(verpSecret(SECRET));
    expect(signing.secret).not.toContain(SECRET);
    expect(verpSecret(`${SECRET}x`)).not.toBe(signing.secret);
    const address = returnPathFor(signing, 42)!;
    expect(address).toMatch(/^bounces\+16-[a-z2-7]{16}@tips\.example\.com$/);
    expect(readVerp(address, 'bounces@tips.example.com', signing.secret)).toEqual({ subscriberId: 42 });
    expect(readVerp(address, 'bounces@tips.example.com', SECRET)).toBeUndefined();
  });

  it('is off without BOUNCE_ADDRESS', () => {
    expect(bounceSigning(undefined, SECRET)).toBeUndefined();
    expect(returnPathFor(undefined, 42)).toBeUndefined();
  });

  it('refuses at start-up an address too long for VERP, saying what to use instead', () => {
    const long = `${'b'.repeat(50)}@tips.example.com`;
    expect(() => bounceSigning(long, SECRET)).toThrow(ConfigError);
    expect(() => bounceSigning(long, SECRET)).toThrow(/is too long for VERP: .* Use a shorter local part such as "bounces"\.$/);
  });

  it('names a bad BOUNCE_ADDRESS or SES_SNS_TOPIC_ARNS in the settings', () => {
    expect(() => parseEnv({ BOUNCE_ADDRESS: 'bounces+x@tips.example.com' })).toThrow('BOUNCE_ADDRESS must not contain "+": each message adds "+<token>" to it (VERP). Use e.g. bounces@tips.example.com');
    expect(() => parseEnv({ BOUNCE_ADDRESS: 'not an address' })).toThrow('BOUNCE_ADDRESS must be one plain address such as bounces@tips.example.com');
    expect(() => parseEnv({ SES_SNS_TOPIC_ARNS: 'arn:aws:sns:eu-west-1:123456789012:ok, tips-feedback' })).toThrow(
      '"tips-feedback" is not an SNS topic ARN such as arn:aws:sns:eu-west-1:123456789012:tips-ses-feedback',
    );
    expect(parseEnv({ SES_SNS_TOPIC_ARNS: ' arn:aws:sns:eu-west-1:123456789012:a , arn:aws:sns:us-east-1:123456789012:b ' }).SES_SNS_TOPIC_ARNS).toEqual([
      'arn:aws:sns:eu-west-1:123456789012:a',
      'arn:aws:sns:us-east-1:123456789012:b',
    ]);
    expect(parseEnv({}).SES_SNS_TOPIC_ARNS).toEqual([]);
  });
});
