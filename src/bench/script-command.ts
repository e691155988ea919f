/**
 * How an npm script starts Node: the script's line in package.json, e.g. "send" is
 * "node --max-semi-space-size=1 --import=./scripts/compile-cache.js scripts/send.ts" (options
 * written as one word each). Benchmarks start the command the same way, so their time and
 * memory figures are the command's own. Pure.
 */
export function scriptCommand(scripts: Record<string, string>, name: string): { nodeOptions: string[]; script: string } {
  const words = (scripts[name] ?? '').trim().split(/\s+/);
  const node = words.indexOf('node');
  const script = words.findIndex((w, i) => i > node && !w.startsWith('-'));
  if (node < 0 || script < 0) throw new Error(`package.json's "${name}" script is not "node [options] <script>": ${scripts[name]}`);
  return { nodeOptions: words.slice(node + 1, script), script: words[script]! };
}
