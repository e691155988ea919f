/**
 * juice and html-to-text (src/email/finalize.ts), loaded only where an email is finished in this
 * process (`npm run dev`, previews): a build renders its emails raw and finishes them on another
 * thread, so its pages never pay for loading them.
 */
export const loadFinalize = () => import('./finalize.ts');
