import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'chairside' },
    // Credentials never reach the log, whatever a handler passes in.
    redact: {
      paths: ['password', '*.password', 'req.headers.cookie', 'headers.cookie', 'token', '*.token'],
      censor: '[redacted]',
    },
  });
}
