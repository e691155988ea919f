/**
 * caniemail's findings for a whole document, computed element by element with a memo.
 *
 * Why: caniemail walks every element and looks each feature up for every client, about 30 ms
 * for one issue email; 200 issues made it the slowest part of the email step. Its findings for
 * an element depend only on that element's tag name and attributes (and for a <style> element,
 * on its stylesheet text), never on where the element sits. A weekly email repeats the same few
 * dozen elements (layout, inlined styles) hundreds of times, and every issue repeats the
 * previous issue's, so each distinct element is checked once per process and the document's
 * findings are put back together in the order caniemail itself would report them: stylesheets
 * first, then elements in document order.
 *
 * Exactness is checked, not assumed: an element is checked on its own only when re-parsing it
 * alone gives the same tag name and attributes; otherwise the whole document goes to caniemail.
 * The test compares both ways on real emails and on documents full of unsupported features.
 */
import { caniemail, parseHtml } from 'caniemail';

type Kind = 'errors' | 'warnings';
type ClientGlobs = Parameters<typeof caniemail>[0]['clients'];
/** One finding as caniemail records it, position left out (we do not report positions). */
export interface Finding {
  kind: Kind;
  client: string;
  title: string;
}

interface DomNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  data?: string;
  childNodes?: DomNode[];
}

const findingsOf = (result: ReturnType<typeof caniemail>): Finding[] => {
  const out: Finding[] = [];
  for (const kind of ['errors', 'warnings'] as const) {
    for (const [client, list] of result.issues[kind]) for (const issue of list) out.push({ kind, client, title: issue.title });
  }
  return out;
};

/** caniemail's result order: errors then warnings, each grouped by client in the order clients first appear. */
function inCaniemailOrder(found: readonly Finding[]): Finding[] {
  return (['errors', 'warnings'] as const).flatMap((kind) => {
    const byClient = new Map<string, Finding[]>();
    for (const f of found) {
      if (f.kind !== kind) continue;
      const list = byClient.get(f.client);
      if (list) list.push(f);
      else byClient.set(f.client, [f]);
    }
    return [...byClient.values()].flat();
  });
}

const escapeAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
const startTag = (name: string, attribs: Record<string, string>) =>
  `<${name}${Object.entries(attribs).map(([k, v]) => ` ${k}="${escapeAttr(v)}"`).join('')}>`;
const sameAttributes = (a: Record<string, string> = {}, b: Record<string, string> = {}) => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k, i) => Object.keys(b)[i] === k && a[k] === b[k]);
};

/**
 * A wrapper element lets a <style> element be visited (caniemail skips <style> at the top
 * level); its own findings must be none, or the element cannot be told apart from it.
 */
const WRAPPER = 'div';

export class ElementwiseCaniemail {
  readonly #clients: ClientGlobs;
  readonly #memo = new Map<string, Finding[] | null>();
  #wrapperClean: boolean | undefined;

  constructor(clients: Readonly<ClientGlobs>) {
    this.#clients = [...clients];
  }

  #run(options: { html?: string; css?: string }): Finding[] {
    return findingsOf(caniemail({ clients: this.#clients, ...options }));
  }

  /** Findings for one element alone, or null when it does not survive being parsed alone. */
  #element(node: DomNode): Finding[] | null {
    const wrapped = node.type === 'style';
    const own = startTag(node.name!, node.attribs ?? {});
    const key = `${node.type}\0${own}`;
    const known = this.#memo.get(key);
    if (known !== undefined) return known;
    if (wrapped && (this.#wrapperClean ??= this.#run({ html: `<${WRAPPER}></${WRAPPER}>` }).length === 0) === false) return null;
    const html = wrapped ? `<${WRAPPER}>${own}</${node.name}></${WRAPPER}>` : own;
    const reparsed = (parseHtml(html).document.childNodes[0] as DomNode | undefined);
    const alone = wrapped ? reparsed?.childNodes?.[0] : reparsed;
    const faithful = alone?.type === node.type && alone.name === node.name && sameAttributes(alone.attribs, node.attribs);
    const findings = faithful ? this.#run({ html }) : null;
    this.#memo.set(key, findings);
    return findings;
  }

  #stylesheet(css: string): Finding[] {
    const key = `css\0${css}`;
    let findings = this.#memo.get(key);
    if (!findings) {
      findings = this.#run({ css });
      this.#memo.set(key, findings);
    }
    return findings;
  }

  /** The findings caniemail would report for `html`, in the order its result lists them. */
  check(html: string): Finding[] {
    const { document } = parseHtml(html);
    const top = document.childNodes as unknown as DomNode[];
    const styles: string[] = [];
    const collectStyles = (node: DomNode) => {
      if (node.type === 'style') {
        const text = node.childNodes?.[0];
        if (text?.data !== undefined) styles.push(text.data);
        return;
      }
      node.childNodes?.forEach(collectStyles);
    };
    top.forEach(collectStyles);
    const found: Finding[] = styles.flatMap((css) => this.#stylesheet(css));
    let faithful = true;
    // The same walk as caniemail's checkHtml: tags at the top level, tags and <style> below, comments anywhere.
    const visit = (node: DomNode, topLevel: boolean) => {
      if (!faithful) return;
      if (node.type === 'comment') {
        found.push(...this.#comment());
        return;
      }
      if (node.type !== 'tag' && (topLevel || node.type !== 'style')) return;
      const own = this.#element(node);
      if (own === null) {
        faithful = false;
        return;
      }
      found.push(...own);
      node.childNodes?.forEach((child) => visit(child, false));
    };
    top.forEach((node) => visit(node, true));
    return faithful ? inCaniemailOrder(found) : this.#run({ html });
  }

  #comment(): Finding[] {
    let findings = this.#memo.get('comment');
    if (!findings) {
      findings = this.#run({ html: '<!---->' });
      this.#memo.set('comment', findings);
    }
    return findings;
  }
}
