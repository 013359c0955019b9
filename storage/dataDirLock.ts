import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { log } from '../observability/log';

/** The lock's file in DATA_DIR: which process runs a bot on the folder. */
const LOCK_FILE = 'bot.lock';

/** Who holds the lock: a process on a machine (a container is a machine of its own). */
interface Holder {
  pid: number;
  host: string;
  since: string;
}

/** Another bot runs on the folder: the bot does not start. */
class DataDirInUse extends Error {}

/** Lock files this process holds: a second bot in the same process (tests) is refused too. */
const held = new Set<string>();

/**
 * Takes DATA_DIR/bot.lock for this process, so that one bot at a time uses the file store
 * (two would overwrite each other's tickets and journal). A lock left by a process of this
 * machine that no longer runs (killed, crashed) is taken over, with a log line; one held
 * by a running process, or by a process on another machine or container (whose life
 * cannot be checked from here), is refused, naming it. Returns the release, for a stop.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  if (held.has(file)) throw new DataDirInUse(`${dataDir} is in use by another bot in this process`);
  // Twice at most: a stale lock is removed, then created anew (exclusively: of two bots doing so, one wins).
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      held.add(file);
      return () => release(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const holder = readHolder(file);
    const problem = holder && inUse(holder, me);
    if (problem) throw new DataDirInUse(`${dataDir} is in use by ${problem}: one bot per DATA_DIR with STORAGE=file. Stop that bot, or give this one another DATA_DIR (or STORAGE=blob for several instances); if it no longer runs, delete ${file}`);
    log.warn({ lock: file, holder }, `took over ${LOCK_FILE} in ${dataDir}: ${holder ? `process ${holder.pid}, which held it,` : 'the process that held it'} no longer runs`);
    fs.rmSync(file, { force: true });
  }
}

/** Who the lock names, or undefined for a file that names nobody (cut short by a crash). */
function readHolder(file: string): Holder | undefined {
  try {
    const holder = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Holder>;
    return Number.isInteger(holder.pid) && typeof holder.host === 'string' ? holder as Holder : undefined;
  } catch {
    return undefined;
  }
}

/** Why the holder may still run, in words for the log; undefined when it surely does not. */
function inUse(holder: Holder, me: Holder): string | undefined {
  const named = `process ${holder.pid} on ${holder.host} (since ${holder.since})`;
  if (holder.host !== me.host) return `${named}, another machine or container`;
  // The same pid is this process: a container restarted with the folder it had.
  return holder.pid !== me.pid && isRunning(holder.pid) ? named : undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the lock if it is still this process's. */
function release(file: string): void {
  if (!held.delete(file)) return;
  if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true });
}
