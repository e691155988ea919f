/**
 * Placeholder text from `npm run new` that is still in an entry about to be published.
 * The list comes from the templates themselves (scaffold.ts), so a new placeholder there is
 * refused here without anyone remembering to add it. Pure.
 */
import type { FieldPath } from './locate.ts';
import { PLACEHOLDERS } from './scaffold.ts';

export interface Leftover {
  /** The field still holding a placeholder; empty for the MDX body. */
  path: FieldPath;
  placeholder: string;
}

const pattern = (placeholder: string) =>
  new RegExp(`^${placeholder.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{n\\\}/g, '\\d+')}$`);
const same = (value: unknown, placeholder: string) => typeof value === 'string' && pattern(placeholder).test(value.trim());

/** Placeholders left in a tip or an issue; drafts may keep theirs. */
export function scaffoldLeftovers(kind: 'tips' | 'issues', data: Record<string, unknown>, body = ''): Leftover[] {
  if (data['draft'] === true) return [];
  const found: Leftover[] = [];
  const fields = kind === 'tips' ? PLACEHOLDERS.tip : PLACEHOLDERS.issue;
  for (const [field, placeholder] of Object.entries(fields)) {
    if (field !== 'body' && same(data[field], placeholder)) found.push({ path: [field], placeholder });
  }
  const inBody = kind === 'tips' ? [PLACEHOLDERS.tip.body] : [PLACEHOLDERS.issue.body];
  for (const placeholder of inBody) if (body.includes(placeholder)) found.push({ path: [], placeholder });
  if (kind === 'issues' && Array.isArray(data['picks'])) {
    data['picks'].forEach((pick: unknown, index) => {
      if (typeof pick !== 'object' || pick === null) return;
      for (const [field, placeholder] of Object.entries(PLACEHOLDERS.pick)) {
        if (same((pick as Record<string, unknown>)[field], placeholder)) found.push({ path: ['picks', index, field], placeholder });
      }
    });
  }
  return found;
}
