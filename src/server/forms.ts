/** Reading small form posts safely: a size cap, and only the fields we know. */

export const MAX_FORM_BYTES = 8 * 1024;

export class FormTooLargeError extends Error {}

export async function readForm(request: Request): Promise<Record<string, string>> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_FORM_BYTES) throw new FormTooLargeError('form too large');
  const body = await request.text();
  if (Buffer.byteLength(body) > MAX_FORM_BYTES) throw new FormTooLargeError('form too large');
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('multipart/form-data')) {
    const data = await new Response(body, { headers: { 'content-type': type } }).formData();
    return Object.fromEntries([...data].filter(([, v]) => typeof v === 'string') as [string, string][]);
  }
  return Object.fromEntries(new URLSearchParams(body));
}
