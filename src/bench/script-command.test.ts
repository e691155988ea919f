import { describe, expect, it } from 'vitest';
import { projectRoot } from '../testing/build-site.fs.ts';
import { packageScripts } from './package-scripts.fs.ts';
import { scriptCommand } from './script-command.ts';

describe('scriptCommand', () => {
  it('reads how `npm run <name>` starts Node, so a benchmark starts the command the same way', () => {
    expect(scriptCommand({ send: 'node --max-semi-space-size=1 --max-old-space-size=96 scripts/send.ts' }, 'send')).toEqual({ nodeOptions: ['--max-semi-space-size=1', '--max-old-space-size=96'], script: 'scripts/send.ts' });
    expect(scriptCommand({ send: 'node scripts/send.ts' }, 'send')).toEqual({ nodeOptions: [], script: 'scripts/send.ts' });
    expect(scriptCommand({ serve: 'node --import=./scripts/compile-cache.js scripts/serve.ts' }, 'serve').nodeOptions).toEqual(['--import=./scripts/compile-cache.js']);
    expect(() => scriptCommand({ send: 'tsx scripts/send.ts' }, 'send')).toThrow(`package.json's "send" script is not "node [options] <script>"`);
    expect(() => scriptCommand({}, 'serve')).toThrow(`package.json's "serve" script is not "node [options] <script>"`);
  });

  it("understands the project's own send and serve scripts, both with the compile cache", () => {
    const scripts = packageScripts(projectRoot);
    expect(scriptCommand(scripts, 'send')).toMatchObject({ script: 'scripts/send.ts', nodeOptions: expect.arrayContaining(['--import=./scripts/compile-cache.js']) });
    expect(scriptCommand(scripts, 'serve')).toEqual({ script: 'scripts/serve.ts', nodeOptions: ['--import=./scripts/compile-cache.js'] });
  });
});
