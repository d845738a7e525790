import type { Logger } from '../auth/ports.js';
import { redact } from '../auth/policy/redact.js';

type Fields = Readonly<Record<string, string | number | boolean>> | undefined;

/**
 * The app's one logger: a line per event, with every field value and the message passed through
 * {@link redact}. Callers already log only codes and reasons; redaction is the second line of
 * defence, so a mistake in a later change cannot leak a token into a log file or a bug report.
 */
export function createLogger(options: { debug: boolean; write?: (line: string) => void }): Logger {
  const write = options.write ?? ((line: string) => console.error(line));
  const emit = (level: string, message: string, fields: Fields): void => {
    const safe =
      fields && Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, redact(value)]));
    write(`[${level}] ${String(redact(message))}${safe ? ` ${JSON.stringify(safe)}` : ''}`);
  };
  return {
    debug: (message, fields) => options.debug && emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
  };
}
