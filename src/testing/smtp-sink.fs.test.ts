import { connect } from 'node:net';
import { createTransport } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from './smtp-sink.fs.ts';

let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

describe('SMTP sink', () => {
  it('survives a client that dies mid-session (connection reset) and keeps accepting mail', async () => {
    sink = await startSmtpSink();
    const socket = connect(sink.port, '127.0.0.1');
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.write('EHLO killed.example\r\nMAIL FROM:<a@killed.example>\r\n');
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    // An RST, as the kernel sends for a process killed with SIGKILL while data is unread.
    socket.resetAndDestroy();
    await expect.poll(() => sink!.connectionErrors().map((e) => (e as NodeJS.ErrnoException).code)).toContain('ECONNRESET');

    const transport = createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: 'after the reset', text: 'still here' });
    await sink.waitFor((messages) => messages.some((m) => m.mail.subject === 'after the reset'));
  });
});
