/**
 * Checks a finished email against what inboxes accept: size (Gmail clips at ~102 KB),
 * features the major clients support according to caniemail's data, absolute https
 * URLs, alt text and image sizes, no scripts or forms, and every pick in both parts. A problem
 * in a part rendered from a content file names that file, in the editor's terms.
 * Pure: returns problems, never throws.
 */
import { ElementwiseCaniemail, type Finding } from './caniemail-by-element.ts';
import { clientName } from './client-names.ts';
import { splitByContentFile, withoutContentMarks } from '../render/content-marks.ts';
import { PLACEHOLDER } from '../placeholders.ts';

/**
 * Gmail clips messages over ~102 KB. The HTML goes out in base64 (src/email/message.ts), which makes 68 KB about
 * 93 KB on the wire; whether Gmail counts the encoded or the decoded size is not documented, so the budget holds
 * either way. The sample issues are 10–13 KB.
 */
export const MAX_HTML_BYTES = 68 * 1024;
/** The budget as sent: base64 makes 3 bytes 4, in lines of 76 characters and a CRLF (93 KB). */
const MAX_SENT_KB = Math.round(((MAX_HTML_BYTES * 4) / 3 / 1024) * (78 / 76));

/** The clients we promise to support. */
export const CLIENTS = ['gmail.*', 'outlook.*', 'apple-mail.*', 'yahoo.*'] as const;

/**
 * Features caniemail reports as unsupported or partial in some of those clients that we use
 * on purpose, because they degrade gracefully. Anything not listed here fails the check.
 */
export const ACCEPTED_FEATURES: Record<string, string> = {
  // Unsupported in some clients, used on purpose because they degrade gracefully:
  '@media':
    'Only for dark-mode colours and phone padding. Gmail mobile web and Outlook for Windows ignore it and show the light, 600px-max layout, which reads well everywhere.',
  '<style> element':
    'Holds only the media queries after juice inlines everything else; a client that strips it keeps the full inlined design.',
  '<body> element':
    'Some clients replace <body> with a <div>; all content and styles sit inside our own wrapper table, so nothing depends on it.',
  'role attribute':
    'role="presentation" tells screen readers our tables are layout; a client that drops it changes nothing visible.',
  'color-scheme meta tag': 'A dark-mode hint for Apple Mail; other clients ignore it.',
  'display:none':
    'Hides the preheader. Gmail mobile web ignores it, so the preheader also has max-height:0 and overflow:hidden; Outlook for Windows hides it by mso-hide:all. Its text keeps normal size and colour: tiny or transparent text is what spam filters score as hidden (SpamAssassin\'s HTML_FONT_LOW_CONTRAST and FONT_INVIS_MSGID).',
  'max-height property': 'max-height:0 hides the preheader in Gmail mobile web, which ignores display:none; Outlook for Windows, which ignores max-height, hides it by mso-hide:all.',
  // Partly supported; the partial support is enough for how we use them:
  display: 'Only display:block on images and display:none on the preheader.',
  overflow: 'Only overflow:hidden on the preheader, next to max-height:0; the partial support concerns overflow-block and overflow-inline, which we do not use.',
  margin: 'Spacing between paragraphs; partial support only changes spacing, never content.',
  padding: 'Spacing is set on table cells, where Outlook for Windows honours it.',
  'max-width': 'The wrapper table also carries width="600", which Outlook honours.',
  'width attribute': 'Percentage and pixel widths on tables, the form every client supports.',
  'width property': 'Backed by the width attribute for Outlook.',
  'height attribute': 'Images carry width and height attributes so clients reserve their space; Outlook honours the pixel values.',
  'height property':
    'height:auto keeps a hero image in proportion when it shrinks on phones; where it is dropped, the image keeps its 552px-wide attribute size.',
  'align attribute': 'Centres the wrapper table; left-aligned where ignored.',
  'line-height': 'Partial support only changes spacing.',
  'font-size': 'Falls back to the client\'s default size; nothing depends on exact sizes.',
  'font-weight': 'Only bold, which every client renders.',
  'letter-spacing': 'Decoration on small labels.',
  'text-transform': 'Decoration on small labels, which are also written in words.',
  'text-decoration': 'Links stay recognisable by colour.',
  background: 'Every coloured block keeps readable text with or without its background colour.',
  border: 'Rules and boxes are decoration.',
  '<ul>, <ol> and <dl>': 'Lists render in every client; partial support concerns bullets, numbering style and indentation only.',
  'lang attribute': 'For screen readers; a client that drops it changes nothing visible.',
};

export interface EmailParts {
  /** The finished HTML, with the content marks still in it (email/render/content-marks.ts). */
  html: string;
  text: string;
  /** The picks' URLs: each must appear in both parts. */
  pickUrls: string[];
}

