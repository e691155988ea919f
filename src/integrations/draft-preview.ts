/**
 * Turns draft previews on for `astro dev` and off for everything else, by the command Astro runs,
 * not by NODE_ENV: a build started with NODE_ENV=development or test (a shell profile, a test
 * runner) must still leave every draft and scheduled entry out. src/content/queries.ts reads it.
 */
import type { AstroIntegration } from 'astro';

/** The compile-time flag, replaced by Vite in every module. */
export const DRAFT_PREVIEW_FLAG = 'import.meta.env.DRAFT_PREVIEW';

export function draftPreview(): AstroIntegration {
  return {
    name: 'tip-of-the-week:draft-preview',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        updateConfig({ vite: { define: { [DRAFT_PREVIEW_FLAG]: JSON.stringify(command === 'dev') } } });
      },
    },
  };
}
