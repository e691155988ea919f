import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { issueMessage } from './message.ts';

const input = {
  subject: 'Tip of the Week #6: Giving the right kind of "no"',
  html: '<p>Hi {{first_name|there}},</p><a href="https://hbr.org/x">Pick</a><a href="{{unsubscribe_url}}">Unsubscribe</a>',
  text: 'Hi {{first_name|there}},\nPick <https://hbr.org/x>\nUnsubscribe <{{unsubscribe_url}}>',
  recipient: { email: 'ana@example.org', firstName: 'Ana <script>' },
  from: '"Tip of the Week" <editor@tips.example.com>',
  replyTo: 'editor@tips.example.com',
  unsubscribeUrl: 'https://tips.example.com/unsubscribe/?token=abc',
  unsubscribeMailto: 'mailto:unsubscribe@tips.example.com?subject=unsubscribe',
  siteUrl: 'https://tips.example.com/',
  publication: 'Tip of the Week',
  messageKey: 'issue-6.42',
  date: new Date('2026-11-16T08:00:00Z'),
};

describe('issueMessage', () => {
  it('produces a multipart message with the bulk-sender headers and the recipient filled in', async () => {
    const raw = await new MailComposer(issueMessage(input)).compile().build();
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe(input.subject);
    expect(mail.messageId).toBe('<issue-6.42@tips.example.com>');
    expect(mail.replyTo?.text).toBe('editor@tips.example.com');
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toBe(
      'List-Unsubscribe: <https://tips.example.com/unsubscribe/?token=abc>, <mailto:unsubscribe@tips.example.com?subject=unsubscribe>',
    );
    expect(mail.headerLines.find((h) => h.key === 'list-id')?.line).toBe('List-ID: "Tip of the Week" <tips.example.com>');
    expect(mail.text).toContain('Hi Ana <script>,');
    expect(mail.html).toContain('Hi Ana &lt;script&gt;,');
    expect(mail.html).toContain('href="https://tips.example.com/unsubscribe/?token=abc"');
    expect(`${mail.text}${mail.html}`).not.toContain('{{');
  });
});