/** One thing an inbox would not show right. */
export interface EmailProblem {
  /** What is wrong and what to do. */
  message: string;
  /** The content file whose part of the email has the problem (a tip's body, an issue's note); absent for the email as a whole and our templates. */
  file?: string;
}

/** Every problem of an email: its own, our templates', and each content file's part, named by its file. */
export function checkEmail({ html: marked, text, pickUrls }: EmailParts): EmailProblem[] {
  const html = withoutContentMarks(marked);
  const { template, parts } = splitByContentFile(marked);
  const problems: EmailProblem[] = [...documentProblems(html, text, pickUrls), ...fragmentProblems(template).map((message) => ({ message }))];
  for (const { file, html: part } of parts) {
    problems.push(...fragmentProblems(part).map((message) => ({ file, message })));
    problems.push(...describeFindings(findingsIn(part), 'content').map((message) => ({ file, message })));
  }
  problems.push(...describeFindings(findingsIn(template), 'template').map((message) => ({ message })));
  return problems;
}

/** What only the whole email can tell: its size, its language, and the picks in both parts. */
function documentProblems(html: string, text: string, pickUrls: string[]): EmailProblem[] {
  const problems: string[] = [];
  const bytes = Buffer.byteLength(html, 'utf8');
  if (bytes > MAX_HTML_BYTES) {
    problems.push(`HTML is ${(bytes / 1024).toFixed(1)} KB, over the ${MAX_HTML_BYTES / 1024} KB budget (about ${MAX_SENT_KB} KB as sent in base64; Gmail clips at ~102 KB): shorten the tip or use fewer picks`);
  }
  if (!/<html[^>]*\slang="[^"]+"/i.test(html)) problems.push('the <html> element has no lang attribute');
  for (const url of pickUrls) {
    if (!html.includes(`href="${url.replace(/&/g, '&amp;')}"`)) problems.push(`pick ${url} is missing from the HTML part`);
    if (!text.includes(url)) problems.push(`pick ${url} is missing from the text part`);
  }
  return problems.map((message) => ({ message }));
}

/** Elements and addresses an inbox refuses, wherever they come from. */
function fragmentProblems(html: string): string[] {
  const problems: string[] = [];
  if (/<script\b/i.test(html)) problems.push('contains a <script> element: email clients strip scripts');
  if (/<form\b/i.test(html)) problems.push('contains a <form> element: most email clients disable forms');
  if (/<link\b[^>]*rel=["']?stylesheet/i.test(html)) problems.push('links an external stylesheet: inline the CSS instead');
  for (const [, tag] of html.matchAll(/(<img\b[^>]*>)/gi)) {
    if (!/\salt="/i.test(tag!)) problems.push(`image without alt text: ${tag}`);
    if (!/\swidth="\d+"/i.test(tag!) || !/\sheight="\d+"/i.test(tag!)) problems.push(`image without width and height attributes: ${tag}`);
  }
  for (const [, tag] of html.matchAll(/(<table\b[^>]*>)/gi)) {
    if (!/role="presentation"/.test(tag!)) problems.push(`layout table without role="presentation": ${tag}`);
  }
  for (const [, , url] of html.matchAll(/\s(href|src)="([^"]*)"/gi)) {
    if (PLACEHOLDER.test(url!)) {
      PLACEHOLDER.lastIndex = 0;
      continue;
    }
    if (!/^(https:\/\/|mailto:)/.test(url!)) problems.push(`URL is not absolute https: ${url}`);
  }
  return problems;
}

/** One per process: every issue's email shares most elements with the others, so each is looked up once. */
let byElement: ElementwiseCaniemail | undefined;

const findingsIn = (html: string) => (byElement ??= new ElementwiseCaniemail(CLIENTS)).check(html);

/** What to do about a feature some clients lack: the editor removes it from the content; a developer avoids it or accepts it. */
const FIX = {
  // No Markdown link syntax here: Astro's build log shows [text](path) as "text path".
  content: 'remove it from this file: plain Markdown (paragraphs, lists, links, pictures) shows in every inbox',
  template: 'avoid it, or add it to ACCEPTED_FEATURES in src/email/build/checks.ts with the reason',
} as const;

/** caniemail's findings as problems, grouped by feature with the clients that lack it. */
export function describeFindings(findings: readonly Finding[], where: keyof typeof FIX = 'template'): string[] {
  const found = new Map<string, Set<string>>();
  for (const { kind, client, title } of findings) {
    if (title in ACCEPTED_FEATURES) continue;
    const key = `${title} is ${kind === 'errors' ? 'unsupported' : 'partly supported'}`;
    if (!found.has(key)) found.set(key, new Set());
    found.get(key)!.add(clientName(client));
  }
  return [...found].map(([key, clients]) => `${key} in ${[...clients].sort().join(', ')} (caniemail): ${FIX[where]}`);
}
