/**
 * The card's fonts, read from the npm font packages in node_modules: never from the network,
 * so a build runs offline. Noto Sans draws Latin, Cyrillic and Greek; after it come the
 * fallbacks satori tries in order for a character the first font lacks: Noto Sans Arabic,
 * then BIZ UDPGothic for Japanese (17 MB installed, against 80 MB for Noto Sans JP).
 * Each file is one subset of its family (fontsource splits them by script), so each gets
 * its own name: satori picks one file per name and weight, and falls back across names.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';

/** A font as satori takes it. */
export interface CardFont {
  name: string;
  data: Buffer;
  weight: 400 | 700;
  style: 'normal';
}

/** Which files of which package, in fallback order, under which name. */
const FILES: { name: string; pkg: string; file: (weight: number) => string }[] = [
  { name: 'Noto Sans', pkg: '@fontsource/noto-sans', file: (w) => `noto-sans-latin-${w}-normal.woff` },
  { name: 'Noto Sans latin-ext', pkg: '@fontsource/noto-sans', file: (w) => `noto-sans-latin-ext-${w}-normal.woff` },
  { name: 'Noto Sans cyrillic', pkg: '@fontsource/noto-sans', file: (w) => `noto-sans-cyrillic-${w}-normal.woff` },
  { name: 'Noto Sans greek', pkg: '@fontsource/noto-sans', file: (w) => `noto-sans-greek-${w}-normal.woff` },
  { name: 'Noto Sans Arabic', pkg: '@fontsource/noto-sans-arabic', file: (w) => `noto-sans-arabic-arabic-${w}-normal.woff` },
  { name: 'BIZ UDPGothic', pkg: '@fontsource/biz-udpgothic', file: (w) => `biz-udpgothic-japanese-${w}-normal.woff` },
];
const WEIGHTS = [400, 700] as const;

/** A font file's location and what the card calls it. */
export interface FontFile {
  name: string;
  path: string;
  weight: 400 | 700;
}

/** Where each of the card's font files is (fontsource packages export only CSS, so from the package's folder). */
export function cardFontFiles(require = createRequire(import.meta.url)): FontFile[] {
  const folders = new Map<string, string>();
  const folder = (pkg: string) => folders.get(pkg) ?? folders.set(pkg, join(dirname(require.resolve(pkg)), 'files')).get(pkg)!;
  return FILES.flatMap(({ name, pkg, file }) => WEIGHTS.map((weight) => ({ name, weight, path: join(folder(pkg), file(weight)) })));
}

/** The fonts' fingerprint for the cards' cache key: each file's name and size. */
export function fontFingerprint(files: readonly FontFile[]): string {
  return files.map((f) => `${basename(f.path)}:${statSync(f.path).size}`).join(',');
}

/**
 * Reads the fonts with `read` (a plain file read unless a test gives its own). A missing file
 * means the font packages are not installed as package.json says.
 */
export function loadCardFonts(files: readonly FontFile[], read: (path: string) => Buffer = readFileSync): CardFont[] {
  return files.map(({ name, path, weight }) => {
    try {
      return { name, data: read(path), weight, style: 'normal' };
    } catch (error) {
      throw new Error(`The social cards' font ${path} could not be read (${(error as Error).message}): run npm install to install the font packages package.json lists.`);
    }
  });
}
