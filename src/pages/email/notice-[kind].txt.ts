import type { APIRoute, GetStaticPaths } from 'astro';
import { noticeEmailResponse, noticeTextPaths } from '../../email/render/routes.ts';

export const getStaticPaths = noticeTextPaths satisfies GetStaticPaths;
export const GET: APIRoute = (context) => noticeEmailResponse(context, 'text');
