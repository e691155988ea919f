// Astro loads its middleware from this path; what it does is in src/server/middleware.ts.
export { onRequest } from './server/middleware.ts';
