import { readFileSync } from "node:fs";

/** Linux's clock tick (USER_HZ), the unit of /proc/<pid>/stat's CPU times: 100 on every common kernel. */
const ticksPerSecond = 100;

/**
 * The CPU time (user + system, all threads) that process `pid` has used so far, in ms, from Linux's
 * `/proc/<pid>/stat`; undefined where there is no such file (another OS, a process gone). A load-independent figure:
 * on a shared machine, a figure's throughput is the machine's, its CPU per request is the code's.
 */
export function processCpuMs(pid: number): number | undefined {
  try {
    // The fields after the command name (which may hold spaces), from the 3rd on: utime and stime are the 14th, 15th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2);
    const [utime, stime] = fields.split(" ").slice(11, 13).map(Number);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
    return ((utime! + stime!) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}
