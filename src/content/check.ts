/**
 * Everything the content check finds, in one list: the schemas and cross-checks (validate.ts),
 * the editor's lint (lint.ts) and the pictures in the text (body-image-rules.ts). `npm run check`,
 * the build and the dev server all call this, so they agree on every error and every warning. Pure.
 */
import { bodyImageProblems } from './body-image-rules.ts';
import { lintContent, type LintOptions } from './lint.ts';
import { byPlace, type ContentProblem } from './problems.ts';
import type { RawContent } from './raw.ts';
import { validateContent, type ValidateOptions } from './validate.ts';

export type CheckOptions = ValidateOptions & LintOptions;

export function checkPublication(content: RawContent, options: CheckOptions): ContentProblem[] {
  const images = [...content.tips, ...content.issues].flatMap((entry) => bodyImageProblems(entry, options));
  return byPlace([...validateContent(content, options), ...lintContent(content, options), ...images]);
}
