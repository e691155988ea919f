import { describe, expect, it } from 'vitest';
import type { MailSettings } from '../mail/settings.ts';
import { chooseSendRate } from './send-rate.ts';

const ses: MailSettings = { kind: 'ses', region: 'eu-west-1', endpoint: undefined, configurationSet: undefined, dkim: undefined };
const smtp: MailSettings = { kind: 'smtp', url: 'smtp://127.0.0.1:2525', dkim: undefined };
const unused = async () => {
  throw new Error('the account must not be read');
};

describe('chooseSendRate', () => {
  it('takes --rate as given, without asking SES', async () => {
    expect(await chooseSendRate(3, ses, unused)).toEqual({ rate: 3, note: 'At most 3 message(s) per second (--rate).' });
  });
  it("defaults to the SES account's MaxSendRate", async () => {
    expect(await chooseSendRate(undefined, ses, async () => ({ readable: true, maxSendRate: 14, sendingEnabled: true }))).toEqual({
      rate: 14,
      note: "At most 14 message(s) per second: the SES account's MaxSendRate (add --rate <n> to override it).",
    });
  });
  it('sends without a limit when the account cannot be read, and says why', async () => {
    const chosen = await chooseSendRate(undefined, ses, async () => ({ readable: false, reason: 'AccessDeniedException: not authorized to perform ses:GetAccount' }));
    expect(chosen).toEqual({ rate: undefined, note: expect.stringContaining("The SES account's MaxSendRate could not be read (AccessDeniedException: not authorized to perform ses:GetAccount)") });
  });
  it('refuses to start when SES says sending is paused', async () => {
    await expect(chooseSendRate(undefined, ses, async () => ({ readable: true, maxSendRate: 14, sendingEnabled: false }))).rejects.toThrow('Amazon SES reports that sending is paused for this account');
  });
  it('leaves SMTP to its pool', async () => {
    expect(await chooseSendRate(undefined, smtp, unused)).toEqual({ rate: undefined, note: '' });
  });
});
