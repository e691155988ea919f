/**
 * Finished emails (CSS inlined by juice, text part by html-to-text) are kept between builds
 * (finalize-cache.fs.ts). Inlining is the costliest step of an email (about 8 ms each), and
 * its result depends only on the rendered HTML, the site URL and the code that finishes
 * (that code is the cache file's fingerprint): an issue whose rendering did not change gets
 * last build's result.
 */
import { createHash } from 'node:crypto';

export type { FinishedEmail } from './finalize.ts';

export const finalizeKey = (raw: string, siteUrl: string) => createHash('sha256').update(siteUrl).update('\0').update(raw).digest('hex');
