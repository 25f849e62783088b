// The machine and moment a benchmark ran on, so every figure can be read against them.
import { cpus, loadavg, totalmem, platform, release } from "node:os";

/** Where and when a benchmark ran. */
export interface MachineInfo {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  /** 1, 5 and 15 minute load averages */
  loadAverage: number[];
}

/** A snapshot of this machine now (the load average changes during a run: take it at start and end). */
export function machineInfo(): MachineInfo {
  const c = cpus();
  return {
    date: new Date().toISOString(),
    cpuModel: c[0]?.model.trim() ?? "unknown",
    cores: c.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** The current 1, 5, 15 minute load averages, rounded. */
export function loadNow(): number[] {
  return loadavg().map((x) => Math.round(x * 100) / 100);
}
