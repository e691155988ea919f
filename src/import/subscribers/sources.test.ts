import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readButtondown } from './buttondown.ts';
import type { ListFile, SourceResult } from './entries.ts';
import { parseTimestamp } from './entries.ts';
import { readGenericCsv } from './generic.ts';
import { mailchimpFileKind, readMailchimp } from './mailchimp.ts';
import { planListImport } from './plan.ts';
import { readSubstack } from './substack.ts';

const FIXTURES = join(import.meta.dirname, '../../testing/fixtures/import');
const file = (path: string): ListFile => ({ name: path, text: readFileSync(join(FIXTURES, path), 'utf8') });
const now = new Date('2026-12-04T12:00:00Z');
const kinds = (result: SourceResult) =>
  result.entries.map((e) => `${e.line} ${e.kind} ${e.kind === 'subscribe' ? e.subscriber.email : e.kind === 'suppress' ? e.email : e.message}`);

describe('Mailchimp audience export', () => {
  const files = ['subscribed', 'unsubscribed', 'cleaned'].map((k) => file(`mailchimp/${k}_members_export_4c1f2a9e.csv`));

  it('tells the export files apart by name', () => {
    expect(mailchimpFileKind('export.zip:subscribed_members_export_4c1f2a9e.csv')).toBe('subscribed');
    expect(mailchimpFileKind('/x/unsubscribed_members_export_4c1f2a9e.csv')).toBe('unsubscribed');
    expect(mailchimpFileKind('cleaned_members_export_1.csv')).toBe('cleaned');
    expect(mailchimpFileKind('nonsubscribed_members_export_1.csv')).toBe('nonsubscribed');
    expect(mailchimpFileKind('members.csv')).toBeUndefined();
  });

  it('keeps the opt-in and confirmation of each subscriber as their consent record, with the first name', () => {
    const result = readMailchimp(files, { now, note: 'Moved from Mailchimp in December 2026' });
    const ana = result.entries.find((e) => e.kind === 'subscribe' && e.subscriber.email === 'ana.reyes@example.com');
    expect(ana).toEqual({
      file: 'mailchimp/subscribed_members_export_4c1f2a9e.csv',
      line: 2,
      kind: 'subscribe',
      subscriber: {
        email: 'ana.reyes@example.com',
        firstName: 'Ana',
        consent: {
          signupAt: new Date('2019-03-04T08:15:02Z'),
          signupIp: '198.51.100.7',
          confirmedAt: new Date('2019-03-04T08:16:40Z'),
          confirmIp: '198.51.100.7',
          form: 'import:mailchimp',
          consentText: 'Subscribed on Mailchimp (mailchimp/subscribed_members_export_4c1f2a9e.csv, line 2). Moved from Mailchimp in December 2026',
        },
      },
    });
    expect(kinds(result)).toEqual([
      '2 subscribe ana.reyes@example.com',
      '3 subscribe bo.lindqvist@example.org',
      '6 subscribe eli.moreau@example.net',
      '7 subscribe fay@example.com',
      '8 subscribe gus@example.com',
      '2 suppress hal@example.com',
      '3 suppress fay@example.com',
      '2 suppress ivy@example.org',
    ]);
  });

  it('lists bad rows by file and line in words an operator uses, and a date it cannot read once per file', () => {
    const { problems } = readMailchimp(files, { now });
    expect(problems).toEqual([
      { file: files[0]!.name, line: 4, message: '"not-an-address" in the Email Address column is not an email address' },
      { file: files[0]!.name, line: 5, message: 'the Email Address cell is empty' },
      { file: files[0]!.name, line: 8, message: 'OPTIN_TIME "sometime in May" is not a date and time (YYYY-MM-DD HH:MM:SS): those rows record the time of this import instead' },
    ]);
  });

  it('refuses a file that is not part of the export rather than guessing its status', () => {
    const { entries, problems } = readMailchimp([{ name: 'members.csv', text: 'Email Address\nx@example.com\n' }], { now });
    expect(entries).toEqual([]);
    expect(problems[0]!.message).toMatch(/^is not one of the files of a Mailchimp audience export/);
  });
});

describe('Substack email list', () => {
  it('subscribes readers with their signup time, suppresses those who turned email off, leaves out erased accounts', () => {
    const result = readSubstack([file('substack-email-list.csv')], { now });
    expect(kinds(result)).toEqual([
      '2 subscribe jun.tanaka@example.com',
      '3 subscribe kai@example.org',
      '4 suppress lea@example.net',
      '5 leave-out an account erased on Substack (deletion request): not imported',
      '6 subscribe mo@example.com',
    ]);
    const jun = result.entries[0]!;
    expect(jun.kind === 'subscribe' && jun.subscriber.consent).toMatchObject({ signupAt: new Date('2021-04-12T09:30:11.201Z'), confirmedAt: new Date('2021-04-12T09:30:11.201Z'), form: 'import:substack' });
    const mo = result.entries[4]!;
    expect(mo.kind === 'subscribe' && mo.subscriber.consent.signupAt).toEqual(now);
    expect(result.problems.map((p) => p.line)).toEqual([6]);
  });
});

