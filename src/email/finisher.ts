/**
 * Where a build sends each rendered email to be finished (CSS inlined, text part, checks)
 * off the main thread. The email-artifacts integration installs one before pages render and
 * collects its results after them; the manifest route, which renders every email, submits
 * them. Both run in the build process but in different module graphs (the config's and
 * Astro's prerender bundle), hence a global symbol. Without one (`npm run dev`), emails are
 * finished where they are rendered.
 */
export interface EmailJob {
  raw: string;
  siteUrl: string;
  pickUrls: string[];
}

export interface EmailFinisher {
  /** Queues one email, named by its HTML file name in build/email/ (e.g. issue-7.html). */
  submit(file: string, job: EmailJob): void;
}

const REGISTRY = Symbol.for('tip-of-the-week.email-finisher');
type Registry = { [REGISTRY]?: EmailFinisher | undefined };

export function installFinisher(finisher: EmailFinisher | undefined): void {
  (globalThis as Registry)[REGISTRY] = finisher;
}

export function installedFinisher(): EmailFinisher | undefined {
  return (globalThis as Registry)[REGISTRY];
}
