/**
 * One published or draft post as a tip: frontmatter fitted to the schema, the body as MDX,
 * its pictures to copy, and a note for each thing a person should look at, with its line. Pure.
 */
import { chooseAlt, type AttachmentText } from './alt-sources.ts';
import type { DigestReading } from './digest.ts';
import { fitText, tagsFrom, TAKEAWAY_LINE, takeawayFrom } from './fields.ts';
import { lineOf, tipText } from './files.ts';
import { imageResolver, type ImageCopy } from './images.ts';
import type { PostHtml } from './post-html.ts';
import { htmlText, htmlToMdx, paragraphTexts } from './to-mdx.ts';
import type { WxrItem } from './wxr.ts';

export interface Note {
  path: string;
  line?: number | undefined;
  message: string;
}

export interface TipInput {
  item: WxrItem;
  html: PostHtml;
  reading: DigestReading;
  slug: string;
  date: string;
  draft: boolean;
  /** Why the post became a draft, when it was published on the old site. */
  draftReason?: string | undefined;
  author: string;
  siteTitle: string;
  uploads: ((path: string) => boolean) | undefined;
  attachment: (id: number) => { url: string; alt: string } | undefined;
  /** The export's attachment for a picture's address (alt text and title), if any. */
  attachmentByUrl?: ((src: string) => AttachmentText | undefined) | undefined;
  link: (href: string) => string | undefined;
}

/** The summary: the excerpt, else the text before "Read more", else the opening paragraphs. */
function summaryOf(input: TipInput, title: string, paragraphs: string[]): { text: string; note?: string } {
  const source = htmlText(input.item.excerpt) || (input.html.teaser ? htmlText(input.html.teaser) : '') || paragraphs[0] || '';
  let fitted = fitText(source, { min: 30, max: 280 });
  if (fitted.tooShort) fitted = fitText(paragraphs.join(' '), { min: 30, max: 280 });
  if (fitted.tooShort) return { text: `A post from the ${input.siteTitle} archive: ${title}`.slice(0, 280), note: 'summary: the post has too little text for one, so the importer wrote one: write your own' };
  return fitted.cut ? { text: fitted.text, note: 'summary was cut to fit 280 characters: check that it still reads well' } : { text: fitted.text };
}

/** The featured image as the tip's hero, if its file was found. */
function heroOf(input: TipInput, image: ReturnType<typeof imageResolver>, title: string): { hero?: { path: string; alt: string }; note?: string } {
  const id = Number(input.item.meta['_thumbnail_id']);
  const attachment = id ? input.attachment(id) : undefined;
  if (!attachment) return {};
  const choice = image(attachment.url);
  if (!('local' in choice)) return { note: `hero: the featured image ${attachment.url} ${choice.why}, so the tip has no hero picture` };
  // heroAlt passes the same rule as body pictures: a placeholder alt ("image") falls back to the attachment's title, then the post's.
  const alt = chooseAlt({ imgAlt: attachment.alt, attachment: input.attachmentByUrl?.(attachment.url) }, choice.local) ?? title;
  return { hero: { path: choice.local, alt: fitText(alt, { min: 1, max: 200 }).text } };
}

export function tipEntry(input: TipInput): { path: string; text: string; draft: boolean; copies: ImageCopy[]; notes: Note[] } {
  const path = `content/tips/${input.slug}.mdx`;
  const copies: ImageCopy[] = [];
  const image = imageResolver({ uploads: input.uploads, slug: input.slug, copies });
  const rawTitle = htmlText(input.item.title) || `Post ${input.item.id}`;
  const title = fitText(rawTitle.length >= 5 ? rawTitle : `${rawTitle} (archive)`, { min: 5, max: 90 });
  const paragraphs = paragraphTexts(input.html.html);
  const summary = summaryOf(input, title.text, paragraphs);
  const takeaway = takeawayFrom(paragraphs, summary.text);
  const { tags, dropped } = tagsFrom(input.item.terms);
  const hero = heroOf(input, image, title.text);
  const guest = input.item.terms.some((t) => t.domain === 'category' && /guest/i.test(t.name));
  const converted = htmlToMdx(input.html.html, { image, link: input.link, attachment: input.attachmentByUrl });
  // A picture nothing describes keeps the post from going live (check refuses it), not the whole archive from building.
  const draft = input.draft || converted.missingAlt.length > 0;
  const altReason = converted.missingAlt.length ? `the post is imported as a draft because ${converted.missingAlt.length} picture(s) have no alt text (listed below): describe them, then delete this line` : undefined;
  const draftReason = [input.draftReason, altReason].filter(Boolean).join('; ') || undefined;
  // The takeaway is shown in its own box: a "Takeaway:" paragraph it came from would say it twice.
  const body = takeaway.marked ? { ...converted, markdown: withoutTakeawayLine(converted.markdown) } : converted;
  const entry = tipText(
    { title: title.text, date: input.date, summary: summary.text, takeaway: takeaway.text, tags: tags.length ? tags : ['archive'], author: input.author, hero: hero.hero, series: guest ? 'Guest post' : undefined, draft },
    body.markdown,
  );
  const at = (field: string) => entry.lines[field];
  const inBody = (...snippets: string[]) => {
    const line = snippets.map((snippet) => lineOf(body.markdown, snippet)).find((l) => l !== undefined);
    return line === undefined ? entry.bodyLine : entry.bodyLine + line - 1;
  };
  const notes: Note[] = [];
  const note = (line: number | undefined, message: string) => notes.push({ path, line, message });
  if (draftReason) note(at('draft'), draftReason);
  if (title.cut) note(at('title'), `title was cut to 90 characters (it was "${rawTitle}"): write a shorter one`);
  if (rawTitle.length < 5) note(at('title'), `title "${rawTitle}" is shorter than 5 characters, so "(archive)" was added: write a longer one`);
  if (summary.note) note(at('summary'), summary.note);
  if (takeaway.cut || takeaway.tooShort) note(at('takeaway'), 'takeaway was made from the first sentence and cut to 160 characters: write the one line a reader should remember');
  if (dropped.length) note(at('tags'), `tags: left out ${dropped.map((d) => `"${d}"`).join(', ')} (at most 6, lowercase letters or numbers)`);
  if (!tags.length) note(at('tags'), 'tags: the post had no category or tag, so it is tagged "archive": choose real ones');
  if (hero.note) note(at('author'), hero.note);
  if (input.reading.kind === 'unclear') note(entry.bodyLine, `this post looks like a digest (links with "My comment:") but could not be split into picks, so it is a tip: ${input.reading.reasons.join('; ')}`);
  for (const kept of input.html.keptShortcodes) {
    const name = /^\[([\w-]+)/.exec(kept)?.[1] ?? '';
    note(inBody(`\\[${name}`, `[${name}`), `kept the shortcode ${kept} as text: WordPress drew something here; rewrite it or delete it`);
  }
  for (const n of body.notes) note(n.snippet ? inBody(n.snippet) : entry.bodyLine, n.message);
  return { path, text: entry.text, draft, copies, notes };
}

/** The Markdown without its first paragraph that states the takeaway. */
function withoutTakeawayLine(markdown: string): string {
  const paragraphs = markdown.split('\n\n');
  const at = paragraphs.findIndex((p) => TAKEAWAY_LINE.test(p.replace(/[*_\\]/g, '').replace(/\s+/g, ' ').trim()));
  return at < 0 ? markdown : paragraphs.filter((_, i) => i !== at).join('\n\n');
}
