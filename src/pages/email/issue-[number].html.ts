import type { APIRoute, GetStaticPaths } from 'astro';
import { emailPartResponse, emailPaths } from '../../email/routes.ts';

export const getStaticPaths = emailPaths satisfies GetStaticPaths;
export const GET: APIRoute = (context) => emailPartResponse(context, 'html');
