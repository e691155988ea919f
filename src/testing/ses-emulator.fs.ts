/**
 * The local SES v2 emulator (the aws-ses-v2-local package) in its own process on a free
 * port, behind a small HTTP proxy in this process. The emulator does the real work: it
 * checks the AWS authorization header, parses each raw message, stores it and answers
 * GetAccount from AWS_SES_ACCOUNT. The proxy only adds what the emulator cannot do:
 *  - it keeps the raw MIME message of every SendEmail the emulator accepted (the emulator
 *    stores parsed fields, without headers such as List-Unsubscribe);
 *  - it can answer a SendEmail itself with the error SES would send (status, the
 *    x-amzn-ErrorType header and the JSON body of SES's REST-JSON protocol), for the
 *    throttling, rejection and paused-account paths the emulator never produces;
 *  - it can lose SES's answer ('lose-answer'): the emulator takes the message, and the proxy
 *    hangs up instead of passing the answer on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { vi } from 'vitest';
import { projectRoot } from './build-site.fs.ts';

/** An error exactly as SES's API v2 answers it on the wire. */
export interface SesFault {
  status: number;
  /** The exception's name, e.g. TooManyRequestsException, MessageRejected, SendingPausedException. */
  type: string;
  message: string;
}

export interface SesRequest {
  /** 1-based count of SendEmail requests that reached the proxy. */
  n: number;
  to: string[];
  configurationSet: string | undefined;
  /** When it arrived (Date.now()). */
  at: number;
}

export interface AcceptedRaw {
  to: string[];
  raw: string;
  configurationSet: string | undefined;
}

export interface SesEmulator {
  /** The endpoint to give the SDK (AWS_ENDPOINT_URL): the proxy in front of the emulator. */
  url: string;
  /** Raw messages the emulator accepted, in order. */
  accepted: AcceptedRaw[];
  /** Every SendEmail request seen, including the ones answered with a fault. */
  requests: SesRequest[];
  /** The emulator's own store (GET /store): what it parsed from each message. */
  stored: () => Promise<{ messageId: string; from: string; destination: { to: string[] }; subject: string }[]>;
  /** Decide per SendEmail request whether to answer with an SES error instead of forwarding, or to forward it and lose the answer. */
  inject: (handler: ((request: SesRequest) => SesFault | 'lose-answer' | undefined) | undefined) => void;
  /** Resolves when `predicate` holds for the accepted messages (polls; fails after `ms`). */
  waitFor: (predicate: (accepted: AcceptedRaw[]) => boolean, ms?: number) => Promise<void>;
  /** Forgets every message and request and the injected faults, and clears the emulator's store (its POST /clear-store): a fresh emulator for the next test. */
  reset: () => Promise<void>;
  close: () => Promise<void>;
}

export interface EmulatorOptions {
  /** The account GetAccount reports (the emulator reads it from AWS_SES_ACCOUNT); default 100 messages/s, sending enabled. */
  account?: { maxSendRate: number; sendingEnabled?: boolean };
}

const accountJson = ({ maxSendRate, sendingEnabled = true }: NonNullable<EmulatorOptions['account']>) =>
  JSON.stringify({
    DedicatedIpAutoWarmupEnabled: false,
    Details: { AdditionalContactEmailAddresses: [], ContactLanguage: 'EN', MailType: 'MARKETING', ReviewDetails: { CaseId: 'test', Status: 'GRANTED' }, UseCaseDescription: 'test', WebsiteURL: 'https://tips.example.com' },
    EnforcementStatus: 'HEALTHY',
    ProductionAccessEnabled: true,
    SendingEnabled: sendingEnabled,
    SendQuota: { Max24HourSend: 50_000, MaxSendRate: maxSendRate, SentLast24Hours: 0 },
    SuppressionAttributes: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
  });

async function startEmulatorProcess(options: EmulatorOptions): Promise<{ child: ChildProcess; url: string }> {
  const cli = join(projectRoot, 'node_modules/aws-ses-v2-local/dist/cli.js');
  const child = spawn(process.execPath, [cli, '--host', '127.0.0.1', '--port', '0'], {
    env: { PATH: process.env['PATH'], ...(options.account ? { AWS_SES_ACCOUNT: accountJson(options.account) } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /server running at (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!.replace('localhost', '127.0.0.1'));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`aws-ses-v2-local exited (${code}) before it listened:\n${output}`)));
  });
  return { child, url };
}

const readBody = (request: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });

export async function startSesEmulator(options: EmulatorOptions = {}): Promise<SesEmulator> {
  const { child, url: emulatorUrl } = await startEmulatorProcess({ account: { maxSendRate: 100 }, ...options });
  const accepted: AcceptedRaw[] = [];
  const requests: SesRequest[] = [];
  let faults: ((request: SesRequest) => SesFault | 'lose-answer' | undefined) | undefined;

  const proxy: Server = createServer(async (request, response) => {
    try {
      const body = await readBody(request);
      const isSend = request.method === 'POST' && request.url === '/v2/email/outbound-emails';
      const parsed = isSend ? (JSON.parse(body.toString('utf8')) as { Destination?: { ToAddresses?: string[] }; ConfigurationSetName?: string; Content?: { Raw?: { Data?: string } } }) : undefined;
      const seen: SesRequest | undefined = parsed && { n: requests.length + 1, to: parsed.Destination?.ToAddresses ?? [], configurationSet: parsed.ConfigurationSetName, at: Date.now() };
      if (seen) requests.push(seen);
      const fault = seen && faults?.(seen);
      if (fault && fault !== 'lose-answer') {
        response.writeHead(fault.status, { 'content-type': 'application/json', 'x-amzn-errortype': fault.type, 'x-amzn-requestid': `injected-${seen.n}` });
        response.end(JSON.stringify({ message: fault.message }));
        return;
      }
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([key]) => !['host', 'connection', 'content-length', 'transfer-encoding'].includes(key))) as Record<string, string>;
      const upstream = await fetch(`${emulatorUrl}${request.url}`, { method: request.method ?? 'GET', headers, ...(body.length ? { body: new Uint8Array(body) } : {}) });
      const answer = Buffer.from(await upstream.arrayBuffer());
      if (seen && upstream.ok) accepted.push({ to: seen.to, raw: Buffer.from(parsed!.Content?.Raw?.Data ?? '', 'base64').toString('utf8'), configurationSet: seen.configurationSet });
      if (fault === 'lose-answer') {
        response.socket?.destroy();
        return;
      }
      response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      response.end(answer);
    } catch (error) {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`test proxy: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    requests,
    stored: async () => ((await (await fetch(`${emulatorUrl}/store`)).json()) as { emails: Awaited<ReturnType<SesEmulator['stored']>> }).emails,
    inject: (handler) => {
      faults = handler;
    },
    waitFor: (predicate, ms = 10_000) =>
      vi.waitFor(
        () => {
          if (!predicate(accepted)) throw new Error(`SES emulator: condition not met within ${ms} ms (${accepted.length} messages accepted)`);
        },
        { timeout: ms, interval: 25 },
      ),
    reset: async () => {
      accepted.length = 0;
      requests.length = 0;
      faults = undefined;
      const cleared = await fetch(`${emulatorUrl}/clear-store`, { method: 'POST' });
      if (!cleared.ok) throw new Error(`SES emulator: POST /clear-store answered ${cleared.status}`);
    },
    close: async () => {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      }
    },
  };
}
