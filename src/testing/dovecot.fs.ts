/**
 * A real IMAP server for tests: Debian's dovecot (`apt-get install dovecot-imapd`), configured
 * from nothing in a temporary folder (its own config, runtime and maildirs; /etc/dovecot is never
 * read), listening on a free loopback port with one mailbox user and a plain-text password (no
 * TLS: loopback only). As root, dovecot's own system users run it, as dovecot insists.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { freePort } from './app-server.fs.ts';

export const DOVECOT_BIN = '/usr/sbin/dovecot';

/** Why the IMAP tests cannot run here, or undefined when they can. */
export const dovecotMissing = (): string | undefined =>
  existsSync(DOVECOT_BIN) ? undefined : `${DOVECOT_BIN} is not installed: apt-get install dovecot-imapd (.ci/run installs it) to run the IMAP tests`;

export interface Dovecot {
  host: string;
  port: number;
  /** The imaps port (TLS from the first byte), when started with a certificate. */
  tlsPort: number | undefined;
  user: string;
  password: string;
  /** The server's log, for failure messages. */
  log: () => string;
  stop: () => Promise<void>;
}

const idOf = (flag: '-u' | '-g', name: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());

function accounts(): { internal: string; login: string; uid: number; gid: number } {
  const me = userInfo();
  if (me.uid !== 0) return { internal: me.username, login: me.username, uid: me.uid, gid: me.gid };
  return { internal: 'dovecot', login: 'dovenull', uid: idOf('-u', 'dovecot'), gid: idOf('-g', 'dovecot') };
}

interface Ports {
  imap: number;
  imaps: number | undefined;
}

/** dovecot's TLS settings: off, or the test certificate (tls-cert.fs.ts) on the imaps port. */
const tlsConfig = (tls: { keyPath: string; certPath: string } | undefined) =>
  tls ? `ssl = yes\nssl_cert = <${tls.certPath}\nssl_key = <${tls.keyPath}` : 'ssl = no';

function config(dir: string, ports: Ports, who: ReturnType<typeof accounts>, tls: { keyPath: string; certPath: string } | undefined): string {
  return `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
${tlsConfig(tls)}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%n
default_internal_user = ${who.internal}
default_internal_group = ${who.internal}
default_login_user = ${who.login}
first_valid_uid = ${who.uid}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${who.uid} gid=${who.gid} home=${dir}/mail/%n
}
# A wrong password is refused at once, and the next login from 127.0.0.1 is not slowed down either: dovecot's
# defaults (2 s, then an anvil penalty that doubles to 15 s) guard against guessing, which a test server does not need.
auth_failure_delay = 0
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${ports.imap}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${ports.imaps ?? 0}
  }
}
`;
}

/** Resolves once something accepts connections on `port`; fails at once when dovecot exits, or after `ms`. */
async function listening(port: number, ms: number, log: () => string, exited: () => boolean): Promise<void> {
  const accepts = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket.end() && true)).on('error', () => resolve(false));
    });
  const state = await vi.waitFor(
    async () => {
      if (await accepts()) return 'listening';
      if (exited()) return 'exited';
      throw new Error(`dovecot did not listen on port ${port} within ${ms} ms:\n${log()}`);
    },
    { timeout: ms, interval: 50 },
  );
  if (state === 'exited') throw new Error(`dovecot exited before it listened:\n${log()}`);
}

/** Starts dovecot with one user; with `tls` (key and certificate files) it also listens for imaps. */
export async function startDovecot(user = 'bounces@example.com', tls?: { keyPath: string; certPath: string }): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'totw-dovecot-'));
  chmodSync(dir, 0o755);
  const who = accounts();
  for (const sub of ['run', 'state', 'mail']) mkdirSync(join(dir, sub));
  chownSync(join(dir, 'mail'), who.uid, who.gid);
  const port = await freePort();
  const tlsPort = tls ? await freePort() : undefined;
  const password = `imap-${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(dir, 'users'), `${user}:{PLAIN}${password}\n`);
  writeFileSync(join(dir, 'dovecot.conf'), config(dir, { imap: port, imaps: tlsPort }, who, tls));
  const child = spawn(DOVECOT_BIN, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const log = () => output + (existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8') : '');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (error) => (output += `${error.message}\n`));
  await listening(port, 15_000, log, () => child.exitCode !== null || child.signalCode !== null);
  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    user,
    password,
    log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
