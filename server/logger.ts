import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'chairside' },
    // Credentials never reach the log, whatever a handler passes in.
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'csrfToken',
        '*.csrfToken',
        'req.headers.cookie',
        'req.headers.authorization',
        'headers.cookie',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
