// Which process serves a port, and how much memory it holds. `next start` forks: the process we
// spawn is a launcher, the `next-server` child is the one that listens and does the work.
import { readdir, readFile, readlink } from 'node:fs/promises';

async function childrenOf(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  const lists = await Promise.all(
    tasks.map((tid) => readFile(`/proc/${pid}/task/${tid}/children`, 'utf8').catch(() => '')),
  );
  return lists.flatMap((list) => list.split(/\s+/).filter(Boolean).map(Number));
}

async function descendantsOf(pid: number): Promise<number[]> {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift()!;
    out.push(next);
    queue.push(...(await childrenOf(next)));
  }
  return out;
}

/** Socket inodes listening on `port` (IPv4 and IPv6). */
async function listeningInodes(port: number): Promise<Set<string>> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols[1] local address:port, cols[3] state (0A = LISTEN), cols[9] inode
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A' && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** The process among `rootPid` and its descendants that listens on `port`. */
export async function listeningProcess(rootPid: number, port: number): Promise<number> {
  const inodes = await listeningInodes(port);
  for (const pid of await descendantsOf(rootPid)) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return pid;
    }
  }
  throw new Error(`no descendant of process ${rootPid} listens on port ${port}`);
}

/** Resident set size in MiB, from /proc/<pid>/status VmRSS. */
export async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) / 1024;
}

export async function processName(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ').trim();
}

const CLOCK_TICKS = 100; // USER_HZ: what /proc/<pid>/stat counts in on Linux (getconf CLK_TCK)

/** CPU seconds (user + system) so far of every process, by a name: its command, or `self` for this one. */
export async function cpuSecondsByProcess(): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // comm is in parentheses and may hold spaces: the fields after it are space-separated.
    const close = stat.lastIndexOf(')');
    if (close < 0) continue;
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    const name = Number(pid) === process.pid ? 'self' : `${comm} ${pid}`;
    totals.set(name, seconds);
  }
  return totals;
}

/** CPU seconds each process spent between two readings (those that spent any), largest first. */
export function cpuSpent(before: Map<string, number>, after: Map<string, number>): [string, number][] {
  return [...after]
    .map(([name, seconds]) => [name, seconds - (before.get(name) ?? 0)] as [string, number])
    .filter(([, seconds]) => seconds > 0.05)
    .sort((a, b) => b[1] - a[1]);
}
