import * as fs from 'node:fs';

/** Resident memory of a process now and at its peak, in MB, where the system tells it (Linux). */
export function memoryOf(pid: number | undefined): { rssMb?: number; peakMb?: number } {
  const status = pid && fs.existsSync(`/proc/${pid}/status`) ? fs.readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  const megabytes = (field: string) => {
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return kb ? Number(kb[1]) / 1024 : undefined;
  };
  return { rssMb: megabytes('VmRSS'), peakMb: megabytes('VmHWM') };
}

/** The value below which p percent of the values lie. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** CPU time a process has used so far (user and system), in seconds (Linux; undefined elsewhere). */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  const stat = pid && fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields.length > 13 ? (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS : undefined;
}

/** Linux's USER_HZ, the unit of /proc/PID/stat times, on every platform Node runs on. */
const CLOCK_TICKS = 100;
