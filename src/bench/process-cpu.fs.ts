/**
 * CPU time of a process and its children from /proc (Linux): for a PostgreSQL server, the postmaster, its
 * backends and parallel workers, including those that exited (their time is added to the parent's cutime and
 * cstime when it reaps them). On a shared machine this is the steadier figure next to the wall time.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

function ticks(pid: number, withReaped: boolean): number {
  try {
    // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
    return utime! + stime! + (withReaped ? cutime! + cstime! : 0);
  } catch {
    return 0; // exited meanwhile: its time is in its parent's reaped time
  }
}

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Milliseconds of CPU used so far by `pid` and every process below it. */
export function treeCpuMs(pid: number): number {
  const walk = (p: number): number => ticks(p, true) + children(p).reduce((sum, c) => sum + walk(c), 0);
  return (walk(pid) * 1000) / TICKS_PER_SECOND;
}

/** The postmaster's process id, from the first line of `postmaster.pid` in its data directory. */
export const postmasterPid = (dataDir: string): number => Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
