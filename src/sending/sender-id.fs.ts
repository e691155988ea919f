/**
 * Who this sender is in the ledger's claims ("host:pid:random"), and whether a sender named
 * that way is known to be dead: only on this machine can we tell (its process is gone), so a
 * sender restarted after a crash takes over at once instead of waiting for the lease to end.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export function newSenderId(pid = process.pid): string {
  return `${hostname()}:${pid}:${randomBytes(3).toString('hex')}`;
}

export function isSenderGone(senderId: string): boolean {
  const match = /^(.*):(\d+):[0-9a-f]+$/.exec(senderId);
  if (!match || match[1] !== hostname()) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as { code?: string }).code === 'ESRCH';
  }
}
