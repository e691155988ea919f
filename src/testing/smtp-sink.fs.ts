/**
 * A real SMTP server on loopback (the smtp-server package) that keeps what it receives,
 * parsed with mailparser. Faults can be injected per recipient for failure-path tests.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface Captured {
  to: string[];
  raw: Buffer;
  mail: ParsedMail;
}

export interface SmtpSink {
  url: string;
  port: number;
  messages: Captured[];
  /** Resolves when `predicate` holds for the captured messages (polls; fails after `ms`). */
  waitFor: (predicate: (messages: Captured[]) => boolean, ms?: number) => Promise<void>;
  /** Decide per recipient whether to reject RCPT TO (return an SMTP error code and text) or accept. */
  onRecipient: (handler: ((address: string) => { code: number; message: string } | undefined) | undefined) => void;
  close: () => Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: Captured[] = [];
  let recipientHandler: ((address: string) => { code: number; message: string } | undefined) | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
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
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((mail) => {
            messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, mail });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    onRecipient: (handler) => {
      recipientHandler = handler;
    },
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
