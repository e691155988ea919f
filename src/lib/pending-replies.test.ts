import { describe, expect, it } from 'vitest';
import { PendingReplies } from './pending-replies.ts';

describe('PendingReplies', () => {
  it('settles each reply by its id, once, and fails the rest when the worker is gone', async () => {
    const replies = new PendingReplies<string>();
    const a = replies.open();
    const b = replies.open();
    const c = replies.open();
    expect([a.id, b.id, c.id]).toEqual([1, 2, 3]);
    replies.resolve(b.id, 'b');
    replies.resolve(b.id, 'again');
    replies.reject(a.id, new Error('a failed'));
    expect(replies.waiting).toBe(1);
    replies.rejectAll(new Error('worker gone'));
    expect(replies.waiting).toBe(0);
    expect(await Promise.allSettled([a.reply, b.reply, c.reply])).toEqual([
      { status: 'rejected', reason: new Error('a failed') },
      { status: 'fulfilled', value: 'b' },
      { status: 'rejected', reason: new Error('worker gone') },
    ]);
  });
});
