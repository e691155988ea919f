/**
 * One email's work after rendering, on a pool thread (email/build/emails.fs.ts): finish the
 * document (CSS inlined, URLs absolute, text part) and check the result. Pure, apart from the
 * CPU it costs: juice, html-to-text and caniemail load once per thread.
 */
import { checkEmail, type EmailProblem } from './checks.ts';
import { finishMarkedEmail, type FinishedEmail } from './finish.ts';

export interface EmailTask {
  /** The rendered document (the build's /email/<name>.html page). */
  document: string;
  siteUrl: string;
  /** The pick URLs, which both parts must carry (none for a notice). */
  pickUrls: string[];
}

export interface EmailResult extends FinishedEmail {
  /** What the checks found: empty when the email is fine. */
  problems: EmailProblem[];
}

export function finishAndCheck({ document, siteUrl, pickUrls }: EmailTask): EmailResult {
  const { marked, html, text } = finishMarkedEmail(document, siteUrl);
  return { html, text, problems: checkEmail({ html: marked, text, pickUrls }) };
}

export default finishAndCheck;
