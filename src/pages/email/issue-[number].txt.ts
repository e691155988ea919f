import type { APIRoute, GetStaticPaths } from 'astro';
import { issueEmailResponse, issueTextPaths } from '../../email/render/routes.ts';

export const getStaticPaths = issueTextPaths satisfies GetStaticPaths;
export const GET: APIRoute = (context) => issueEmailResponse(context, 'text');
