import type { APIRoute, GetStaticPaths } from 'astro';
import { noticePartResponse, noticePaths } from '../../email/routes.ts';

export const getStaticPaths = noticePaths satisfies GetStaticPaths;
export const GET: APIRoute = (context) => noticePartResponse(context, 'html');
