// Is anything else running? Busy CPU time of the whole machine over a short window, from two
// samples of /proc/stat, minus this process's own. Pure.

/** Other processes keeping more than this many CPUs busy on average count as "other load": a
 * quarter of a CPU is already enough to preempt an unpinned measuring thread now and then. */
export const OTHER_LOAD_BUSY_CPUS = 0.25;
/** Long enough to see a steady background load, short enough to add little to every run. */
export const LOAD_WINDOW_MS = 250;

/** Jiffies of the aggregate "cpu" line: busy (everything but idle and iowait) and total. */
export interface CpuTimes {
  busy: number;
  total: number;
}

export function parseProcStat(text: string): CpuTimes | null {
  const line = text.split('\n').find((row) => row.startsWith('cpu '));
  if (!line) return null;
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

export interface LoadFacts {
  /** CPUs kept busy by other processes, on average over the window. */
  otherBusyCpus: number;
  windowSeconds: number;
  /** /proc/loadavg's 1-minute figure (includes this process). */
  loadAverage1m: number | null;
  /** otherBusyCpus > OTHER_LOAD_BUSY_CPUS. */
  otherLoad: boolean;
}

/**
 * `ownCpuSeconds` is this process's CPU time in the window (process.cpuUsage), taken out so that
 * mintbench's own calibration does not count as other load.
 */
export function loadFacts(
  before: CpuTimes,
  after: CpuTimes,
  logicalCpus: number,
  windowSeconds: number,
  ownCpuSeconds: number,
  loadavg: string | null,
): LoadFacts {
  const totalJiffies = after.total - before.total;
  const busyShare = totalJiffies > 0 ? (after.busy - before.busy) / totalJiffies : 0;
  const ownCpus = windowSeconds > 0 ? ownCpuSeconds / windowSeconds : 0;
  const otherBusyCpus = Math.max(0, busyShare * logicalCpus - ownCpus);
  const first = Number(loadavg?.trim().split(/\s+/)[0]);
  return {
    otherBusyCpus,
    windowSeconds,
    loadAverage1m: Number.isFinite(first) && loadavg !== null ? first : null,
    otherLoad: otherBusyCpus > OTHER_LOAD_BUSY_CPUS,
  };
}
