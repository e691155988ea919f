import { describe, expect, it } from 'vitest';
import { parseSendArgs, resumeCommand, type SendArgs } from './send-args.ts';

const parse = (argv: string[]) => parseSendArgs(argv) as SendArgs;

describe('parseSendArgs', () => {
  it('applies the defaults and remembers which tuning options were given', () => {
    expect(parse(['--issue', 'latest'])).toMatchObject({ issue: 'latest', connections: 5, rate: undefined, leaseSeconds: 60, given: {} });
    expect(parse(['--issue', '8', '--rate', '100', '--connections', '3', '--lease', '120'])).toMatchObject({ connections: 3, rate: 100, leaseSeconds: 120, given: { connections: 3, rate: 100, leaseSeconds: 120 } });
    expect(parseSendArgs(['--help'])).toBe('help');
  });

  it('--wait implies --when-live', () => {
    expect(parse(['--issue', 'due'])).toMatchObject({ whenLive: false, waitMs: 0 });
    expect(parse(['--issue', 'due', '--when-live'])).toMatchObject({ whenLive: true, waitMs: 0 });
    expect(parse(['--issue', 'due', '--wait', '15m'])).toMatchObject({ whenLive: true, waitMs: 900_000 });
  });

  it.each([
    [['--issue', '8', '--connections', '0'], '--connections must be a whole number from 1 to 50'],
    [['--issue', '8', '--rate', 'fast'], '--rate must be a positive number of messages per second'],
    [['--issue', '8', '--lease', '0'], '--lease must be a number of seconds from 1 to 3600'],
    [['--yes'], '--issue is required.'],
    [['--issue', 'due', '--wait', '15 minutes'], '--wait must be a time from 1s to 12h such as 90s, 15m or 1h (got "15 minutes")'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseSendArgs(argv)).toThrow(message);
  });
});

describe('resumeCommand', () => {
  it('repeats every option the run was given, with the issue by number', () => {
    expect(resumeCommand(8, parse(['--issue', 'latest', '--yes']))).toBe('npm run send -- --issue 8 --yes');
    expect(resumeCommand(8, parse(['--issue', 'due', '--rate', '100', '--connections', '3', '--lease', '120', '--force', '--retry-uncertain']))).toBe(
      'npm run send -- --issue 8 --yes --force --retry-uncertain --connections 3 --rate 100 --lease 120',
    );
  });
});
