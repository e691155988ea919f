import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterEach, describe, expect, it } from 'vitest';
import { emlTransport } from './transport.eml.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('the mail folder', () => {
  it('holds each message as one whole .eml file that only its owner can read, and nothing else', async () => {
    dir = join(mkdtempSync(join(tmpdir(), 'totw-eml-')), 'mail');
    const lines: string[] = [];
    const transport = emlTransport(dir, (line) => lines.push(line));
    const sent = await Promise.all(
      ['a@example.com', 'b@example.com', 'c@example.com'].map((to) => transport.send({ from: 'Tips <editor@tips.example.com>', to, subject: `For ${to}`, text: 'x'.repeat(200_000) })),
    );
    const files = readdirSync(dir).sort();
    // Written under a hidden name and renamed: no partial file is left, and each name ends in .eml.
    expect(files).toHaveLength(3);
    expect(files.every((f) => /^[\dT-]+Z-\d+-\d\.eml$/.test(f))).toBe(true);
    const parsed = await Promise.all(files.map((f) => PostalMime.parse(readFileSync(join(dir!, f)))));
    expect(parsed.map((m) => m.to?.[0]?.address).sort()).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect(parsed.every((m) => m.text?.trim().length === 200_000)).toBe(true);
    expect(files.map((f) => statSync(join(dir!, f)).mode & 0o777)).toEqual([0o600, 0o600, 0o600]);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    // The log names the file and the message id, never the address.
    expect(sent.map((s) => s.response).sort()).toEqual(files.map((f) => `saved to ${join(dir!, f)}`));
    expect(lines.join('\n')).not.toContain('@example.com>');
    expect(lines.join('\n')).not.toMatch(/[abc]@example\.com/);
  });
});
