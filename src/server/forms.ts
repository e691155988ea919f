/**
 * Reading small form posts safely: the body is read as it streams in and reading stops
 * at MAX_FORM_BYTES, whatever Content-Length says (a chunked upload has none); only text
 * fields are kept.
 */

export const MAX_FORM_BYTES = 16 * 1024;

export class FormTooLargeError extends Error {}

/** The body as text, refusing it (and stopping the read) past `limit` bytes. */
export async function readLimitedText(request: Request, limit = MAX_FORM_BYTES): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw new FormTooLargeError(`declared ${declared} bytes`);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new FormTooLargeError(`more than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readForm(request: Request): Promise<Record<string, string>> {
  const body = await readLimitedText(request);
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('multipart/form-data')) {
    const data = await new Response(body, { headers: { 'content-type': type } }).formData();
    return Object.fromEntries([...data].filter(([, v]) => typeof v === 'string') as [string, string][]);
  }
  return Object.fromEntries(new URLSearchParams(body));
}
