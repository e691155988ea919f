/**
 * The one bundler warning we silence. Astro marks every compiled MDX module with the directive
 * "use astro:head-inject", which Rolldown reports as MODULE_LEVEL_DIRECTIVE once per MDX file
 * (a boxed warning for each of hundreds of files) although Astro handles the directive itself.
 * Every other warning, including other directives, is passed on unchanged.
 */

interface BundlerLog {
  code?: string | undefined;
  message: string;
}

/** Whether a bundler warning is the known, harmless head-inject directive notice. */
export function isHeadInjectDirectiveWarning(log: BundlerLog): boolean {
  return log.code === 'MODULE_LEVEL_DIRECTIVE' && log.message.includes('"use astro:head-inject"');
}

/** For Vite's `build.rolldownOptions.onwarn`. */
export function onBundlerWarning<L extends BundlerLog>(log: L, warn: (log: L) => void): void {
  if (!isHeadInjectDirectiveWarning(log)) warn(log);
}
