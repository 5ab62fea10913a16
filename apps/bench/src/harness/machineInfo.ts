import os from "node:os";

export type MachineInfo = {
  nproc: number;
  cpuModel: string;
  totalMemoryGb: number;
  freeMemoryGb: number;
  node: string;
  platform: string;
};

const gb = (bytes: number) => Math.round((bytes / 2 ** 30) * 10) / 10;

/** The machine the figures were taken on (they mean little without it). */
export function machineInfo(): MachineInfo {
  return {
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    totalMemoryGb: gb(os.totalmem()),
    freeMemoryGb: gb(os.freemem()),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}
