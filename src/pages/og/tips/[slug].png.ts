import type { APIRoute, GetStaticPaths } from 'astro';
import { renderCard } from '../../../cards/render.fs.ts';
import { tipCardPages, type CardProps } from '../../../cards/routes.fs.ts';
import { loadPublication } from '../../../content/queries.ts';

// The build runs in the project's folder; the tips' file paths are relative to it.
export const getStaticPaths = (async () => tipCardPages(await loadPublication(), process.cwd())) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => new Response(new Uint8Array(await renderCard((props as CardProps).card)), { headers: { 'Content-Type': 'image/png' } });
