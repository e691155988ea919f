/**
 * Vitest global setup: when PostgreSQL is installed, one throwaway cluster for the whole test
 * run, so every repository test runs on both engines. Its URL reaches the forked test
 * workers through the environment (they inherit it) as TOTW_TEST_POSTGRES_URL. Without the
 * binaries the run is SQLite only, and says so once. The cluster also holds one database with
 * every migration applied (TOTW_TEST_POSTGRES_TEMPLATE), which fresh test databases copy
 * instead of migrating each their own (src/testing/databases.fs.ts).
 */
import { openDatabase } from '../db/open.ts';
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from './postgres.fs.ts';

/** Fresh databases are made from this one; nothing may stay connected to it (PostgreSQL's CREATE DATABASE … TEMPLATE). */
const MIGRATED_TEMPLATE = 'totw_migrated';

export default async function setup(): Promise<() => void> {
  if (process.env['TOTW_TEST_POSTGRES_URL']) return () => undefined;
  if (!postgresBinDir()) {
    process.stderr.write('PostgreSQL is not installed here (apt-get install postgresql): database tests run on SQLite only.\n');
    return () => undefined;
  }
  const cluster: PostgresCluster = await startPostgresCluster();
  const stop = () => cluster.destroy();
  // Teardown does not run when the process is killed; a plain exit still removes the cluster.
  process.once('exit', stop);
  process.env['TOTW_TEST_POSTGRES_URL'] = cluster.url;
  process.env['TOTW_TEST_POSTGRES_DATA'] = cluster.dataDir;
  process.env['TOTW_TEST_POSTGRES_TEMPLATE'] = await migratedTemplate(cluster.url);
  return () => {
    process.off('exit', stop);
    stop();
    delete process.env['TOTW_TEST_POSTGRES_URL'];
    delete process.env['TOTW_TEST_POSTGRES_TEMPLATE'];
  };
}

/** Creates the template database and applies every migration to it, with the code under test. */
async function migratedTemplate(serverUrl: string): Promise<string> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${MIGRATED_TEMPLATE}`).finally(() => admin.end());
  const url = new URL(serverUrl);
  url.pathname = `/${MIGRATED_TEMPLATE}`;
  await (await openDatabase(url.href)).close();
  return MIGRATED_TEMPLATE;
}
