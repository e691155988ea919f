/**
 * Renders our Astro components to HTML strings, with the MDX renderer loaded, for the outputs
 * that are not pages: feed items (the same components as the page) and emails (their own
 * components, src/components/email/). Uses Astro's container API.
 */
import { getContainerRenderer } from '@astrojs/mdx/container-renderer';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { loadRenderers } from 'astro:container';

let container: Promise<AstroContainer> | undefined;

/** One container per process, created on first use. */
export function componentRenderer(): Promise<AstroContainer> {
  container ??= loadRenderers([getContainerRenderer()]).then((renderers) => AstroContainer.create({ renderers }));
  return container;
}
