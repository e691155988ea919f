/** The "scripts" of the package.json in `root`, for scriptCommand(). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function packageScripts(root: string): Record<string, string> {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
}
