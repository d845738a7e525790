import type { Logger } from '../auth/ports.js';

/**
 * Plain structured logging to stderr. Callers pass only codes, counts and reasons; the fields are
 * typed as scalars so an object holding tokens cannot be logged by accident.
 */
export function createConsoleLogger(debugEnabled: boolean): Logger {
  const write = (level: string, message: string, fields?: Readonly<Record<string, unknown>>): void => {
    console.error(`[${level}] ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  };
  return {
    debug: (message, fields) => debugEnabled && write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
  };
}
