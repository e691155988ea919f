/**
 * Where a problem is in a content file, in the editor's terms: the line of a field in the
 * frontmatter (nested ones too, e.g. the url of the second pick), the line where the MDX body
 * starts, and field names as an editor counts ("pick 2 (url)", not "picks.1.url"). Pure.
 */

/** A path into the frontmatter as zod reports it, e.g. ["picks", 1, "url"]. */
export type FieldPath = readonly (string | number)[];

interface Line {
  /** Column of a `key:` on this line, after any `- ` list markers. */
  keyColumn?: number;
  key?: string;
  /** Column of a leading `- ` list marker. */
  dashColumn?: number;
  /** Column of the first character that is not a space; undefined for blank and comment lines. */
  indent?: number;
}

const KEYED = /^(\s*)((?:-\s+)*)([^\s#'"-][^:#]*?|"[^"]*"|'[^']*')\s*:(?:\s|$)/;

function scan(text: string): Line[] {
  return text.split('\n').map((raw) => {
    const content = raw.replace(/\s+$/, '');
    const indent = content.search(/\S/);
    if (indent < 0 || content[indent] === '#') return {};
    const line: Line = { indent };
    if (content[indent] === '-' && (content.length === indent + 1 || /\s/.test(content[indent + 1]!))) line.dashColumn = indent;
    const keyed = KEYED.exec(content);
    if (keyed) {
      line.keyColumn = keyed[1]!.length + keyed[2]!.length;
      line.key = keyed[3]!.replace(/^["']|["']$/g, '');
    }
    return line;
  });
}

/** Lines of the YAML part: the frontmatter of an MDX file, or the whole file (authors). */
function yamlPart(source: string): { text: string; firstLine: number } {
  if (!/^---\r?\n/.test(source)) return { text: source, firstLine: 1 };
  const end = source.indexOf('\n---', 3);
  return { text: source.slice(source.indexOf('\n') + 1, end < 0 ? undefined : end + 1), firstLine: 2 };
}

/**
 * The 1-based line of a field in a file's frontmatter, following nested keys and list items;
 * the nearest enclosing field that was found when the exact one is not written out (a missing
 * field gives undefined: the problem is about the entry as a whole).
 */
export function fieldLine(source: string | undefined, path: FieldPath): number | undefined {
  if (!source || path.length === 0) return undefined;
  const { text, firstLine } = yamlPart(source);
  const lines = scan(text);
  let start = 0;
  let end = lines.length;
  let found: number | undefined;
  for (const part of path) {
    if (typeof part === 'number') {
      const dashes = lines.slice(start, end).map((l, i) => ({ l, i: i + start })).filter(({ l }) => l.dashColumn !== undefined);
      const column = Math.min(...dashes.map(({ l }) => l.dashColumn!));
      const items = dashes.filter(({ l }) => l.dashColumn === column);
      const item = items[part];
      if (!item) break;
      found = item.i;
      start = item.i;
      end = items[part + 1]?.i ?? end;
      // The first key of an item sits on the dash line: let the key search see it.
      continue;
    }
    const keyed = lines.slice(start, end).map((l, i) => ({ l, i: i + start })).filter(({ l }) => l.key !== undefined);
    if (keyed.length === 0) break;
    const column = Math.min(...keyed.map(({ l }) => l.keyColumn!));
    const hit = keyed.find(({ l }) => l.keyColumn === column && l.key === part);
    if (!hit) break;
    found = hit.i;
    const next = lines.findIndex((l, i) => i > hit.i && i < end && l.indent !== undefined && (l.indent < column || (l.keyColumn === column && l.dashColumn === undefined) || (l.dashColumn !== undefined && l.dashColumn < column)));
    start = hit.i + 1;
    end = next < 0 ? end : next;
  }
  return found === undefined ? undefined : found + firstLine;
}

/** The first line (1-based) on which `needle` appears, or 1. */
export function lineOf(source: string | undefined, needle: string, from = 0): number {
  if (!source) return 1;
  const index = source.indexOf(needle, from);
  return index < 0 ? 1 : source.slice(0, index).split('\n').length;
}

/** The 1-based line of the file on which the MDX body (after the frontmatter) starts. */
export function bodyStartLine(source: string | undefined, body: string | undefined): number {
  if (!source || body === undefined || !source.endsWith(body)) return 1;
  return source.slice(0, source.length - body.length).split('\n').length;
}

/** A field path as an editor counts: "pick 2 (url)", "tag 1", "heroAlt". */
export function fieldLabel(field: string | FieldPath): string {
  const parts = typeof field === 'string' ? (field ? field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : []) : [...field];
  const [head, index, ...rest] = parts;
  if (typeof index === 'number' && (head === 'picks' || head === 'tags')) {
    const label = `${head === 'picks' ? 'pick' : 'tag'} ${index + 1}`;
    return rest.length ? `${label} (${rest.join('.')})` : label;
  }
  return parts.join('.');
}

/** "picks.1.url" → ["picks", 1, "url"] */
export function parseFieldPath(field: string): FieldPath {
  return field ? field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
}
