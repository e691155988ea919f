/**
 * A real SMTP server on loopback (the smtp-server package) that keeps what it receives,
 * parsed with postal-mime (the one MIME parser in the repository). Replies can be chosen per
 * recipient for failure-path tests; to cut connections, put smtp-fault-proxy.fs.ts in front of it.
 */
import type { AddressInfo } from 'node:net';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface Captured {
  to: string[];
  /** The envelope sender (MAIL FROM), where bounces go: e.g. a VERP address. */
  mailFrom: string | undefined;
  raw: Buffer;
  mail: Email;
}

export interface SmtpSink {
  url: string;
  port: number;
  messages: Captured[];
  /** Resolves when `predicate` holds for the captured messages (polls; fails after `ms`). */
  waitFor: (predicate: (messages: Captured[]) => boolean, ms?: number) => Promise<void>;
  /** Messages accepted so far (also in countOnly mode). */
  received: () => number;
  /** Connection errors seen so far, e.g. ECONNRESET from a client killed mid-session. */
  connectionErrors: () => Error[];
  /** Changes the delay before each message is accepted (a slow server, then a fast one). */
  setDelay: (ms: number) => void;
  /** When the first and the latest message were accepted (performance.now() ms), for throughput. */
  span: () => { first: number; last: number } | undefined;
  /** How many messages each recipient got (also in countOnly mode). */
  perRecipient: () => Map<string, number>;
  /** Decide per recipient whether to reject RCPT TO (return an SMTP error code and text) or accept. */
  onRecipient: (handler: ((address: string) => { code: number; message: string } | undefined) | undefined) => void;
  close: () => Promise<void>;
}

export interface SinkOptions {
  /** Wait this long before accepting each message (to catch a send mid-run). */
  delayMs?: number;
  /** Require AUTH and accept only these credentials. */
  auth?: { user: string; pass: string };
  /** Keep only a count, not the parsed messages (benchmarks). */
  countOnly?: boolean;
  /** Listen on this port (e.g. one a server was already told to use while the sink was "down"); a free one otherwise. */
  port?: number;
}

export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  const messages: Captured[] = [];
  let recipientHandler: ((address: string) => { code: number; message: string } | undefined) | undefined;
  let received = 0;
  let delayMs = options.delayMs ?? 0;
  const recipientCounts = new Map<string, number>();
  let first: number | undefined;
  let last = 0;
  const server = new SMTPServer({
    authOptional: !options.auth,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    logger: false,
    // On close, drop the connections clients still hold (a server's idle pooled connection) after 1 s, not smtp-server's
    // default 30 s: a test that closed its sink before stopping the app server waited out the whole default.
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) callback(null, { user: auth.username });
      else {
        const error = new Error('5.7.8 Authentication credentials invalid') as Error & { responseCode: number };
        error.responseCode = 535;
        callback(error);
      }
    },
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const fault = recipientHandler?.(address.address);
      if (fault) {
        const error = new Error(fault.message) as Error & { responseCode: number };
        error.responseCode = fault.code;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const recipients = session.envelope.rcptTo.map((r) => r.address);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        received++;
        first ??= performance.now();
        last = performance.now();
        for (const to of recipients) recipientCounts.set(to, (recipientCounts.get(to) ?? 0) + 1);
        if (options.countOnly) {
          callback();
          return;
        }
        const raw = Buffer.concat(chunks);
        PostalMime.parse(raw)
          .then((mail) => {
            messages.push({ to: recipients, mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined, raw, mail });
            callback();
          })
          .catch(callback);
      });
    },
  });
  // A client that dies mid-session (the kill -9 test) makes the server emit 'error' (ECONNRESET);
  // with no listener, that is an uncaught exception that fails the whole test run.
  const connectionErrors: Error[] = [];
  server.on('error', (error: Error) => connectionErrors.push(error));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    onRecipient: (handler) => {
      recipientHandler = handler;
    },
    setDelay: (ms) => {
      delayMs = ms;
    },
    received: () => received,
    connectionErrors: () => [...connectionErrors],
    perRecipient: () => new Map(recipientCounts),
    span: () => (first === undefined ? undefined : { first, last }),
    // A loop of its own, not vi.waitFor: the send benchmark runs this sink outside vitest, where vi cannot run.
    waitFor: async (predicate, ms = 10_000) => {
      const until = Date.now() + ms;
      while (!predicate(messages)) {
        if (Date.now() > until) throw new Error(`SMTP sink: condition not met within ${ms} ms (${messages.length} messages captured)`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
