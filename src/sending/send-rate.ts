/**
 * The pace of a send: --rate when given; for SES, the account's MaxSendRate when it can be
 * read; otherwise no limit. Also refuses to start when SES says the account may not send.
 * The account lookup is a parameter, so this stays free of I/O.
 */
import { CliError } from '../cli/errors.ts';
import type { SesAccount, SesSettings } from '../mail/ses-client.ses.ts';
import type { MailSettings } from '../mail/settings.ts';

export interface SendRate {
  rate: number | undefined;
  /** For the header printed before sending; empty when there is nothing to say. */
  note: string;
}

export async function chooseSendRate(given: number | undefined, settings: MailSettings, readAccount: (settings: SesSettings) => Promise<SesAccount>): Promise<SendRate> {
  if (given !== undefined) return { rate: given, note: `At most ${given} message(s) per second (--rate).` };
  if (settings.kind !== 'ses') return { rate: undefined, note: '' };
  const account = await readAccount(settings);
  if (!account.readable) {
    return { rate: undefined, note: `The SES account's MaxSendRate could not be read (${account.reason}), so no rate is set; add --rate <n> to set one. Throttled messages are retried with backoff.` };
  }
  if (!account.sendingEnabled) {
    throw new CliError('Amazon SES reports that sending is paused for this account (GetAccount: SendingEnabled is false). Nothing was sent. Resolve it in the AWS console (SES account dashboard), then run the same command again.');
  }
  if (account.maxSendRate === undefined) return { rate: undefined, note: 'The SES account reports no MaxSendRate, so no rate is set; add --rate <n> to set one.' };
  return { rate: account.maxSendRate, note: `At most ${account.maxSendRate} message(s) per second: the SES account's MaxSendRate (add --rate <n> to override it).` };
}
