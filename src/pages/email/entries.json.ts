import type { APIRoute } from 'astro';
import { emailEntriesResponse } from '../../email/render/routes.ts';

/** Every email's facts (subject, preheader, status, files, pick URLs), which email/build/ completes into build/email/manifest.json. */
export const GET: APIRoute = (context) => emailEntriesResponse(context);
