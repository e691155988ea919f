/**
 * Renders Astro components to HTML strings for feeds, with the MDX renderer loaded,
 * so a feed item is produced by the same components as the page.
 */
import { getContainerRenderer } from '@astrojs/mdx/container-renderer';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { loadRenderers } from 'astro:container';

let container: Promise<AstroContainer> | undefined;

export function feedRenderer(): Promise<AstroContainer> {
  container ??= loadRenderers([getContainerRenderer()]).then((renderers) => AstroContainer.create({ renderers }));
  return container;
}
