/**
 * Where a build's time went, read from its own log: Astro prints a line as each phase
 * ends (and each prerendered route with its render time), our integrations print one when
 * their step is done. Pure: takes the timestamped lines, returns durations.
 */

export interface TimedLine {
  /** Milliseconds since the build started. */
  at: number;
  line: string;
}

export interface Phase {
  name: string;
  millis: number;
}

/** Each phase ends at the first line matching its marker after the previous phase ended. */
const MARKERS: { name: string; end: RegExp }[] = [
  { name: 'start-up (config, Vite, integrations)', end: /\[content\] Syncing content/ },
  { name: 'content sync and types', end: /\[build\] Collecting build info/ },
  // A site with an adapter says "prerendering", a static one "generating".
  { name: 'bundling (Vite)', end: /(prerendering|generating) static routes/ },
  { name: 'rendering pages, feeds, emails', end: /✓ Completed in/ },
  { name: 'sitemap', end: /\[@astrojs\/sitemap\]/ },
  { name: 'emails (checks, move to build/)', end: /\[tip-of-the-week:email-artifacts\]/ },
  { name: 'search index (Pagefind)', end: /\[tip-of-the-week:search-index\]/ },
];

const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/**
 * Splits the build into phases by the markers that appear in the log (a bare build has
 * no sitemap, emails or search index: those phases are left out), plus the rest to the end.
 */
export function buildPhases(lines: readonly TimedLine[], totalMillis: number): Phase[] {
  const phases: Phase[] = [];
  let from = 0;
  let index = 0;
  for (const marker of MARKERS) {
    const found = lines.findIndex((l, i) => i >= index && marker.end.test(stripAnsi(l.line)));
    if (found === -1) continue;
    phases.push({ name: marker.name, millis: lines[found]!.at - from });
    from = lines[found]!.at;
    index = found + 1;
  }
  phases.push({ name: 'finishing (other hooks, exit)', millis: Math.max(0, totalMillis - from) });
  return phases;
}

/**
 * Render time of prerendered routes, the biggest first, from Astro's line per file
 * (`├─ /tips/x/index.html (+12ms)`), grouped by route shape (digits become N). The site's own
 * log leaves those lines out (src/integrations/log-destination.ts); the bare build has them.
 */
export function routeTimes(lines: readonly TimedLine[]): { route: string; count: number; millis: number }[] {
  const groups = new Map<string, { count: number; millis: number }>();
  for (const { line } of lines) {
    const match = /├─ (\S+) \(\+(\d+(?:\.\d+)?)(ms|s)\)/.exec(stripAnsi(line));
    if (!match) continue;
    const route = match[1]!.replace(/\d+/g, 'N');
    const millis = Number(match[2]) * (match[3] === 's' ? 1000 : 1);
    const group = groups.get(route) ?? { count: 0, millis: 0 };
    group.count += 1;
    group.millis += millis;
    groups.set(route, group);
  }
  return [...groups].map(([route, g]) => ({ route, ...g })).sort((a, b) => b.millis - a.millis);
}

interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Who a profiled function belongs to: its package (scoped names kept whole), Node's
 * built-ins, V8's own entries such as "(garbage collector)" and "(idle)", or the project
 * (which includes the bundled site code Astro runs from dist/).
 */
export function ownerOf(callFrame: { url: string; functionName: string }): string {
  const { url, functionName } = callFrame;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node (built-ins)';
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  return 'project code';
}

/** Self time of a V8 CPU profile (`node --cpu-prof`) summed by package, biggest first. */
export function selfTimeByOwner(profile: CpuProfile): { owner: string; millis: number }[] {
  const owners = new Map(profile.nodes.map((n) => [n.id, ownerOf(n.callFrame)]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const owner = owners.get(id) ?? '(unknown)';
    totals.set(owner, (totals.get(owner) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].map(([owner, millis]) => ({ owner, millis })).sort((a, b) => b.millis - a.millis);
}
