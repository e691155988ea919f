import { describe, expect, it } from 'vitest';
import { FormTooLargeError, MAX_FORM_BYTES, readForm } from './forms.ts';

const streamOf = (chunks: number, size: number, onPull: () => void) =>
  new ReadableStream<Uint8Array>({
    pull(controller) {
      onPull();
      if (chunks-- > 0) controller.enqueue(new Uint8Array(size).fill(97));
      else controller.close();
    },
  });

describe('readForm', () => {
  it('reads url-encoded and multipart fields', async () => {
    expect(await readForm(new Request('http://x/', { method: 'POST', body: new URLSearchParams({ email: 'a@example.com', form: 'x' }) }))).toEqual({ email: 'a@example.com', form: 'x' });
    const data = new FormData();
    data.set('email', 'b@example.com');
    expect(await readForm(new Request('http://x/', { method: 'POST', body: data }))).toEqual({ email: 'b@example.com' });
  });

  it('refuses a declared oversize body without reading it', async () => {
    const request = new Request('http://x/', { method: 'POST', body: 'x', headers: { 'content-length': String(MAX_FORM_BYTES + 1) } });
    await expect(readForm(request)).rejects.toBeInstanceOf(FormTooLargeError);
  });

  it('stops reading a chunked body at the limit instead of buffering all of it', async () => {
    let pulls = 0;
    const body = streamOf(100_000, 1024, () => pulls++);
    const request = new Request('http://x/', { method: 'POST', body, duplex: 'half' } as RequestInit);
    await expect(readForm(request)).rejects.toBeInstanceOf(FormTooLargeError);
    expect(pulls).toBeLessThan(40);
  });
});
