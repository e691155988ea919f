import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../mail/transport.ts';
import { framedMessages } from './message-frame.ts';
import { buildMessage, senderIdentity } from './message.ts';

const sender = senderIdentity({}, { title: 'Tip of the Week', editorEmail: 'editor@tips.example.com' }, 'https://tips.example.com/');
const long = 'A line long enough that nodemailer will not send it as 7bit, whatever else it holds, in any part. ';
const issue = {
  subject: 'Tip of the Week #6: Giving the right kind of "no"',
  html: `<p>Hi {{first_name|there}},</p><p>${long}</p><a href="{{unsubscribe_url}}">Unsubscribe</a> <a href="{{manage_url}}">Manage</a>`,
  text: `Hi {{first_name|there}},\n${long}\nUnsubscribe <{{unsubscribe_url}}>`,
};
const date = new Date('2026-11-16T08:00:00.250Z');

function copyFor(email: string, firstName: string | null, overrides: Partial<Parameters<typeof buildMessage>[0]> = {}): OutgoingMessage {
  return buildMessage({
    sender,
    template: issue,
    recipient: { email, firstName },
    unsubscribeUrl: `https://tips.example.com/unsubscribe/?token=${email.length}.${'x'.repeat(email.length * 3)}`,
    manageUrl: 'https://tips.example.com/manage/?token=m',
    messageKey: `issue-6.${email.length}.run`,
    date,
    returnPath: `bounce+${email.length}@tips.example.com`,
    ...overrides,
  });
}

/** Boundaries are random per composition; everything else must be the same bytes. */
const sameBoundaries = (raw: Buffer | string) => raw.toString().replace(/--_NmP-[0-9a-f]+-Part_(\d+)/g, '--_NmP-B-Part_$1');
const composed = async (message: OutgoingMessage) => new MailComposer(message).compile().build();

