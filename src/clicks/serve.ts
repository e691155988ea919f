/**
 * The click-counting links in the running server: the /r/ handler over the served release's picks, and with
 * CLICK_COUNTS=1 the recorder writing judged counts to the database once the services are up.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Env } from '../config/env.ts';
import type { Database } from '../db/database.ts';
import { clientIp } from '../server/request.ts';
import { recordClicks } from './counts.db.ts';
import { pickUrlsFollowing } from './picks.fs.ts';
import { startClickRecorder } from './recorder.ts';
import { clickRedirect } from './redirect.ts';

const headerValue = (req: IncomingMessage, name: string) => {
  const value = req.headers[name.toLowerCase()];
  return value === undefined ? null : String(value);
};

export interface ClickService {
  handle: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Writes what is still held (before the database closes). */
  stop: () => Promise<void>;
}

export function clickService(input: { env: Env; secret: string; emailDir: () => string | undefined; db: Promise<Database>; log: (line: string) => void }): ClickService {
  const pickUrlsOf = pickUrlsFollowing(input.emailDir, input.log);
  const recorder =
    input.env.CLICK_COUNTS === '1'
      ? startClickRecorder({ picksOf: (issue) => pickUrlsOf(issue)?.length ?? 0 }, { write: async (tallies) => recordClicks(await input.db, tallies), now: Date.now, log: input.log })
      : undefined;
  const handle = clickRedirect({
    secret: input.secret,
    pickUrlsOf,
    observe: recorder?.observe,
    clientAddress: (req) => clientIp({ headers: { get: (name) => headerValue(req, name) } }, req.socket.remoteAddress, input.env.TRUST_PROXY) ?? undefined,
    now: Date.now,
  });
  return { handle, stop: async () => recorder?.stop() };
}
