/** The send command's options, parsed and checked, and the command line that resumes a send. Pure. */
import { parseArgs } from 'node:util';
import { UsageError } from '../cli/errors.ts';
import { DEFAULT_LEASE_MS } from './send.ts';
import { parseWait } from './wait-args.ts';

export const SEND_USAGE = `Usage: npm run send -- --issue <number|latest|due> [options]

  --yes               do not ask for confirmation (for cron and CI)
  --when-live         send only when the issue's page on SITE_URL shows this build's
                      issue; otherwise exit 75 (EX_TEMPFAIL) with nothing sent
  --wait <time>       with --when-live (implied): check again until the page is live,
                      for up to <time> (e.g. 90s, 15m, 1h)
  --dry-run           show the plan (issue, subject, From, Reply-To, site URL, recipients,
                      transport, rate) and write one sample message; send nothing
  --to <address>      send a test copy to one address (not recorded)
  --force             allow a draft or future-dated issue, or a build older than content/
  --retry-uncertain   re-send messages that were in flight when a previous run died
  --connections <n>   parallel SMTP connections (default 5; with SES, n x 4 requests
                      in flight)
  --rate <n>          at most n messages per second from this sender (default: the SES
                      account's MaxSendRate with MAIL_TRANSPORT=ses, otherwise no limit)
  --lease <seconds>   how long other senders wait before taking over this sender's
                      claimed work if it dies (default 60)

Start the same command on several machines (one PostgreSQL DATABASE_URL) to share a send.
`;

export const DEFAULT_CONNECTIONS = 5;
/**
 * Four messages in flight per connection keep nodemailer's pool busy between transactions
 * (one at a time leaves each connection idle while the next message is marked and built).
 * They are the send slots: after a crash at most connections x 4 messages are uncertain.
 */
export const IN_FLIGHT_PER_CONNECTION = 4;
export const DEFAULT_LEASE_SECONDS = DEFAULT_LEASE_MS / 1000;

export interface SendArgs {
  /** A number, "latest" or "due". */
  issue: string;
  yes: boolean;
  dryRun: boolean;
  to: string | undefined;
  force: boolean;
  retryUncertain: boolean;
  connections: number;
  rate: number | undefined;
  leaseSeconds: number;
  /** Send only when the issue's public page carries this build's stamp (--when-live, or --wait). */
  whenLive: boolean;
  /** How long --wait keeps checking, in milliseconds (0: check once). */
  waitMs: number;
  /** The tuning options given on the command line, which a resumed run repeats. */
  given: { connections?: number; rate?: number; leaseSeconds?: number };
}

/** The parsed options, or 'help'. Throws a UsageError for a bad command line. */
export function parseSendArgs(argv: string[]): SendArgs | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      issue: { type: 'string' },
      yes: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      to: { type: 'string' },
      force: { type: 'boolean', default: false },
      'retry-uncertain': { type: 'boolean', default: false },
      connections: { type: 'string' },
      rate: { type: 'string' },
      lease: { type: 'string' },
      'when-live': { type: 'boolean', default: false },
      wait: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (!values.issue) throw new UsageError(`--issue is required.\n\n${SEND_USAGE}`);
  const connections = values.connections === undefined ? undefined : Number(values.connections);
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  const leaseSeconds = values.lease === undefined ? undefined : Number(values.lease);
  if (connections !== undefined && !(Number.isInteger(connections) && connections >= 1 && connections <= 50)) throw new UsageError('--connections must be a whole number from 1 to 50');
  if (rate !== undefined && !(rate > 0)) throw new UsageError('--rate must be a positive number of messages per second');
  if (leaseSeconds !== undefined && !(leaseSeconds >= 1 && leaseSeconds <= 3600)) throw new UsageError('--lease must be a number of seconds from 1 to 3600');
  return {
    issue: values.issue,
    yes: values.yes,
    whenLive: values['when-live'] || values.wait !== undefined,
    waitMs: values.wait === undefined ? 0 : parseWait(values.wait),
    dryRun: values['dry-run'],
    to: values.to,
    force: values.force,
    retryUncertain: values['retry-uncertain'],
    connections: connections ?? DEFAULT_CONNECTIONS,
    rate,
    leaseSeconds: leaseSeconds ?? DEFAULT_LEASE_SECONDS,
    given: { ...(connections !== undefined && { connections }), ...(rate !== undefined && { rate }), ...(leaseSeconds !== undefined && { leaseSeconds }) },
  };
}

/** The command that goes on with this send: the issue by number, and every option the run was given. */
export function resumeCommand(issue: number, args: SendArgs): string {
  const { connections, rate, leaseSeconds } = args.given;
  return [
    `npm run send -- --issue ${issue} --yes`,
    args.force ? ' --force' : '',
    args.retryUncertain ? ' --retry-uncertain' : '',
    connections !== undefined ? ` --connections ${connections}` : '',
    rate !== undefined ? ` --rate ${rate}` : '',
    leaseSeconds !== undefined ? ` --lease ${leaseSeconds}` : '',
  ].join('');
}
