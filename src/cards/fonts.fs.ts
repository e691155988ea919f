/**
 * The card's fonts (chosen in font-choice.ts), read from the npm font packages in
 * node_modules: never from the network, so a build runs offline.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { FONT_SOURCES, FONT_WEIGHTS, fontsFor, type FontSource } from './font-choice.ts';

/** A font as satori takes it. */
export interface CardFont {
  name: string;
  data: Buffer;
  weight: 400 | 700;
  style: 'normal';
}

/** Reads a font file; a test may give one that records what was read. */
export type ReadFont = (path: string) => Buffer;

/** Where a source's files are (fontsource packages export only CSS, so from the package's folder). */
function fontPaths(source: FontSource, require: NodeJS.Require): { weight: 400 | 700; path: string }[] {
  const folder = join(dirname(require.resolve(source.pkg)), 'files');
  return FONT_WEIGHTS.map((weight) => ({ weight, path: join(folder, source.file(weight)) }));
}

/**
 * The fonts for each card, loaded on first use and kept: satori keeps the fonts it parsed for
 * the array it was given, so the same text needs give the same array.
 */
export class CardFonts {
  readonly #read: ReadFont;
  readonly #require: NodeJS.Require;
  readonly #sets = new Map<string, CardFont[]>();
  readonly #files = new Map<string, CardFont[]>();
  readonly #sources: readonly FontSource[];

  /** `read` reads a font file; `sources` are the fonts in fallback order (a test may leave one out). */
  constructor({ read = readFileSync, sources = FONT_SOURCES }: { read?: ReadFont; sources?: readonly FontSource[] } = {}) {
    this.#read = read;
    this.#sources = sources;
    this.#require = createRequire(import.meta.url);
  }

  /** The fonts a card showing `text` is drawn with. */
  for(text: string): CardFont[] {
    const sources = fontsFor(text, this.#sources);
    const key = sources.map((s) => s.name).join('\n');
    let set = this.#sets.get(key);
    if (!set) this.#sets.set(key, (set = sources.flatMap((s) => this.#load(s))));
    return set;
  }

  #load(source: FontSource): CardFont[] {
    let fonts = this.#files.get(source.name);
    if (!fonts) this.#files.set(source.name, (fonts = fontPaths(source, this.#require).map(({ weight, path }) => ({ name: source.name, data: this.#readOne(path), weight, style: 'normal' as const }))));
    return fonts;
  }

  #readOne(path: string): Buffer {
    try {
      return this.#read(path);
    } catch (error) {
      throw new Error(`The social cards' font ${path} could not be read (${(error as Error).message}): run npm install to install the font packages package.json lists.`);
    }
  }

  /** The fonts' fingerprint for the cards' cache key: each file's name and size. */
  fingerprint(): string {
    return this.#sources.flatMap((s) => fontPaths(s, this.#require)).map(({ path }) => `${basename(path)}:${statSync(path).size}`).join(',');
  }
}
