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
  if (path.length === 2 && path[0] === 'req' && path[1] === 'url') return typeof value === 'string' ? censorApiKey(value) : value;
  return '[redacted]';
}

/**
 * The URL with each parameter whose name, decoded as the query parser decodes it (api%5Fkey, API_KEY,
 * api+key is not one), is api_key given the value [redacted]; the rest as sent.
 */
export function censorApiKey(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const parts = url.slice(query + 1).split('&').map((part) => {
    const equals = part.indexOf('=');
    const rawName = equals < 0 ? part : part.slice(0, equals);
    let name: string;
    try { name = decodeURIComponent(rawName.replace(/\+/g, ' ')); } catch { name = rawName; }
    return name.toLowerCase() === 'api_key' ? `${rawName}=[redacted]` : part;
  });
  return `${url.slice(0, query)}?${parts.join('&')}`;
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor } }, destination);
}
