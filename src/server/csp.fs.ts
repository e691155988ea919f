/** Hashes of the inline scripts and styles in the built pages, for the Content-Security-Policy. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const hash = (text: string) => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;

/** Every distinct inline <script> (JavaScript only: JSON-LD is data, not code) and <style> in `dir`'s HTML files. */
export function inlineHashes(dir: string): { scriptHashes: string[]; styleHashes: string[] } {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.html')) {
        const html = readFileSync(path, 'utf8');
        for (const [, attrs, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
          if (/\ssrc=/i.test(attrs!) || /type=["']?application\/(ld\+)?json/i.test(attrs!)) continue;
          if (body!.trim()) scripts.add(hash(body!));
        }
        for (const [, body] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) if (body!.trim()) styles.add(hash(body!));
      }
    }
  };
  walk(dir);
  return { scriptHashes: [...scripts].sort(), styleHashes: [...styles].sort() };
}
