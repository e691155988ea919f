/**
 * Vitest global setup: when PostgreSQL is installed, one throwaway cluster for the whole test
 * run, so every repository test runs on both engines. Its URL reaches the forked test
 * workers through the environment (they inherit it) as TOTW_TEST_POSTGRES_URL. Without the
 * binaries the run is SQLite only, and says so once. The cluster also holds one database with
 * every migration applied (TOTW_TEST_POSTGRES_TEMPLATE), which fresh test databases copy
 * instead of migrating each their own (src/testing/databases.fs.ts).
 */
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from './postgres.fs.ts';

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
  // Loaded here, not at the top: a run without PostgreSQL never loads the code under test in this process.
  const { createMigratedTemplate } = await import('./databases.fs.ts');
  process.env['TOTW_TEST_POSTGRES_TEMPLATE'] = await createMigratedTemplate(cluster.url);
  return () => {
    process.off('exit', stop);
    stop();
    delete process.env['TOTW_TEST_POSTGRES_URL'];
    delete process.env['TOTW_TEST_POSTGRES_TEMPLATE'];
  };
}

