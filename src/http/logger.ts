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
  // Open311 clients send their key as a query parameter (api_key) on GET: the logged URL keeps the rest.
  'req.url',
];

/** A request's URL with the value of any api_key parameter censored; every other path censored whole. */
function censor(value: unknown, path: string[]): unknown {
  if (path.length === 2 && path[0] === 'req' && path[1] === 'url') {
    return typeof value === 'string' ? value.replace(/([?&]api_key=)[^&#]*/gi, '$1[redacted]') : value;
  }
  return '[redacted]';
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor } }, destination);
}