describe('Buttondown export', () => {
  it('maps each subscriber type, reads unsubscribers.csv as suppressions and a first name from metadata', () => {
    const result = readButtondown([file('buttondown/subscribers.csv'), file('buttondown/unsubscribers.csv')], { now });
    expect(kinds(result)).toEqual([
      '2 subscribe nia@example.com',
      '3 subscribe oli@example.org',
      '4 leave-out pat@example.net never confirmed on Buttondown (unactivated): not imported; they can sign up again',
      '5 suppress quin@example.com',
      '6 suppress ray@example.com',
      '2 suppress tom@example.org',
      '3 suppress nia@example.com',
    ]);
    const [nia, oli] = result.entries;
    expect(nia!.kind === 'subscribe' && nia!.subscriber.firstName).toBe('Nia');
    expect(oli!.kind === 'subscribe' && oli!.subscriber.consent.signupAt).toEqual(new Date('2023-06-01T08:00:00Z'));
    expect(result.problems).toEqual([
      { file: 'buttondown/subscribers.csv', line: 7, message: 'subscriber type "mystery" is not one this import knows, so the row was left out: add the address by hand if they should get the mail' },
    ]);
  });
});

describe('a plain CSV', () => {
  it('reads a header in any case, bare rows, and a status column such as our own export has', () => {
    const withHeader = readGenericCsv([{ name: 'a.csv', text: 'Email,First Name,status\nana@example.com,Ana,confirmed\nbo@example.com,Bo,unsubscribed\ncy@example.com,,pending\n' }], { now, note: 'x' });
    expect(kinds(withHeader)).toEqual(['2 subscribe ana@example.com', '3 suppress bo@example.com', '4 leave-out cy@example.com never confirmed (status pending): not imported; they can sign up again']);
    const bare = readGenericCsv([{ name: 'b.csv', text: 'ana@example.com,Ana\nbo@example.com\n' }], { now, note: 'x' });
    expect(kinds(bare)).toEqual(['1 subscribe ana@example.com', '2 subscribe bo@example.com']);
  });
});

describe('planListImport', () => {
  it('suppresses an address unsubscribed in one file even when another lists it as subscribed, and takes a repeated address once', () => {
    const result = readMailchimp(['subscribed', 'unsubscribed', 'cleaned'].map((k) => file(`mailchimp/${k}_members_export_4c1f2a9e.csv`)), { now });
    result.entries.push({ ...result.entries[0]!, line: 99 });
    const plan = planListImport(result);
    expect(plan.subscribers.map((s) => s.email)).toEqual(['ana.reyes@example.com', 'bo.lindqvist@example.org', 'eli.moreau@example.net', 'gus@example.com']);
    expect(plan.suppressions).toEqual([
      { email: 'hal@example.com', reason: 'import:mailchimp:unsubscribed' },
      { email: 'fay@example.com', reason: 'import:mailchimp:unsubscribed' },
      { email: 'ivy@example.org', reason: 'import:mailchimp:cleaned' },
    ]);
    expect(plan.leftOut.map((p) => `${p.line}: ${p.message}`)).toEqual([
      '7: fay@example.com unsubscribed on Mailchimp (mailchimp/unsubscribed_members_export_4c1f2a9e.csv, line 3): suppressed, not added as a subscriber',
      '99: ana.reyes@example.com appears earlier (mailchimp/subscribed_members_export_4c1f2a9e.csv, line 2): kept the first',
    ]);
  });
});

describe('parseTimestamp', () => {
  it('reads the ways exports write a time; no zone means UTC', () => {
    expect(parseTimestamp('2018-02-12 10:54:27')).toEqual(new Date('2018-02-12T10:54:27Z'));
    expect(parseTimestamp('2023-06-01T10:00:00+02:00')).toEqual(new Date('2023-06-01T08:00:00Z'));
    expect(parseTimestamp('2022-05-01T10:00:00.123456+00:00')).toEqual(new Date('2022-05-01T10:00:00.123Z'));
    expect(parseTimestamp('2020-01-01')).toEqual(new Date('2020-01-01T00:00:00Z'));
    expect(parseTimestamp('2020-13-45 10:00')).toBeUndefined();
    expect(parseTimestamp('yesterday')).toBeUndefined();
  });
});
