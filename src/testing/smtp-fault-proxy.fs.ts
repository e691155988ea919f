/**
 * A TCP proxy in front of an SMTP server that hangs up on the client at a chosen point of a
 * transaction, for the failure paths a sender must tell apart. It reads the client's side of
 * the conversation (commands line by line, then the message up to the final ".") with
 * node:net alone, so the server behind it stays an ordinary smtp-server sink.
 *  - 'before-data': at the RCPT TO line, before the server sees it. Nothing of the message
 *    was sent: sending it again is safe.
 *  - 'after-data': the whole message, final "." included, goes on to the server, which takes
 *    it; the proxy hangs up on the client before passing on the server's reply. The client
 *    cannot know the message arrived: it is uncertain.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export type CutPoint = 'before-data' | 'after-data';

export interface SmtpFaultProxy {
  url: string;
  port: number;
  /** Asked at each RCPT TO ('before-data') and at each final "." ('after-data') with the transaction's recipients. */
  cutWhen: (decide: ((recipients: readonly string[], at: CutPoint) => boolean) | undefined) => void;
  /** Connections cut so far, by where. */
  cuts: () => { at: CutPoint; recipients: string[] }[];
  close: () => Promise<void>;
}

const END_OF_DATA = Buffer.from('\r\n.\r\n');

export async function startSmtpFaultProxy(target: { port: number; host?: string }): Promise<SmtpFaultProxy> {
  let decide: ((recipients: readonly string[], at: CutPoint) => boolean) | undefined;
  const cuts: { at: CutPoint; recipients: string[] }[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host ?? '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      // Hang-ups are what this proxy is for: a reset on either side is expected, not an error.
      s.on('error', () => s.destroy());
    }
    const conversation = new Conversation((at, recipients) => {
      if (!decide?.(recipients, at)) return false;
      cuts.push({ at, recipients: [...recipients] });
      return true;
    });
    let cut = false;
    client.on('data', (chunk: Buffer) => {
      const { forward, cutAt } = conversation.read(chunk);
      if (forward.length > 0) upstream.write(forward);
      if (cutAt === undefined) return;
      cut = true;
      client.destroy();
      // After the data, the server finishes the transaction (it has the whole message); before it, nothing is pending.
      if (cutAt === 'before-data') upstream.destroy();
      else upstream.once('data', () => upstream.end());
    });
    upstream.on('data', (chunk: Buffer) => {
      conversation.heard(chunk);
      if (!cut) client.write(chunk);
    });
    client.on('close', () => !cut && upstream.end());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    cutWhen: (d) => void (decide = d),
    cuts: () => [...cuts],
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The client's side of one SMTP connection, read as it arrives. */
class Conversation {
  /** 'go-ahead': DATA was sent, the server's 354 (or a refusal) not yet heard. */
  #mode: 'command' | 'go-ahead' | 'data' = 'command';
  #line = '';
  #recipients: string[] = [];
  /** The end of the data read so far, to find the final "." across chunks. */
  #tail = Buffer.alloc(0);
  readonly #shouldCut: (at: CutPoint, recipients: readonly string[]) => boolean;

  constructor(shouldCut: (at: CutPoint, recipients: readonly string[]) => boolean) {
    this.#shouldCut = shouldCut;
  }

  /** What to pass on to the server from `chunk`, and where to cut the connection after it, if anywhere. */
  read(chunk: Buffer): { forward: Buffer; cutAt?: CutPoint } {
    const parts: Buffer[] = [];
    let rest = chunk;
    while (rest.length > 0) {
      if (this.#mode === 'data') {
        const seen = Buffer.concat([this.#tail, rest]);
        const end = seen.indexOf(END_OF_DATA);
        if (end < 0) {
          this.#tail = seen.subarray(Math.max(0, seen.length - END_OF_DATA.length + 1));
          parts.push(rest);
          break;
        }
        const upTo = end + END_OF_DATA.length - this.#tail.length;
        parts.push(rest.subarray(0, upTo));
        rest = rest.subarray(upTo);
        this.#mode = 'command';
        this.#tail = Buffer.alloc(0);
        if (this.#shouldCut('after-data', this.#recipients)) return { forward: Buffer.concat(parts), cutAt: 'after-data' };
        this.#recipients = [];
        continue;
      }
      const newline = rest.indexOf('\n');
      const piece = newline < 0 ? rest : rest.subarray(0, newline + 1);
      rest = rest.subarray(piece.length);
      this.#line += piece.toString('latin1');
      if (newline < 0) break;
      const line = this.#line.trim();
      this.#line = '';
      const rcpt = /^RCPT TO:\s*<([^>]*)>/i.exec(line);
      if (rcpt) {
        this.#recipients.push(rcpt[1]!);
        if (this.#shouldCut('before-data', this.#recipients)) return { forward: Buffer.concat(parts), cutAt: 'before-data' };
      }
      if (/^(MAIL FROM|RSET)/i.test(line)) this.#recipients = [];
      if (/^DATA$/i.test(line)) this.#mode = 'go-ahead';
      parts.push(piece);
    }
    return { forward: Buffer.concat(parts) };
  }

  /** The server's side: after DATA, a 354 starts the message; a refusal (4xx, 5xx) means none follows. */
  heard(chunk: Buffer): void {
    if (this.#mode !== 'go-ahead') return;
    const text = chunk.toString('latin1');
    if (/^354[ -]/m.test(text)) this.#mode = 'data';
    else if (/^[45]\d\d /m.test(text)) this.#mode = 'command';
  }
}
