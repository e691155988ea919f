/**
 * The components editors may use in MDX. Each must have a web rendering
 * (src/components/mdx/) and an email rendering (src/components/email/mdx/);
 * a test keeps this list and both maps in step.
 */
export const EDITOR_COMPONENTS = ['Takeaway', 'Dialogue', 'Line', 'Quiz', 'TipsList'] as const;

/** Capitalised JSX tags used in an MDX body, e.g. ["Dialogue", "Line"]. */
export function componentsUsed(body: string): string[] {
  const withoutCode = body.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '');
  return [...new Set([...withoutCode.matchAll(/<([A-Z][A-Za-z0-9]*)\b/g)].map((m) => m[1]!))].sort();
}
