/** Keeps signed tokens out of the server's logs, whoever writes the line (our code or the adapter logging a URL). Pure. */
export function redactTokens(text: string): string {
  return text.replace(/([?&]token=)[^\s&"'<>]+/g, '$1[redacted]');
}
