/**
 * Which font files a card is drawn with. Noto Sans draws Latin, Cyrillic and Greek; after it
 * come the fallbacks satori tries in order for a character the fonts before lack: Noto Sans
 * Arabic, then BIZ UDPGothic for Japanese (17 MB installed, against 80 MB for Noto Sans JP).
 * Each file is one subset of its family (fontsource splits them by script), so each gets its
 * own name: satori picks one file per name and weight, and falls back across names.
 * A fallback is loaded only for a card whose text has its script: parsing the Japanese font
 * took a second, which a card in English need not wait for. Pure.
 */

export interface FontSource {
  /** The name the card's tree and satori know the file by. */
  name: string;
  /** The npm package that ships it. */
  pkg: string;
  /** The file in the package's files/ folder for a weight. */
  file: (weight: number) => string;
  /** The characters the font is there for; no pattern: always loaded. */
  script?: RegExp;
}

export const FONT_SOURCES: readonly FontSource[] = [
  { name: 'Noto Sans', pkg: '@fontsource/noto-sans', file: (w) => `noto-sans-latin-${w}-normal.woff` },
  // Latin letters beyond Western Europe's (ő, ł, ş, ŋ, ẞ, ...) and Vietnamese.
  { name: 'Noto Sans latin-ext', pkg: '@fontsource/noto-sans', file: (w) => `noto-sans-latin-ext-${w}-normal.woff`, script: /[\u0100-\u02af\u1e00-\u1eff\u2c60-\u2c7f\ua720-\ua7ff]/u },
  { name: 'Noto Sans cyrillic', pkg: '@fontsource/noto-sans', file: (w) => `noto-sans-cyrillic-${w}-normal.woff`, script: /[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]/u },
  { name: 'Noto Sans greek', pkg: '@fontsource/noto-sans', file: (w) => `noto-sans-greek-${w}-normal.woff`, script: /[\u0370-\u03ff\u1f00-\u1fff]/u },
  { name: 'Noto Sans Arabic', pkg: '@fontsource/noto-sans-arabic', file: (w) => `noto-sans-arabic-arabic-${w}-normal.woff`, script: /[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/u },
  // Kana, CJK punctuation and ideographs, full-width forms.
  { name: 'BIZ UDPGothic', pkg: '@fontsource/biz-udpgothic', file: (w) => `biz-udpgothic-japanese-${w}-normal.woff`, script: /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/u },
];

export const FONT_WEIGHTS = [400, 700] as const;

/** The fonts a card showing `text` needs, in fallback order. */
export function fontsFor(text: string, sources: readonly FontSource[] = FONT_SOURCES): FontSource[] {
  return sources.filter((s) => !s.script || s.script.test(text));
}
