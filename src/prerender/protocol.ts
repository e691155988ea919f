/** Messages between the build's main thread and the prerender worker (worker.ts). */

export interface WorkerSetup {
  /** Absolute path of Astro's prerender bundle entry (dist/server/.prerender/prerender-entry.*.mjs). */
  entry: string;
  /** Astro's page data by key, reduced to what rendering reads: each page's stylesheets. */
  pages: [string, { styles: unknown[] }][];
  /** Scripts that integrations inject (Astro's `settings.scripts`). */
  scripts: unknown[];
  /**
   * Set when the build optimizes images: the worker asks the main thread, which owns the list of
   * images to generate, for each image's URL, and waits on this buffer for the answer.
   */
  images?: SharedArrayBuffer | undefined;
}

/** Layout of `images`: a state word, the answer's length in bytes, then the answer (UTF-8). */
export const IMAGE_STATE = 0;
export const IMAGE_LENGTH = 1;
export const IMAGE_TEXT_OFFSET = 8;
export const IMAGE_BUFFER_BYTES = 64 * 1024;
export const IMAGE_WAITING = 0;
export const IMAGE_ANSWERED = 1;
export const IMAGE_FAILED = 2;

export type ToWorker = { id: number; url: string; route: string; component: string } | { collect: true };

export interface RenderedPage {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: ArrayBuffer;
  /** False when the response had no body at all (Astro writes no file for it). */
  hasBody: boolean;
  /** Time the worker spent rendering this page. */
  millis: number;
}

export interface ErrorDescription {
  name: string;
  message: string;
  stack?: string | undefined;
  hint?: string;
}

export type FromWorker =
  | { ready: true }
  | { image: unknown[] }
  | { referencedImages: string[] }
  | { startupError: ErrorDescription }
  | { id: number; page: RenderedPage }
  | { id: number; error: ErrorDescription }
  | { log: { level: 'warn' | 'error'; label: string | null; message: string } };

export function describeError(error: unknown): ErrorDescription {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const hint = (error as { hint?: unknown }).hint;
  return { name: error.name, message: error.message, stack: error.stack, ...(typeof hint === 'string' ? { hint } : {}) };
}

/** An error from the worker, rebuilt on the main thread with its name, message, stack and hint. */
export function errorFrom(description: ErrorDescription): Error {
  const error = new Error(description.message) as Error & { hint?: string };
  error.name = description.name;
  if (description.stack) error.stack = description.stack;
  if (description.hint) error.hint = description.hint;
  return error;
}
