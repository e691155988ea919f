/**
 * A command piped into `head`: once the reader has gone, the command finishes quietly
 * (exit 0, nothing on stderr) instead of dying on EPIPE with a stack trace. Through the
 * real script, with its output into a pipe whose reader closes after the first chunk.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSubscriberStore } from '../subscribers/store.db.ts';
import { projectRoot } from '../testing/build-site.fs.ts';
import { freshDatabase, type TestDatabase } from '../testing/databases.fs.ts';
import { startScript } from '../testing/run-script.fs.ts';
import { quietOnClosedPipe } from './run.ts';
import { TEST_SECRET, TEST_SUPPRESSION_KEY } from '../testing/secrets.ts';

let t: TestDatabase | undefined;
afterEach(() => t?.cleanup());

describe('a command whose output pipe closes', () => {
  it('`subscribers list | head` ends quietly with exit 0', async () => {
    t = await freshDatabase('sqlite');
    // Far more than a pipe's buffer (64 KiB), so the command is still writing when the reader leaves.
    const rows = Array.from({ length: 3000 }, (_, i) => ({ email: `reader${i}@example.com`, firstName: `Reader${i}` }));
    await createSubscriberStore(t.db, { suppressionKey: TEST_SUPPRESSION_KEY }).importConfirmed(rows, 'test', new Date());
    const list = startScript(join(projectRoot, 'scripts/subscribers.ts'), ['list'], { env: { DATABASE_URL: t.url, SUBSCRIPTION_SECRET: TEST_SECRET } });
    const first = await new Promise<string>((resolve) => list.child.stdout!.once('data', (c: Buffer) => resolve(c.toString())));
    list.child.stdout!.destroy();
    const { code, stderr } = await list.done;
    expect(first).toMatch(/^reader0@example\.com\tconfirmed\tReader0\t/);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('quietOnClosedPipe', () => {
  it('swallows EPIPE on the stream and nothing else', () => {
    const stream = new EventEmitter();
    quietOnClosedPipe(stream);
    quietOnClosedPipe(stream);
    expect(stream.listenerCount('error')).toBe(1);
    expect(() => stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).not.toThrow();
    expect(() => stream.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }))).toThrow('write EIO');
  });
});
