/**
 * The search-index worker thread (started by search-index-thread.fs.ts). The main thread,
 * which renders the pages, only posts each searchable page here; encoding it for Pagefind's
 * process and writing it down the pipe (about 0.3 ms a page) happens on this thread.
 * Messages: `{ add: page }`, in order, then `{ id, write: outDir }`, answered once with
 * `{ id, written: pageCount }` or `{ id, error: message }`.
 */
import childProcess from 'node:child_process';
import { parentPort } from 'node:worker_threads';
import { runThisThreadInBackground } from '../lib/thread-priority.fs.ts';

// Below the main thread, which renders the pages; Pagefind's process, started from this
// thread, inherits the lower priority (src/lib/thread-priority.fs.ts).
runThisThreadInBackground();

let failure: string | undefined;
/** The id of the write request, once there is one. */
let writeId: number | undefined;
let closing = false;
const answer = (message: { written: number } | { error: string }) => parentPort!.postMessage({ id: writeId, ...message });

// Pagefind's client never settles a request if its process dies (it panics on an output folder
// it cannot create, for one): the build would wait for ever. So watch the process it spawns.
// Built-in modules are this thread's own, so the wrapper affects nothing outside it.
const spawn = childProcess.spawn;
childProcess.spawn = ((...args: Parameters<typeof spawn>) => {
  const child = spawn(...args);
  child.once('exit', (code, signal) => {
    if (closing) return;
    failure ??= `Pagefind's indexer stopped (${signal ? `signal ${signal}` : `exit code ${code}`}); its own message is above.`;
    if (writeId !== undefined) answer({ error: failure });
  });
  return child;
}) as typeof spawn;

const { closePagefind, SearchIndexBuild } = await import('./search-index-build.ts');
const build = new SearchIndexBuild();

parentPort!.on('message', (message: { add: Parameters<typeof build.add>[0] } | { id: number; write: string }) => {
  if ('add' in message) {
    if (!failure) build.add(message.add);
    return;
  }
  writeId = message.id;
  if (failure) return answer({ error: failure });
  build
    .write(message.write)
    .then(
      (pageCount) => answer({ written: pageCount }),
      (error: unknown) => answer({ error: error instanceof Error ? error.message : String(error) }),
    )
    .finally(() => {
      closing = true;
      return closePagefind();
    });
});
