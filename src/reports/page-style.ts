/**
 * The report page's only stylesheet, inline. Colours are custom properties with a light and a dark set
 * (prefers-color-scheme), all at WCAG AA contrast on their background; the series differ by dash pattern
 * too, so colour is never the only cue. Palette after Okabe and Ito's colour-blind-safe set.
 */
export const PAGE_STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1a1a1a; --muted: #4a4a4a; --grid: #d0d0d0; --panel: #f4f4f4;
  --pending: #8a5a00; --confirmed: #005a8c; --unsubscribed: #9b3f7c; --bounced: #b34700;
  --delivered: #005a8c; --hard: #b34700; --soft: #8a5a00; --complaints: #9b3f7c; --unsubscribes: #00704f;
  --target: #8a5a00; --limit: #b00020; --warn-bg: #fff4e5; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #121212; --fg: #ececec; --muted: #b8b8b8; --grid: #3a3a3a; --panel: #1e1e1e;
    --pending: #f0b849; --confirmed: #6cc0f0; --unsubscribed: #e59cd0; --bounced: #ff9a5c;
    --delivered: #6cc0f0; --hard: #ff9a5c; --soft: #f0b849; --complaints: #e59cd0; --unsubscribes: #4fd1a5;
    --target: #f0b849; --limit: #ff6b7f; --warn-bg: #3a2a10; }
}
body { margin: 0 auto; max-width: 60rem; padding: 1rem; font: 1rem/1.5 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
h1, h2, h3 { line-height: 1.2; } h3 { font-size: 1.05rem; margin: 0 0 .25rem; }
.meta, .note { color: var(--muted); }
.callout { background: var(--warn-bg); border-left: 4px solid var(--limit); padding: .5rem 1rem; }
.callout.ok { border-left-color: var(--confirmed); background: var(--panel); }
code { background: var(--panel); padding: 0 .25em; border-radius: 3px; }
figure.chart { margin: 1.5rem 0; } svg { display: block; width: 100%; height: auto; }
svg text { fill: var(--muted); font-size: 12px; } .tick line { stroke: var(--grid); } .axis { stroke: var(--muted); }
.line { fill: none; stroke-width: 2.5; } .dot { stroke: var(--bg); }
.legend { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
.swatch { display: inline-block; width: 1.5rem; height: .75rem; margin-right: .35rem; vertical-align: middle; }
.swatch .line { stroke-width: 3; }
.s-pending { stroke: var(--pending); fill: var(--pending); stroke-dasharray: 6 3; }
.s-confirmed { stroke: var(--confirmed); fill: var(--confirmed); }
.s-unsubscribed { stroke: var(--unsubscribed); fill: var(--unsubscribed); stroke-dasharray: 10 4; }
.s-bounced { stroke: var(--bounced); fill: var(--bounced); stroke-dasharray: 10 3 2 3; }
.line.s-pending, .line.s-confirmed, .line.s-unsubscribed, .line.s-bounced, .line.s-rate { fill: none; }
.s-rate { stroke: var(--muted); }
.bar { stroke: none; } .bar.s-delivered { fill: var(--delivered); } .bar.s-hard { fill: var(--hard); } .bar.s-soft { fill: var(--soft); }
.bar.s-complaints { fill: var(--complaints); } .bar.s-unsubscribes { fill: var(--unsubscribes); }
.threshold line { stroke-width: 1.5; stroke-dasharray: 5 4; } .threshold.target line { stroke: var(--target); } .threshold.limit line { stroke: var(--limit); }
.threshold.target text { fill: var(--target); } .threshold.limit text, .over-label { fill: var(--limit); font-weight: 700; }
.dot.under { fill: var(--muted); } .dot.over-target { fill: var(--target); } .dot.over-limit { fill: var(--limit); }
table { border-collapse: collapse; margin: .5rem 0; } caption { text-align: left; font-weight: 600; }
th, td { padding: .2rem .6rem; border-bottom: 1px solid var(--grid); text-align: right; } th[scope="row"], thead th:first-child { text-align: left; }
.clickbar { fill: var(--confirmed); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;
