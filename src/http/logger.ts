import pino, { type DestinationStream, type Logger } from 'pino';

/** Secrets and reporter identity never reach the log, whatever a future log line includes. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'body.reporter',
  'reporter',
  '*.reporter',
  '*.reporterName',
  '*.reporterPhone',
  '*.reporterEmail',
  '*.accessCode',
  'accessCode',
  '*.secret',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}
