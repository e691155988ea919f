import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { caniemail } from 'caniemail';
import { describe, expect, it } from 'vitest';
import { ElementwiseCaniemail, type Finding } from './caniemail-by-element.ts';
import { CLIENTS } from './checks.ts';

/** caniemail over the whole document, as the check did before the memo. */
const whole = (html: string): Finding[] => {
  const { issues } = caniemail({ clients: [...CLIENTS], html });
  return (['errors', 'warnings'] as const).flatMap((kind) => [...issues[kind]].flatMap(([client, list]) => list.map((i) => ({ kind, client, title: i.title }))));
};

/** Documents that trip many features, in odd places: top-level style, comments, nested style, odd attributes. */
const awkward = [
  `<style>.a{position:absolute;display:grid}</style><!-- top --><html lang="en"><head><style media="screen">@media (prefers-color-scheme:dark){.b{color:red}}</style></head>
   <body><div style="display:flex;gap:4px" class="a"><!-- inner --><video src="https://x.example/v.mp4"></video><form><input type="text"></form>
   <img src="https://x.example/a.svg" srcset="https://x.example/a.webp 2x" alt="a&quot;b" width="1" height="1"><p title='single "quoted"' data-x=unquoted>t</p>
   <svg viewBox="0 0 1 1"><circle r="1"/></svg><script>document.write('<b style="position:fixed">')</script><table background="x.png"><tr><td style="border-radius:4px">x</td></tr></table>
   <div><style>.c{width:calc(100% - 2px)}</style></div><a href="mailto:x@example.com" style="text-shadow:1px 1px red">m</a></div></body></html>`,
  `<!doctype html><p>plain</p>`,
  `<div style="color:red">same</div><div style="color:red">same</div><span STYLE="Position:Absolute">caps</span><span style="position:absolute">x</span>`,
];

describe('ElementwiseCaniemail', () => {
  it('finds exactly what caniemail finds over the whole document, in the same order', () => {
    const byElement = new ElementwiseCaniemail(CLIENTS);
    for (const html of awkward) {
      const expected = whole(html);
      // A comparison of two empty lists would prove nothing: every document but the plain one trips features.
      if (!html.startsWith('<!doctype')) expect(expected.length).toBeGreaterThan(0);
      expect(byElement.check(html)).toEqual(expected);
    }
  });

  it('agrees with caniemail on the sample publication\'s email layout, twice in a row (memo warm)', () => {
    // The email components' own markup, rendered here without a build: the layout's <style> block plus typical body elements.
    const layout = readFileSync(join(import.meta.dirname, '../../components/email/EmailLayout.astro'), 'utf8');
    const style = /<style is:inline>([\s\S]*?)<\/style>/.exec(layout)![1]!;
    const html = `<!doctype html><html lang="en"><head><style>${style}</style></head><body><table role="presentation" width="600" style="width:100%;max-width:600px"><tr><td class="pad" style="padding:24px 32px;font-size:17px;line-height:1.55">
      <p style="margin:0 0 14px">x</p><h2 style="font-family:Arial;letter-spacing:1px;text-transform:uppercase">h</h2><ul><li style="margin:0 0 8px">i</li></ul></td></tr></table></body></html>`;
    const byElement = new ElementwiseCaniemail(CLIENTS);
    expect(byElement.check(html)).toEqual(whole(html));
    expect(byElement.check(html)).toEqual(whole(html));
  });

  it('agrees on every built email when a build is at hand', () => {
    const dir = process.env['TOTW_EMAIL_DIR'];
    if (!dir) return;
    const byElement = new ElementwiseCaniemail(CLIENTS);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.html'))) {
      const html = readFileSync(join(dir, file), 'utf8');
      expect(byElement.check(html), file).toEqual(whole(html));
    }
  });
});
