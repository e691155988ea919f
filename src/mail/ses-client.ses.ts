/**
 * The Amazon SES API v2 client, built one way for sending and for reading the account.
 * Region and endpoint come from the settings; credentials from the AWS SDK's usual chain.
 */
import { GetAccountCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { describeSesError } from './ses-errors.ts';
import type { MailSettings } from './settings.ts';

export type SesSettings = Extract<MailSettings, { kind: 'ses' }>;

/**
 * One attempt per request: the SDK would otherwise send a SendEmail again when its answer
 * was lost, after SES may have taken the message. The ledger alone decides what is retried
 * (as maxRequeues: 0 does for the SMTP pool). Timeouts keep a silent endpoint from hanging a run.
 */
export function createSesClient(settings: SesSettings): SESv2Client {
  return new SESv2Client({
    region: settings.region,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
  });
}

export type SesAccount =
  | { readable: true; maxSendRate: number | undefined; sendingEnabled: boolean }
  | { readable: false; reason: string };

/** The account's sending quota and state (GetAccount), or why they could not be read (e.g. no ses:GetAccount permission). */
export async function readSesAccount(settings: SesSettings): Promise<SesAccount> {
  const client = createSesClient(settings);
  try {
    const account = await client.send(new GetAccountCommand({}));
    const rate = account.SendQuota?.MaxSendRate;
    return { readable: true, maxSendRate: rate && rate > 0 ? rate : undefined, sendingEnabled: account.SendingEnabled !== false };
  } catch (error) {
    return { readable: false, reason: describeSesError(error as Error) };
  } finally {
    client.destroy();
  }
}
