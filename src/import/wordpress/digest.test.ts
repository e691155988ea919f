import { describe, expect, it } from 'vitest';
import { parseByline, readDigest } from './digest.ts';
import { postHtml } from './post-html.ts';

const summary = (n: number) => `What article ${n} says about support teams, in two plain sentences. It is useful.`;
const comment = (n: number) => `Why article ${n} matters to us, in a line.`;
const read = (html: string) => readDigest(html, { siteHost: 'old.example.com' });

describe('readDigest', () => {
  it('splits the classic shape: bold linked title, "by Author (Source)", summary, "My comment:" on <br> lines', () => {
    const classic = [1, 2, 3]
      .map((n) => `<strong><a href="https://site${n}.example/a">Title ${n}</a></strong> by Writer ${n} (Source ${n})\n${summary(n)}\n<strong>My comment:</strong> ${comment(n)}`)
      .join('\n\n');
    const reading = read(postHtml(`Intro for the week.\n\n${classic}\n\nSee you next week.`, { attachment: () => undefined }).html);
    expect(reading).toEqual({
      kind: 'digest',
      picks: [1, 2, 3].map((n) => ({ title: `Title ${n}`, url: `https://site${n}.example/a`, author: `Writer ${n}`, source: `Source ${n}`, summary: summary(n), comment: comment(n) })),
      note: 'Intro for the week.\n\nSee you next week.',
      notes: [],
    });
  });

  it('splits headings with the byline in the next paragraph, and a numbered list with "My take:"', () => {
    const headings = [1, 2, 3].map((n) => `<h3><a href="https://s.example/${n}">Title ${n}</a></h3><p>By Writer ${n}, Source ${n}</p><p>${summary(n)}</p><p><em>My take</em>: ${comment(n)} <a href="https://more.example/">More</a>.</p>`).join('');
    const one = read(headings);
    expect(one.kind).toBe('digest');
    expect(one.kind === 'digest' && one.picks[2]).toEqual({ title: 'Title 3', url: 'https://s.example/3', author: 'Writer 3', source: 'Source 3', summary: summary(3), comment: `${comment(3)} [More](https://more.example/).` });
    const list = `<ol>${[1, 2, 3].map((n) => `<li>“<a href="https://s.example/${n}">Title ${n}</a>” – by Writer ${n} – Source ${n}<br>${summary(n)}<br>My take: ${comment(n)}</li>`).join('')}</ol>`;
    const two = read(list);
    expect(two.kind === 'digest' && two.picks.map((p) => [p.author, p.source])).toEqual([1, 2, 3].map((n) => [`Writer ${n}`, `Source ${n}`]));
  });

  it('upgrades an http link and names the site when no source is given, saying so', () => {
    const html = [1, 2, 3].map((n) => `<p><a href="http://www.site${n}.example/a">Title ${n}</a> by Writer ${n}</p><p>${summary(n)}</p><p>My comment: ${comment(n)}</p>`).join('');
    const reading = read(html);
    expect(reading.kind === 'digest' && reading.picks[0]).toMatchObject({ url: 'https://www.site1.example/a', source: 'site1.example' });
    expect(reading.kind === 'digest' && reading.notes.slice(0, 2)).toEqual([
      'pick 1: the link was http://, written as https://; check that https://www.site1.example/a opens',
      "pick 1: no source was named, so the site's address (site1.example) stands in",
    ]);
  });

  it('calls a post unclear when it has comments but picks cannot be completed, and a plain post not a digest', () => {
    const unclear = read(`<p><a href="https://a.example/">Title A</a></p><p>${summary(1)}</p><p>My comment: ${comment(1)}</p><p><a href="https://b.example/">Title B</a> by Writer B (B)</p><p>My comment: ${comment(2)}</p>`);
    expect(unclear).toEqual({
      kind: 'unclear',
      reasons: [
        'pick 1 ("Title A"): no author after the title ("by …")',
        'pick 2 ("Title B"): no summary of 30 characters or more between the title and the comment',
        'only 2 linked title(s) were found; an issue needs 3 to 10 picks',
      ],
    });
    expect(read('<p>A tip with <a href="https://a.example/">a link</a>.</p><p>My comment: only one.</p>')).toEqual({ kind: 'not-a-digest' });
    // A link to the site's own posts does not start a pick.
    expect(read([1, 2, 3].map((n) => `<p><a href="https://old.example.com/p${n}/">Our post ${n}</a> by Us (Here)</p><p>${summary(n)}</p><p>My comment: ${comment(n)}</p>`).join('')).kind).toBe('unclear');
  });
});

describe('parseByline', () => {
  it('reads the ways digests name author and source', () => {
    expect(parseByline(' by Jane Doe (Forbes)')).toEqual({ author: 'Jane Doe', source: 'Forbes', rest: '' });
    expect(parseByline('by Jane Doe (Forbes). Summary follows here.')).toEqual({ author: 'Jane Doe', source: 'Forbes', rest: 'Summary follows here.' });
    expect(parseByline('– by Jane Doe, Harvard Business Review')).toEqual({ author: 'Jane Doe', source: 'Harvard Business Review', rest: '' });
    expect(parseByline('by Jane Doe of Support Weekly')).toEqual({ author: 'Jane Doe', source: 'Support Weekly', rest: '' });
    expect(parseByline('by Jane Doe')).toEqual({ author: 'Jane Doe', rest: '' });
    expect(parseByline('(Forbes) Summary.')).toEqual({ source: 'Forbes', rest: 'Summary.' });
    expect(parseByline('A summary without a byline.')).toEqual({ rest: 'A summary without a byline.' });
  });
});
