/**
 * A content file as read from disk, before any validation: what parse-entry.ts makes of its
 * bytes. Every step that works on files as written (the validator, the lint, the calendar,
 * `npm run new`) reads these, so they live here rather than in any one of those steps.
 */

/** One content file as read from disk. */
export interface RawEntry {
  /** Path from the repository root. */
  file: string;
  /** Entry id, as Astro derives it: the file name without extension, slugified. */
  id: string;
  /** Parsed frontmatter (or the whole YAML/JSON document for authors). */
  data: unknown;
  /** The whole file as written, for line numbers in messages. */
  source?: string;
  /** The MDX body below the frontmatter (tips and issues). */
  body?: string;
  /** Why the file could not be parsed (bad YAML, a frontmatter that never closes), if it could not. */
  unreadable?: string;
  /** The line of the parse error, when there is one. */
  unreadableLine?: number;
  /** Where the first byte that is not UTF-8 is, when the file is not saved as UTF-8. */
  notUtf8?: { line: number; column: number };
}

/** Every tip, issue and author of a publication, as read from disk. */
export interface RawContent {
  tips: RawEntry[];
  issues: RawEntry[];
  authors: RawEntry[];
}
