import type { BerthLogFn, BerthLogger } from '@berth/core';

function line(level: string, write: (s: string) => void): BerthLogFn {
  return (objOrMsg, msg) => {
    const fields = typeof objOrMsg === 'string' ? { msg: objOrMsg } : { ...objOrMsg, msg };
    write(JSON.stringify({ level, time: new Date().toISOString(), ...fields }));
  };
}

/**
 * The default logger of a `ContainerMonitor`: one JSON line per entry on stderr (so the seed's
 * `{ type: 'log' }` action shows without configuration). Pass a pino logger for anything else.
 */
export const consoleLogger: BerthLogger = Object.freeze({
  debug: line('debug', (s) => console.debug(s)),
  info: line('info', (s) => console.info(s)),
  warn: line('warn', (s) => console.warn(s)),
  error: line('error', (s) => console.error(s)),
});
