import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { buildMessage, senderIdentity } from './message.ts';

const sender = senderIdentity({}, { title: 'Tip of the Week', editorEmail: 'editor@tips.example.com' }, 'https://tips.example.com/');
const issue = {
  subject: 'Tip of the Week #6: Giving the right kind of "no"',
  html: '<p>Hi {{first_name|there}},</p><a href="https://hbr.org/x">Pick</a><a href="{{unsubscribe_url}}">Unsubscribe</a>',
  text: 'Hi {{first_name|there}},\nPick <https://hbr.org/x>\nUnsubscribe <{{unsubscribe_url}}>',
};
const parse = async (message: ReturnType<typeof buildMessage>) => PostalMime.parse(await new MailComposer(message).compile().build());
const header = (mail: Awaited<ReturnType<typeof parse>>, key: string) => mail.headerLines.find((h) => h.key === key)?.line;

describe('buildMessage', () => {
  it('builds an issue with the bulk-sender headers and the recipient filled in', async () => {
    const mail = await parse(
      buildMessage({
        sender,
        template: issue,
        recipient: { email: 'ana@example.org', firstName: 'Ana <script>' },
        unsubscribeUrl: 'https://tips.example.com/unsubscribe/?token=abc',
        messageKey: 'issue-6.42',
        date: new Date('2026-11-16T08:00:00Z'),
      }),
    );
    expect(mail.subject).toBe(issue.subject);
    expect(mail.from).toEqual({ name: 'Tip of the Week', address: 'editor@tips.example.com' });
    expect(mail.messageId).toMatch(/^<issue-6\.42\.[0-9a-f]{32}@tips\.example\.com>$/);
    expect(mail.replyTo).toEqual([{ name: '', address: 'editor@tips.example.com' }]);
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(header(mail, 'list-unsubscribe')).toBe('List-Unsubscribe: <https://tips.example.com/unsubscribe/?token=abc>, <mailto:editor@tips.example.com?subject=unsubscribe>');
    expect(header(mail, 'list-id')).toBe('List-ID: "Tip of the Week" <tips.example.com>');
    expect(mail.text).toContain('Hi Ana <script>,');
    expect(mail.html).toContain('Hi Ana &lt;script&gt;,');
    expect(mail.html).toContain('href="https://tips.example.com/unsubscribe/?token=abc"');
    expect(`${mail.text}${mail.html}`).not.toContain('{{');
  });

  it('encodes both parts in base64 (natively, not in JavaScript) and declares them UTF-8', async () => {
    const message = buildMessage({ sender, template: issue, recipient: { email: 'ana@example.org', firstName: 'Zoë' }, unsubscribeUrl: 'https://tips.example.com/u', messageKey: 'issue-6.42', date: new Date('2026-11-16T08:00:00Z') });
    const raw = (await new MailComposer(message).compile().build()).toString();
    const parts = raw.split(/\r\n--/).filter((part) => /^Content-Type: text\//im.test(part));
    expect(parts).toHaveLength(2);
    for (const part of parts) {
      expect(part).toMatch(/^Content-Type: text\/(plain|html); charset=utf-8$/im);
      expect(part).toMatch(/^Content-Transfer-Encoding: base64$/im);
    }
    const mail = await PostalMime.parse(raw);
    expect(mail.text).toContain('Hi Zoë,');
    expect(mail.html).toContain('href="https://tips.example.com/u"');
  });

  it('gives the confirmation the same identity and List-Id, no unsubscribe headers, and never the typed-in name', async () => {
    const mail = await parse(
      buildMessage({
        sender,
        template: { subject: 'Confirm', html: '<p>Hi {{first_name|there}}, <a href="{{confirm_url}}">confirm</a></p>', text: 'Hi {{first_name|there}}, confirm: {{confirm_url}}' },
        recipient: { email: 'ana@example.org', firstName: 'Visit cheap-pills.example now' },
        confirmUrl: 'https://tips.example.com/confirm/?token=t',
        greetByName: false,
        messageKey: 'confirm.1',
        date: new Date(),
      }),
    );
    expect(mail.from).toEqual({ name: 'Tip of the Week', address: 'editor@tips.example.com' });
    expect(header(mail, 'list-id')).toBe('List-ID: "Tip of the Week" <tips.example.com>');
    expect(header(mail, 'list-unsubscribe')).toBeUndefined();
    expect(mail.text).toContain('Hi there, confirm: https://tips.example.com/confirm/?token=t');
    expect(`${mail.text}${mail.html}`).not.toContain('cheap-pills');
  });

  it('uses MAIL_FROM and REPLY_TO when set, for the unsubscribe mailto too', () => {
    const custom = senderIdentity({ MAIL_FROM: 'News <news@example.com>', REPLY_TO: 'desk@example.com' }, { title: 'T', editorEmail: 'e@example.com' }, 'https://t.example.com');
    expect(custom).toMatchObject({ from: 'News <news@example.com>', replyTo: 'desk@example.com', unsubscribeMailto: 'mailto:desk@example.com?subject=unsubscribe' });
  });
});
