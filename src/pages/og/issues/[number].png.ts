import type { APIRoute, GetStaticPaths } from 'astro';
import { renderCard } from '../../../cards/render.fs.ts';
import { issueCardPages, type CardProps } from '../../../cards/routes.fs.ts';
import { loadPublication } from '../../../content/queries.ts';

export const getStaticPaths = (async () => issueCardPages(await loadPublication())) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => new Response(new Uint8Array(await renderCard((props as CardProps).card)), { headers: { 'Content-Type': 'image/png' } });
