/**
 * Reads an export as the platform hands it over: one CSV file, a folder of them, or a zip
 * (Mailchimp's audience export, Buttondown's and Substack's account exports). Each CSV is
 * decoded with its encoding detected.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { unzipSync } from 'fflate';
import { CliError } from '../../cli/errors.ts';
import { decodeText } from '../../subscribers/csv.ts';
import type { ListFile } from './entries.ts';

/** A CSV in a zip larger than this is refused rather than unpacked into memory (a list of 10 million rows is about 1 GB). */
export const MAX_CSV_BYTES = 1024 ** 3;

const isCsv = (name: string) => /\.(csv|txt|tsv)$/i.test(name) && !/(^|\/)(__MACOSX\/|\._)/.test(name);

function decoded(name: string, bytes: Uint8Array): ListFile {
  const { text, note } = decodeText(bytes);
  return { name, text, encodingNote: note };
}

function fromZip(path: string): ListFile[] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(readFileSync(path), {
      filter: (file) => {
        if (!isCsv(file.name)) return false;
        if (file.originalSize > MAX_CSV_BYTES) throw new CliError(`${path}: ${file.name} unpacks to ${file.originalSize} bytes, more than a subscriber list should: unpack it yourself and give the folder`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${path} could not be read as a zip file (${(error as Error).message}): download the export again, or unpack it and give the folder`);
  }
  return Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, bytes]) => decoded(`${path}:${name}`, bytes));
}

/** Every CSV of the export at `path`, decoded. */
export function readListFiles(path: string): ListFile[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new CliError(`${path} does not exist: give the path of the export (a .csv file, a .zip, or the folder it unpacks to)`);
  }
  let files: ListFile[];
  if (stat.isDirectory()) {
    files = readdirSync(path, { recursive: true, encoding: 'utf8' })
      .filter(isCsv)
      .sort()
      .map((name) => decoded(join(path, name), readFileSync(join(path, name))));
  } else if (/\.zip$/i.test(path)) {
    files = fromZip(path);
  } else {
    files = [decoded(path, readFileSync(path))];
  }
  if (files.length === 0) throw new CliError(`${path} holds no .csv file: give the export as the platform made it (${basename(path)} should contain its CSV files)`);
  return files;
}
