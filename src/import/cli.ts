/**
 * `npm run import -- <wordpress|subscribers> …`: moving a publication in, one command per
 * source. Errors meant for a person are CliErrors; scripts/import.ts prints them.
 */
import { UsageError } from '../cli/errors.ts';
import { SUBSCRIBERS_USAGE, subscribersMain } from './subscribers/cli.ts';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  now: () => Date;
}

export const USAGE = `Usage:
  ${SUBSCRIBERS_USAGE.replace(/\n/g, '\n  ')}

The whole move (site, subscribers, redirects, first send) is described in docs/moving-in.md.
`;

export async function main(argv: string[], envVars: Record<string, string | undefined>, io: Io): Promise<number> {
  const [what, ...rest] = argv;
  if (what === undefined || what === '--help' || what === '-h') {
    if (what === undefined) throw new UsageError(USAGE.trimEnd());
    io.out(USAGE);
    return 0;
  }
  switch (what) {
    case 'subscribers':
      return subscribersMain(rest, envVars, io);
    default:
      throw new UsageError(`"${what}" is not something this command imports: use wordpress or subscribers.\n\n${USAGE.trimEnd()}`);
  }
}
