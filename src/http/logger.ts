import pino, { type DestinationStream, type Logger } from 'pino';

/** Secrets and reporter identity never reach the log, whatever a future log line includes. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'body.reporter',
  'body.accessCode',
  'reporter',
  '*.reporter',
  '*.reporterName',
  '*.reporterPhone',
  '*.reporterEmail',
  '*.reporterAddress',
  '*.accessCode',
  'accessCode',
  '*.secret',
  // SMTP credentials (HOTLINE_SMTP_PASSWORD), whether a line logs the config, its mail part or the SMTP settings.
  'password',
  '*.password',
  'smtp.password',
  'mail.smtp.password',
  'config.mail.smtp.password',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}
