/**
 * `npm run bench:cards [-- --cards 40 --rounds 5]`: what one social card costs, step by step:
 * satori's layout (tree to SVG) and each way to turn the SVG into a PNG, sharp (librsvg) and
 * @resvg/resvg-js, on the same SVGs, in alternating rounds so both see the same machine load.
 * Prints the median per card of wall time and of CPU time (all threads of the process; less
 * moved by other work on a shared machine), and the PNG's size.
 */
import { Resvg } from '@resvg/resvg-js';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { tipCard } from '../cards/card.ts';
import { CardFonts } from '../cards/fonts.fs.ts';
import { cardSvg } from '../cards/svg.ts';
import { median } from './rounds.ts';

const SITE = { title: 'Tip of the Week', url: 'https://tips.example.com', lang: 'en' };
const TITLES = ['Close the loop before the ticket closes', 'Почему стоит переспросить клиента', '最初の一言で信頼が決まる', 'كيف ترد على شكوى العميل بهدوء'];

type Step = (svg: string) => Promise<Uint8Array>;
const STEPS: Record<string, Step> = {
  'sharp (librsvg), PNG level 3 (as built)': (svg) => sharp(Buffer.from(svg)).png({ compressionLevel: 3 }).toBuffer(),
  "sharp (librsvg), PNG level 6 (sharp's default)": (svg) => sharp(Buffer.from(svg)).png({ compressionLevel: 6 }).toBuffer(),
  '@resvg/resvg-js, PNG': async (svg) => new Resvg(svg).render().asPng(),
};

async function timed<T>(run: () => Promise<T>): Promise<{ wall: number; cpu: number; out: T }> {
  const [wall, cpu] = [performance.now(), process.cpuUsage()];
  const out = await run();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000, out };
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { cards: { type: 'string', default: '40' }, rounds: { type: 'string', default: '5' } } });
  const [count, rounds] = [Number(values.cards), Number(values.rounds)];
  const fonts = new CardFonts();
  for (const title of TITLES) {
    const first = await timed(() => cardSvg(tipCard({ title, takeaway: 'Fonts are parsed on the first card that needs them.' }, SITE), fonts));
    process.stdout.write(`First card titled ${JSON.stringify(title)} (the first also starts satori; each parses the fonts its script needs): ${first.wall.toFixed(0)} ms\n`);
  }
  const cards = Array.from({ length: count }, (_, i) => tipCard({ title: `${TITLES[i % TITLES.length]} ${i}`, takeaway: 'Say what happens next and when, then do it a little sooner than you said.' }, SITE));
  const results = new Map<string, { wall: number[]; cpu: number[]; bytes: number }>();
  const add = (label: string, r: { wall: number; cpu: number }, bytes = 0) => {
    const entry = results.get(label) ?? { wall: [], cpu: [], bytes };
    entry.wall.push(r.wall / count);
    entry.cpu.push(r.cpu / count);
    results.set(label, entry);
  };
  for (let round = 0; round < rounds; round++) {
    const layout = await timed(() => Promise.all(cards.map((card) => cardSvg(card, fonts))));
    add('satori (layout to SVG)', layout);
    const names = round % 2 === 0 ? Object.keys(STEPS) : Object.keys(STEPS).reverse();
    for (const name of names) {
      const r = await timed(async () => { let bytes = 0; for (const svg of layout.out) bytes = (await STEPS[name]!(svg)).length; return bytes; });
      add(name, r, r.out);
    }
  }
  process.stdout.write(`\n| step | wall ms per card (median of ${rounds}) | CPU ms per card | PNG bytes |\n|---|---:|---:|---:|\n`);
  for (const [label, r] of results) process.stdout.write(`| ${label} | ${median(r.wall)!.toFixed(1)} | ${median(r.cpu)!.toFixed(1)} | ${r.bytes || '–'} |\n`);
  return 0;
}
