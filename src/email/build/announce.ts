/**
 * How the /email/ routes hand each email to the build's email step as soon as they render it,
 * so that it is finished and checked on another thread while the pages go on rendering (on two
 * cores that hides most of the step; docs/benchmarks.md). A BroadcastChannel (node:worker_threads)
 * reaches the listener in the build's process from the main thread and from Astro's rendering
 * threads alike. It is only a head start: the step reads every email from the written files
 * (emails.fs.ts), and an email nobody announced (reused from the last build, or rendered while
 * nothing listened) is finished then.
 */
import { BroadcastChannel } from 'node:worker_threads';
import type { EmailTask } from './worker.ts';

const CHANNEL = 'tip-of-the-week:rendered-emails';

/** Tells the build's email step (if one listens) that this email was rendered. */
export function announceRenderedEmail(task: EmailTask): void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(task);
  channel.close();
}

/** Calls `onEmail` for each email announced until the returned function is called. */
export function listenForRenderedEmails(onEmail: (task: EmailTask) => void): () => void {
  const channel = new BroadcastChannel(CHANNEL);
  // The build itself keeps the process alive; a failed build must still exit.
  channel.unref();
  channel.onmessage = (event: unknown) => onEmail((event as { data: EmailTask }).data);
  return () => channel.close();
}
