import { describe, expect, it } from 'vitest';
import { checkKey } from './check-cache.ts';
import { finishAndCheck } from './finish-job.ts';
import { finishEmail } from './finalize.ts';

const raw = '<html><head><style>p { color: #123456; }</style></head><body><p>Hello <a href="/tips/">tips</a></p></body></html>';
const site = 'https://tips.example';

describe('finishAndCheck', () => {
  it('finishes the rendered document and checks the result', () => {
    const result = finishAndCheck({ raw, siteUrl: site, pickUrls: [] }, 'v1', {});
    expect(result.html).toBe(finishEmail(raw, site).html);
    expect(result.html).toContain('style="color: #123456;"');
    expect(result.html).toContain('href="https://tips.example/tips/"');
    expect(result.text).toContain('Hello tips <https://tips.example/tips/>');
    expect(result.problems).toContain('the <html> element has no lang attribute');
    expect(result.checkReused).toBe(false);
    expect(result.checkKey).toBe(checkKey('v1', { html: result.html, text: result.text, pickUrls: [] }));
  });

  it("takes the last build's finished parts instead of finishing again", () => {
    const finished = { html: '<html lang="en"><body><p>kept</p></body></html>', text: 'kept\n' };
    const result = finishAndCheck({ raw, siteUrl: site, pickUrls: [], finished }, 'v1', {});
    expect(result).toMatchObject({ ...finished, problems: [] });
  });

  it("takes the last build's check result for the same parts and checker, and checks again otherwise", () => {
    const finished = finishEmail(raw, site);
    const previous = { [checkKey('v1', { ...finished, pickUrls: [] })]: ['found last time'] };
    expect(finishAndCheck({ raw, siteUrl: site, pickUrls: [], finished }, 'v1', previous)).toMatchObject({ problems: ['found last time'], checkReused: true });
    expect(finishAndCheck({ raw, siteUrl: site, pickUrls: [], finished }, 'v2', previous)).toMatchObject({ checkReused: false });
    const withPick = finishAndCheck({ raw, siteUrl: site, pickUrls: ['https://elsewhere.example/a'], finished }, 'v1', previous);
    expect(withPick.problems).toContain('pick https://elsewhere.example/a is missing from the HTML part');
  });
});
