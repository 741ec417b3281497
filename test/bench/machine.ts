import { cpus, freemem, platform, release, totalmem } from "node:os";
import Database from "better-sqlite3";

export interface MachineDescription {
  cpu: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  os: string;
  node: string;
  sqlite: string;
  summary: string;
}

/** What the figures were measured on; printed above the table and recorded in docs/performance.md. */
export function describeMachine(): MachineDescription {
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  const cores = cpus().length;
  const memoryGiB = Math.round((totalmem() / 2 ** 30) * 10) / 10;
  const freeMemoryGiB = Math.round((freemem() / 2 ** 30) * 10) / 10;
  const memory = new Database(":memory:");
  const sqlite = (memory.prepare("select sqlite_version() as v").get() as { v: string }).v;
  memory.close();
  const os = `${platform()} ${release()}`;
  const summary = `${cpu}, ${cores} cores, ${memoryGiB} GiB RAM, ${os}, Node ${process.version}, SQLite ${sqlite}`;
  return { cpu, cores, memoryGiB, freeMemoryGiB, os, node: process.version, sqlite, summary };
}
