/**
 * `npm run import -- subscribers <mailchimp|substack|buttondown|csv> <path>`: the command
 * line around importList, with the store opened from DATABASE_URL.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../../cli/errors.ts';
import { resolveSuppressionKey } from '../../config/secret.fs.ts';
import { parseEnv } from '../../config/env.ts';
import { openDatabase } from '../../db/open.ts';
import { createSubscriberStore, keyLegacySuppressions } from '../../subscribers/store.db.ts';
import { LIST_SOURCES, type ListSource } from './entries.ts';
import { readListFiles } from './files.fs.ts';
import { importList, type ListImportIo } from './run.ts';
import { SUBSCRIBERS_USAGE } from './usage.ts';


export async function subscribersMain(argv: string[], envVars: Record<string, string | undefined>, io: ListImportIo & { now: () => Date }): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { consent: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  const [source, path, extra] = positionals;
  if (!source || !path || extra !== undefined) throw new UsageError(`Usage: ${SUBSCRIBERS_USAGE}`);
  if (!(LIST_SOURCES as readonly string[]).includes(source)) {
    throw new UsageError(`"${source}" is not a source this import reads: use one of ${LIST_SOURCES.join(', ')}.\n\nUsage: ${SUBSCRIBERS_USAGE}`);
  }
  const note = values.consent?.trim() || undefined;
  if (source === 'csv' && !note) {
    throw new UsageError('a plain CSV needs --consent "<where these people agreed to get the publication>": it is kept as their consent record');
  }
  const files = readListFiles(path);
  const job = { source: source as ListSource, files, context: { now: io.now(), note }, dryRun: values['dry-run'] };
  if (job.dryRun) return importList(job, undefined, io);
  const env = parseEnv(envVars);
  const db = await openDatabase(env.DATABASE_URL, { poolSize: env.DATABASE_POOL_SIZE });
  try {
    const suppressionKey = resolveSuppressionKey(env);
    await keyLegacySuppressions(db, suppressionKey);
    return await importList(job, createSubscriberStore(db, { suppressionKey }), io);
  } finally {
    await db.close();
  }
}
