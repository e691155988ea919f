/**
 * `npm run import -- <wordpress|subscribers> …`: moving a publication in, one command per
 * source. Errors meant for a person are CliErrors; scripts/import.ts prints them.
 */
import { UsageError } from '../cli/errors.ts';
import { SUBSCRIBERS_USAGE } from './subscribers/usage.ts';
import { WORDPRESS_USAGE } from './wordpress/usage.ts';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  now: () => Date;
}

export const USAGE = `Usage:
  ${WORDPRESS_USAGE.replace(/\n/g, '\n  ')}

  ${SUBSCRIBERS_USAGE.replace(/\n/g, '\n  ')}

The whole move (site, subscribers, redirects, first send) is described in docs/moving-in.md.
`;

/** `rootDir` is the repository the WordPress import writes into. */
export async function main(argv: string[], envVars: Record<string, string | undefined>, rootDir: string, io: Io): Promise<number> {
  const [what, ...rest] = argv;
  if (what === undefined || what === '--help' || what === '-h') {
    if (what === undefined) throw new UsageError(USAGE.trimEnd());
    io.out(USAGE);
    return 0;
  }
  switch (what) {
    // Each source's code is loaded when it is asked for: a list import does not load the HTML and XML parsers.
    case 'wordpress':
      return (await import('./wordpress/cli.ts')).wordpressMain(rest, rootDir, io);
    case 'subscribers':
      return (await import('./subscribers/cli.ts')).subscribersMain(rest, envVars, io);
    default:
      throw new UsageError(`"${what}" is not something this command imports: use wordpress or subscribers.\n\n${USAGE.trimEnd()}`);
  }
}
