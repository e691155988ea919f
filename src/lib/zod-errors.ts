import type { z } from 'astro/zod';

/** zod's issues as "  path: message" lines, the one format every settings and contract error uses. */
export function zodIssueLines(error: z.ZodError): string[] {
  return error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
}
