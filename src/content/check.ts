/**
 * Everything the content check finds, in one list: the schemas and cross-checks (validate.ts)
 * and the editor's lint (lint.ts). `npm run check`, the build and the dev server all call this,
 * so they agree on every error and every warning. Pure.
 */
import { lintContent, type LintOptions } from './lint.ts';
import { byPlace, type ContentProblem } from './problems.ts';
import type { RawContent } from './raw.ts';
import { validateContent, type ValidateOptions } from './validate.ts';

export type CheckOptions = ValidateOptions & LintOptions;

export function checkPublication(content: RawContent, options: CheckOptions): ContentProblem[] {
  return byPlace([...validateContent(content, options), ...lintContent(content, options)]);
}
