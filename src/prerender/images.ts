/**
 * Optimized images on two threads. Astro keeps the list of images to generate on the main
 * thread (`globalThis.astroAsset.addStaticImage`, which also returns each image's final URL,
 * synchronously, while a page renders). A page rendered on the worker calls the stand-in below,
 * which asks the main thread and blocks until it answers through a shared buffer; the main
 * thread answers between its own pages. Images referenced without a transform are collected
 * in the worker and merged into the main thread's set when the worker is done.
 */
import { IMAGE_ANSWERED, IMAGE_BUFFER_BYTES, IMAGE_FAILED, IMAGE_LENGTH, IMAGE_STATE, IMAGE_TEXT_OFFSET, IMAGE_WAITING } from './protocol.ts';

interface AstroAssetGlobal {
  addStaticImage?: (...args: unknown[]) => string;
  referencedImages?: Set<string>;
}

const astroAsset = () => (globalThis as { astroAsset?: AstroAssetGlobal }).astroAsset;

/** A buffer for the worker's questions when the build optimizes images, else undefined. */
export function imageBuffer(): SharedArrayBuffer | undefined {
  return typeof astroAsset()?.addStaticImage === 'function' ? new SharedArrayBuffer(IMAGE_TEXT_OFFSET + IMAGE_BUFFER_BYTES) : undefined;
}

/** Plain copies of the arguments (an imported image is a Proxy, which cannot cross threads). */
export function cloneable(args: unknown[]): unknown[] {
  return args.map((arg) => {
    if (arg === null || typeof arg !== 'object' || Array.isArray(arg)) return arg;
    return Object.fromEntries(Object.entries(arg).map(([key, value]) => [key, value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...value } : value]));
  });
}

/** Main thread: answers one question from the worker. */
export function answerImage(buffer: SharedArrayBuffer, args: unknown[]): void {
  const state = new Int32Array(buffer, 0, 2);
  let text: string;
  let outcome = IMAGE_ANSWERED;
  try {
    text = astroAsset()!.addStaticImage!(...args);
  } catch (error) {
    text = error instanceof Error ? error.message : String(error);
    outcome = IMAGE_FAILED;
  }
  let { read, written } = new TextEncoder().encodeInto(text, new Uint8Array(buffer, IMAGE_TEXT_OFFSET));
  if (read < text.length) {
    ({ written } = new TextEncoder().encodeInto(`An image URL longer than ${IMAGE_BUFFER_BYTES} bytes cannot reach the prerender worker.`, new Uint8Array(buffer, IMAGE_TEXT_OFFSET)));
    outcome = IMAGE_FAILED;
  }
  Atomics.store(state, IMAGE_LENGTH, written);
  Atomics.store(state, IMAGE_STATE, outcome);
  Atomics.notify(state, IMAGE_STATE);
}

/** Main thread: adds the images the worker's pages referenced. */
export function mergeReferencedImages(paths: string[]): void {
  const asset = astroAsset();
  if (!asset || paths.length === 0) return;
  asset.referencedImages ??= new Set();
  for (const path of paths) asset.referencedImages.add(path);
}

/** Worker: installs the stand-in for Astro's image registry; `ask` posts the question to the main thread. */
export function installWorkerImages(buffer: SharedArrayBuffer | undefined, ask: (args: unknown[]) => void): () => string[] {
  const referencedImages = new Set<string>();
  const asset: AstroAssetGlobal = { referencedImages };
  if (buffer) {
    const state = new Int32Array(buffer, 0, 2);
    asset.addStaticImage = (...args: unknown[]) => {
      Atomics.store(state, IMAGE_STATE, IMAGE_WAITING);
      ask(cloneable(args));
      Atomics.wait(state, IMAGE_STATE, IMAGE_WAITING);
      const length = Atomics.load(state, IMAGE_LENGTH);
      const text = new TextDecoder().decode(new Uint8Array(buffer, IMAGE_TEXT_OFFSET, length).slice());
      if (Atomics.load(state, IMAGE_STATE) === IMAGE_FAILED) throw new Error(text);
      return text;
    };
  }
  (globalThis as { astroAsset?: AstroAssetGlobal }).astroAsset = asset;
  return () => [...referencedImages];
}
