import { pino } from "pino";
import type { Logger } from "../core/log.js";

/**
 * JSON lines on stderr (pino), so stdout stays for command output and supervisors
 * (journald, container runtimes) collect logs as they are. Fields carry ids and counts only.
 */
export function createJsonLogger(write: (line: string) => void, level = "info"): Logger {
  const logger = pino(
    { level, base: { app: "earshot" }, timestamp: pino.stdTimeFunctions.isoTime },
    { write: (line: string) => write(line) },
  );
  return {
    info: (fields, message) => logger.info(fields, message),
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => logger.error(fields, message),
  };
}
