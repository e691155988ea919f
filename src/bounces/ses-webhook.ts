/**
 * POST /webhooks/ses: Amazon SNS delivers SES bounce, complaint and delivery notifications here. Anyone can
 * POST, so nothing is acted on before the SNS signature verifies against a certificate from an SNS host, the
 * topic is one we subscribed and the message is recent (sns.ts). Refusals are 403 with a one-line reason;
 * a failure on our side is 500 without details, so SNS retries later (an event applied twice is recorded once).
 */
import { FormTooLargeError, readLimitedText } from '../server/forms.ts';
import type { ApplyOutcome } from './feedback.db.ts';
import type { FeedbackEvent } from './feedback.ts';
import { outcomeText } from './outcome-text.ts';
import { sesEvents, verifySnsMessage } from './sns.ts';

/** SES notifications are a few KB; SNS caps messages at 256 KB. */
export const MAX_SNS_BODY_BYTES = 256 * 1024;

export interface SesWebhookDeps {
  fetchCertificate: (url: string) => Promise<string>;
  /** GETs a verified SubscriptionConfirmation's SubscribeURL. */
  confirmSubscription: (url: string) => Promise<void>;
  /** SES_SNS_TOPIC_ARNS: the only topics accepted; none configured refuses everything. */
  topicArns: readonly string[];
  apply: (event: FeedbackEvent, now: Date) => Promise<ApplyOutcome>;
  now: () => Date;
  log: (line: string) => void;
}

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(`${body}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers } });

export async function handleSesWebhook(request: Request, deps: SesWebhookDeps): Promise<Response> {
  if (request.method !== 'POST') return text(405, 'Method not allowed: SNS delivers with POST.', { Allow: 'POST' });
  if (deps.topicArns.length === 0) {
    deps.log('A POST to /webhooks/ses was refused: SES_SNS_TOPIC_ARNS is not set, so no topic is accepted.');
    return text(403, 'Refused: this webhook accepts no SNS topic yet (SES_SNS_TOPIC_ARNS is not set).');
  }
  let body: unknown;
  try {
    body = JSON.parse(await readLimitedText(request, MAX_SNS_BODY_BYTES));
  } catch (error) {
    if (error instanceof FormTooLargeError) return text(413, `Refused: the body is larger than ${MAX_SNS_BODY_BYTES} bytes.`);
    return text(400, 'Refused: the body is not JSON.');
  }
  const now = deps.now();
  const verified = await verifySnsMessage(body, { fetchCertificate: deps.fetchCertificate, now, topicArns: deps.topicArns });
  if (!verified.ok) {
    deps.log(`An SNS message was refused: ${verified.reason}.`);
    return text(403, `Refused: ${verified.reason}.`);
  }
  const message = verified.message;
  if (message.Type === 'SubscriptionConfirmation') {
    try {
      await deps.confirmSubscription(message.SubscribeURL!);
    } catch (error) {
      deps.log(`The SNS subscription to ${message.TopicArn} could not be confirmed: ${(error as Error).message}. In the SNS console, select the subscription and choose "Request confirmation" to try again.`);
      return text(502, 'The subscription could not be confirmed; try again.');
    }
    deps.log(`Confirmed the SNS subscription to ${message.TopicArn}: SES notifications will arrive here.`);
    return text(200, 'Subscription confirmed.');
  }
  if (message.Type === 'UnsubscribeConfirmation') {
    deps.log(`SNS says this endpoint was unsubscribed from ${message.TopicArn}: no more SES notifications will arrive from it.`);
    return text(200, 'Noted.');
  }
  try {
    const results = [];
    for (const event of sesEvents(message)) {
      const outcome = await deps.apply(event, now);
      results.push(outcomeText(event, outcome));
    }
    if (results.length > 0) deps.log(`SES notification ${message.MessageId}: ${results.join('; ')}`);
    return text(200, results.length === 0 ? 'No bounce, complaint or delivery in this notification.' : results.join('\n'));
  } catch (error) {
    deps.log(`SES notification ${message.MessageId} could not be recorded (SNS will deliver it again): ${(error as Error).message}`);
    return text(500, 'Not recorded; deliver it again later.');
  }
}
