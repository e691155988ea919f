/**
 * Builds the mail port from the settings: the only place nodemailer transports are
 * created, so pooling, rate and DKIM are configured once for the sender and the server alike.
 * nodemailer's pool would re-send a message whose connection closed after the server took
 * it; maxRequeues: 0 turns that off, so our ledger and outbox alone decide what is retried
 * (the SES client makes one attempt per request for the same reason). The pool notes
 * whether a message was lost after it was handed over in full (pool.smtp.ts): uncertain.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { statSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { ConfigError } from '../config/env.ts';
import { DataPhasePool } from './pool.smtp.ts';
import { rateLimiter } from './rate-limit.ts';
import type { SesSettings } from './ses-client.ses.ts';
import { classifySesError, describeSesError, type SesErrorLike } from './ses-errors.ts';
import { emlTransport } from './transport.eml.ts';
import type { DkimSettings, MailSettings, PoolSettings } from './settings.ts';
import { describeSmtpUrl, smtpOptionsFromUrl } from './settings.ts';
import { classifySmtpError, describeSmtpError, type SmtpErrorLike } from './smtp-errors.ts';
import type { MailTransport } from './transport.ts';

/** Every header that matters to inbox providers is signed, List-Unsubscribe-Post included (nodemailer's default list omits it). */
export const DKIM_HEADERS = 'From:Sender:Reply-To:Subject:Date:Message-ID:To:Cc:MIME-Version:Content-Type:Content-Transfer-Encoding:List-Id:List-Unsubscribe:List-Unsubscribe-Post';

const dkimOptions = (dkim: DkimSettings | undefined) =>
  dkim ? { dkim: { domainName: dkim.domainName, keySelector: dkim.keySelector, privateKey: dkim.privateKey, headerFieldNames: DKIM_HEADERS } } : {};

/**
 * Refuses, at start, a DKIM key that cannot sign: nodemailer skips signing without a word when the key does
 * not work (the mail goes out unsigned and fails DMARC), and signs with RSA only. A key file other users of
 * the machine can read is refused too, as the secret files are.
 */
export function checkDkim(dkim: DkimSettings | undefined, fileMode: (path: string) => number = (path) => statSync(path).mode): void {
  if (!dkim) return;
  const source = dkim.keyFile ? `DKIM_PRIVATE_KEY_FILE (${dkim.keyFile})` : 'DKIM_PRIVATE_KEY';
  if (dkim.keyFile && (fileMode(dkim.keyFile) & 0o077) !== 0) {
    throw new ConfigError(`${dkim.keyFile} (DKIM_PRIVATE_KEY_FILE) can be read by other users of this machine. Run \`chmod 600 ${dkim.keyFile}\`, then start again.`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(dkim.privateKey);
  } catch (error) {
    throw new ConfigError(`${source} is not a PEM private key (${(error as Error).message}), so mail would go out without a DKIM signature. Put the whole key in it, from "-----BEGIN PRIVATE KEY-----" to "-----END PRIVATE KEY-----" (e.g. made with \`openssl genrsa 2048\`), then start again.`);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < 1024) {
    throw new ConfigError(`${source} is ${key.asymmetricKeyType === 'rsa' ? `a ${bits}-bit RSA key` : `an ${key.asymmetricKeyType} key`}; DKIM signing here needs an RSA key of at least 1024 bits (2048 recommended; \`openssl genrsa 2048\`). Replace it, then start again.`);
  }
}
const signedBy = (dkim: DkimSettings | undefined) => (dkim ? `, DKIM-signed for ${dkim.domainName}` : '');

export function createMailTransport(settings: MailSettings, pool: PoolSettings, log: (line: string) => void = () => {}): MailTransport {
  checkDkim(settings.dkim);
  if (settings.kind === 'eml') return emlTransport(settings.dir, log);
  if (settings.kind === 'ses') return sesTransport(settings, pool);
  const smtpPool = new DataPhasePool({
    ...smtpOptionsFromUrl(settings.url),
    maxConnections: pool.connections,
    maxMessages: 1000,
    maxRequeues: 0,
    ...(pool.rate ? { rateDelta: 1000, rateLimit: pool.rate } : {}),
  });
  // With a transport object of our own, DKIM goes in as a default of every message (nodemailer's per-message `dkim` option).
  const transport = nodemailer.createTransport(smtpPool, dkimOptions(settings.dkim));
  return {
    async send(message) {
      const info = await transport.sendMail(message);
      return { messageId: info.messageId, response: info.response };
    },
    classify: (error) => classifySmtpError(error as SmtpErrorLike),
    describeError: (error) => describeSmtpError(error as SmtpErrorLike),
    describe: () => `${describeSmtpUrl(settings.url)}${signedBy(settings.dkim)}`,
    remedy: { stop: "Check the credentials in SMTP_URL (or the account's state)", unreachable: 'check SMTP_URL and the network' },
    close: async () => transport.close(),
  };
}

/** The AWS SDK, loaded on first use: a process that mails through SMTP never loads it (about 10 MiB of resident memory). */
async function loadSes(settings: SesSettings) {
  const [{ SendEmailCommand }, { createSesClient }] = await Promise.all([import('@aws-sdk/client-sesv2'), import('./ses-client.ses.ts')]);
  const sesClient = createSesClient(settings);
  return { sesClient, transport: nodemailer.createTransport({ SES: { sesClient, SendEmailCommand }, ...dkimOptions(settings.dkim) }) };
}

/**
 * Amazon SES through its API v2: nodemailer builds (and DKIM-signs) the raw MIME message,
 * every header included, and hands it to SendEmail. The HTTP API has no connection pool to
 * pace it, so the rate (--rate, or the account's MaxSendRate) is applied here.
 */
function sesTransport(settings: SesSettings, pool: PoolSettings): MailTransport {
  let ses: ReturnType<typeof loadSes> | undefined;
  const pace = rateLimiter(pool.rate, Date.now, (ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const perMessage = settings.configurationSet ? { ses: { ConfigurationSetName: settings.configurationSet } } : {};
  return {
    async send(message) {
      const { transport } = await (ses ??= loadSes(settings));
      await pace();
      const info = await transport.sendMail({ ...message, ...perMessage });
      return { messageId: info.messageId, response: `SES message id ${info.response}` };
    },
    classify: (error) => classifySesError(error as SesErrorLike),
    describeError: (error) => describeSesError(error as SesErrorLike),
    describe: () =>
      `Amazon SES (API v2, ${settings.region}${settings.endpoint ? `, endpoint ${settings.endpoint}` : ''})${settings.configurationSet ? `, configuration set ${settings.configurationSet}` : ''}${signedBy(settings.dkim)}`,
    remedy: {
      stop: "Check the SES account's sending status in the AWS console (paused or suspended), the configuration set and the AWS credentials",
      unreachable: 'check AWS_REGION, AWS_ENDPOINT_URL (when set) and the network',
    },
    close: async () => {
      const loaded = await ses?.catch(() => undefined);
      loaded?.transport.close();
      loaded?.sesClient.destroy();
    },
  };
}
