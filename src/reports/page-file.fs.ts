/** Writes the report page whole or not at all: a temporary file next to it, then one rename. */
import { randomBytes } from 'node:crypto';
import { rm, writeFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError } from '../cli/errors.ts';

export async function writePageFile(file: string, html: string): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, html);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOTDIR') {
      throw new CliError(`Cannot write the report page to ${file} (${code}): choose a file in a folder that exists and you can write to, e.g. --html report.html`);
    }
    throw error;
  }
}