describe('framedMessages', () => {
  it('gives each reader the bytes nodemailer would have composed for them', async () => {
    const framed = framedMessages();
    const readers: [string, string | null][] = [
      ['ana@example.org', 'Ana'],
      ['Ana.Mixed-Case@example.org', 'Ana'],
      ['zoë.fan@example.org'.replace('ë', 'e'), 'Zoë'],
      ["o'brien+weekly@mail.example.co.uk", null],
      [`${'long.local.part.'.repeat(4)}reader@a-rather-long-domain-name.example.org`, 'Long'],
      // "To: " and these make lines of 75 and 76 characters: nodemailer folds the second after the colon.
      [`${'a'.repeat(59)}@example.org`, null],
      [`${'a'.repeat(60)}@example.org`, null],
      ['x@example.com', 'A name long enough to move the base64 line breaks by a few characters, and then a few more: ☕'],
    ];
    for (const [email, name] of readers) {
      for (let extra = 0; extra < 4; extra++) {
        // Each length modulo 3 (base64 padding) and a body ending exactly at a line break.
        const message = copyFor(email, name === null ? null : `${name}${'é'.repeat(extra)}`);
        const out = await framed(message);
        expect(out.raw, `${email} is framed`).toBeInstanceOf(Buffer);
        expect(sameBoundaries(out.raw as Buffer)).toBe(sameBoundaries(await composed(message)));
        expect(out.messageId).toBe(message.messageId);
        expect(out.envelope).toEqual({ from: `bounce+${email.length}@tips.example.com`, to: email });
        expect(out.from).toBe(message.from);
      }
    }
  });

  it('keeps a subject, publication name and From in other scripts exactly as nodemailer encodes them', async () => {
    const framed = framedMessages();
    const other = senderIdentity({ MAIL_FROM: '"Astuce de la semaine — Zoë" <editor@tips.example.com>' }, { title: 'Astuce — semaine', editorEmail: 'editor@tips.example.com' }, 'https://tips.example.com/');
    for (let i = 0; i < 58; i++) {
      const message = copyFor(`reader${i}@example.com`, i % 2 ? 'Chloé' : null, { sender: other, template: { ...issue, subject: `Astuce n°6 : dire « non » ${'·'.repeat(i)}`, text: `${issue.text}${'z'.repeat(i)}` } });
      const out = await framed(message);
      expect(out.raw).toBeInstanceOf(Buffer);
      expect(sameBoundaries(out.raw as Buffer)).toBe(sameBoundaries(await composed(message)));
    }
  });

  it('reads back as the same message: headers, both parts, the reader\'s own links', async () => {
    const framed = framedMessages();
    const message = copyFor('ana@example.org', 'Ana');
    const mail = await PostalMime.parse((await framed(message)).raw as Buffer);
    expect(mail.subject).toBe(issue.subject);
    expect(mail.to).toEqual([{ name: '', address: 'ana@example.org' }]);
    expect(mail.messageId).toBe(message.messageId);
    expect(mail.headers.find((h) => h.key === 'list-unsubscribe')?.value).toContain('https://tips.example.com/unsubscribe/?token=15.');
    expect(mail.text).toBe(message.text);
    expect(mail.html).toBe(message.html);
  });

  it('leaves to nodemailer what it would write differently: quoted, non-ASCII or upper-case-domain addresses, 7bit bodies, attachments', async () => {
    const framed = framedMessages();
    const quoted = copyFor('"ana maria"@example.org', 'Ana');
    const unicode = copyFor('zoë@example.org', 'Zoë');
    const upperDomain = copyFor('ana@Example.ORG', 'Ana');
    const short = buildMessage({ sender, template: { subject: 'Hi', text: 'Hi', html: '<p>Hi</p>' }, recipient: { email: 'a@example.org' }, messageKey: 'k', date });
    const attached = { ...copyFor('a@example.org', null), attachments: [{ filename: 'a.txt', content: 'a' }] };
    const undated = { ...copyFor('a@example.org', null), date: undefined };
    for (const message of [quoted, unicode, upperDomain, short, attached, undated]) expect(await framed(message)).toBe(message);
  });

  it('frames a copy with no extra headers at all', async () => {
    const framed = framedMessages();
    const { headers: _headers, ...plain } = copyFor('a@example.org', null);
    const out = await framed(plain);
    expect(sameBoundaries(out.raw as Buffer)).toBe(sameBoundaries(await composed(plain)));
  });

  it('composes a new frame when anything shared changes: the second, the subject prefix, no unsubscribe link', async () => {
    const framed = framedMessages();
    const first = await framed(copyFor('a@example.org', null));
    const later = copyFor('a@example.org', null, { date: new Date(date.getTime() + 1000) });
    const laterOut = (await framed(later)).raw!.toString();
    expect(laterOut).toContain('Date: Mon, 16 Nov 2026 08:00:01 +0000');
    expect(sameBoundaries(laterOut)).toBe(sameBoundaries(await composed(later)));
    const test = copyFor('a@example.org', null, { subjectPrefix: '[Test] ' });
    const testOut = (await framed(test)).raw!.toString();
    expect(sameBoundaries(testOut)).toBe(sameBoundaries(await composed(test)));
    expect((await PostalMime.parse(testOut)).subject).toBe(`[Test] ${issue.subject}`);
    const noLink = copyFor('a@example.org', null, { unsubscribeUrl: undefined, template: { ...issue, html: issue.html.replace('{{unsubscribe_url}}', '{{manage_url}}'), text: issue.text.replace('{{unsubscribe_url}}', '{{manage_url}}') } });
    const noLinkOut = await framed(noLink);
    expect(sameBoundaries(noLinkOut.raw as Buffer)).toBe(sameBoundaries(await composed(noLink)));
    expect(noLinkOut.raw!.toString()).not.toContain('List-Unsubscribe:');
    expect(first.raw!.toString()).toContain('List-Unsubscribe: <https://tips.example.com/unsubscribe/');
  });

  it('builds one frame for copies asked for at the same time', async () => {
    const framed = framedMessages();
    const outs = await Promise.all(Array.from({ length: 20 }, (_, i) => framed(copyFor(`r${i}@example.org`, null))));
    const boundaries = new Set(outs.map((o) => /boundary="([^"]+)"/.exec(o.raw!.toString())?.[1]));
    expect(boundaries.size).toBe(1);
  });
});
