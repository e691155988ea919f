/**
 * Makes the click replay (src/testing/fixtures/clicks/replay.json): one day of requests to the counting links
 * of a six-pick issue, from people and from link scanners, each labelled with what it is. Deterministic (a
 * seeded generator), so the file can be made again: `node src/testing/click-replay.ts > src/testing/fixtures/clicks/replay.json`.
 * The user agents are typical shapes of each kind of client, written for this file.
 */

export interface ReplayRequest {
  /** ms after the start of the day. */
  t: number;
  method: 'GET' | 'HEAD';
  ip: string;
  ua: string;
  headers: Record<string, string>;
  pick: number;
  /** Who sent it, and for people whether it repeats a click they already made (not a new click). */
  kind: 'person' | 'scanner';
  scanner?: string;
  repeat?: boolean;
}

const PICKS = 6;
const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
];
const NAMED_SCANNERS = [
  'Mozilla/5.0 (compatible; Proofpoint URL Defense)',
  'Mimecast URL Protect/1.0',
  'Barracuda Link Protection/2.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) BingPreview/1.0b',
  'python-requests/2.32.3',
  'Go-http-client/1.1',
  '',
];

/** A small seeded generator (mulberry32). */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateReplay(seed = 29): ReplayRequest[] {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)]!;
  const out: ReplayRequest[] = [];
  const day = 86_400_000;
  // 600 people: 1–3 picks each, seconds to minutes apart; offices share an address (different browsers).
  for (let p = 0; p < 600; p++) {
    const ip = p % 10 === 0 ? `198.51.100.${p % 7}` : `203.0.${Math.floor(p / 250)}.${p % 250}`;
    const ua = pick(BROWSERS);
    let t = Math.floor(rnd() * (day - 3_600_000));
    const picks = [...Array(PICKS).keys()].map((i) => i + 1).sort(() => rnd() - 0.5).slice(0, 1 + Math.floor(rnd() * 3));
    // One reader in 50 opens three picks in new tabs within a second or two: the burst rule takes them for a scanner.
    const tabs = p % 50 === 0;
    for (const n of tabs ? [1, 2, 3] : picks) {
      out.push({ t, method: 'GET', ip, ua, headers: {}, pick: n, kind: 'person' });
      if (rnd() < 0.1) out.push({ t: t + 2_000 + Math.floor(rnd() * 60_000), method: 'GET', ip, ua, headers: {}, pick: n, kind: 'person', repeat: true });
      t += tabs ? 600 : 3_000 + Math.floor(rnd() * 240_000);
    }
  }
  // 300 scanned deliveries, each scanned once on arrival.
  for (let s = 0; s < 300; s++) {
    const ip = `192.0.2.${s % 200}`;
    const t = Math.floor(rnd() * (day - 60_000));
    const style = s % 6;
    const every = [...Array(PICKS).keys()].map((i) => i + 1);
    const ua = pick(BROWSERS);
    const named = pick(NAMED_SCANNERS);
    const add = (n: number, at: number, extra: Partial<ReplayRequest>) => out.push({ t: at, method: 'GET', ip, ua, headers: {}, pick: n, kind: 'scanner', ...extra });
    // One scan in 40 fetches a single pick like a browser and skips the decoy: nothing tells it from a person.
    if (s % 40 === 39) add(1 + (s % PICKS), t, { scanner: 'single browser-like fetch' });
    else if (style === 0) every.forEach((n, i) => add(n, t + i * 150, { scanner: 'browser-like burst' }));
    else if (style === 1) [0, ...every].forEach((n, i) => add(n, t + i * 200, { scanner: 'browser-like burst with decoy' }));
    else if (style === 2) every.forEach((n, i) => add(n, t + i * 400, { ua: named, scanner: 'named agent' }));
    else if (style === 3) every.forEach((n, i) => add(n, t + i * 300, { method: 'HEAD', scanner: 'HEAD check' }));
    else if (style === 4) every.slice(0, 2).forEach((n, i) => add(n, t + i * 100, { headers: { 'sec-purpose': 'prefetch' }, scanner: 'prefetch' }));
    else [0, 2].forEach((n, i) => add(n, t + i * 500, { scanner: 'decoy and one pick' }));
  }
  return out.sort((a, b) => a.t - b.t);
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${JSON.stringify(generateReplay(), null, 0).replace(/\},\{/g, '},\n{')}\n`);
