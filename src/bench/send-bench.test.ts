import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../testing/build-site.fs.ts';
import { sendCommand } from './send-bench.ts';

describe('sendCommand', () => {
  it('reads how `npm run send` starts Node, so the benchmark starts senders the same way', () => {
    expect(sendCommand({ send: 'node --max-semi-space-size=1 --max-old-space-size=96 scripts/send.ts' })).toEqual({ nodeOptions: ['--max-semi-space-size=1', '--max-old-space-size=96'], script: 'scripts/send.ts' });
    expect(sendCommand({ send: 'node scripts/send.ts' })).toEqual({ nodeOptions: [], script: 'scripts/send.ts' });
    expect(sendCommand({ send: 'node --import=./scripts/compile-cache.js scripts/send.ts' }).nodeOptions).toEqual(['--import=./scripts/compile-cache.js']);
    expect(() => sendCommand({ send: 'tsx scripts/send.ts' })).toThrow(`package.json's "send" script is not "node [options] <script>"`);
  });

  it("understands the project's own send script", () => {
    const { scripts } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(sendCommand(scripts).script).toBe('scripts/send.ts');
  });
});
