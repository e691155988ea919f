import type { APIRoute, GetStaticPaths } from 'astro';
import { issueEmailPaths, issueEmailResponse } from '../../email/render/routes.ts';

export const getStaticPaths = issueEmailPaths satisfies GetStaticPaths;
export const GET: APIRoute = (context) => issueEmailResponse(context, 'html');
