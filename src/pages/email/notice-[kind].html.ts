import type { APIRoute, GetStaticPaths } from 'astro';
import { noticeEmailPaths, noticeEmailResponse } from '../../email/render/routes.ts';

export const getStaticPaths = noticeEmailPaths satisfies GetStaticPaths;
export const GET: APIRoute = (context) => noticeEmailResponse(context, 'html');
