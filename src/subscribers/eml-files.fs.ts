/** Development .eml files (OUTBOX_DIR) hold addresses and live links: erasing a subscriber deletes theirs too. */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Deletes every .eml file in `dir` addressed to `email`; returns how many. */
export function removeEmlFilesFor(dir: string, email: string): number {
  if (!existsSync(dir)) return 0;
  const to = new RegExp(`^To: .*\\b${email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'im');
  let removed = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.eml'))) {
    const path = join(dir, name);
    const head = readFileSync(path, 'utf8').split(/\r?\n\r?\n/, 1)[0] ?? '';
    if (to.test(head)) {
      rmSync(path);
      removed++;
    }
  }
  return removed;
}
