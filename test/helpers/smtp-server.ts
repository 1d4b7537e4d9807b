import { createServer, type Server } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  headers: Map<string, string>;
  subject: string;
  text: string;
}

export interface TestSmtpServer {
  port: number;
  /** Messages the server has answered 250 to, in that order. */
  received: ReceivedMail[];
  /** Counted at the server: what the clients did, whatever they believe they did. */
  load: ServerLoad;
  close(): Promise<void>;
}

export interface ServerLoad {
  /** Connections opened since the start. */
  connectionsOpened: number;
  /** Most connections open at one moment. */
  maxConnections: number;
  /** Most messages at one moment between their DATA command and the server's answer. */
  maxMessages: number;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps what it receives. Its bundled certificate has
 * expired, so STARTTLS is switched off; no authentication is asked for. Recipients listed in
 * `refuse` get a 550 answer. `answerAfterMs` holds each message that long before answering, as a
 * relay that takes time does, so that clients sending at the same time overlap at the server.
 */
export async function startSmtpServer(options: { port?: number; refuse?: string[]; answerAfterMs?: number } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const load: ServerLoad = { connectionsOpened: 0, maxConnections: 0, maxMessages: 0 };
  let openConnections = 0;
  let messagesInFlight = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // close() ends the connections a pooled mailer keeps open after a moment, not after smtp-server's 30 s.
    closeTimeout: 200,
    onConnect(_session, callback) {
      load.connectionsOpened += 1;
      openConnections += 1;
      load.maxConnections = Math.max(load.maxConnections, openConnections);
      callback();
    },
    onClose() {
      openConnections -= 1;
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.includes(address.address)) {
        const error = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      messagesInFlight += 1;
      load.maxMessages = Math.max(load.maxMessages, messagesInFlight);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = parseMessage(raw);
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        const answer = () => {
          received.push({ ...envelope, raw, ...parsed });
          messagesInFlight -= 1;
          callback();
        };
        if (options.answerAfterMs) setTimeout(answer, options.answerAfterMs);
        else answer();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port, received, load,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on (for now): taken from the OS, then released. */
export async function closedPort(): Promise<number> {
  const probe: Server = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Headers (unfolded, MIME encoded-words decoded) and the decoded text body of a single-part message. */
export function parseMessage(raw: string): { headers: Map<string, string>; subject: string; text: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split < 0 ? raw : raw.slice(0, split);
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const text = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    : encoding === 'quoted-printable' ? decodeQuotedPrintable(body)
      : body;
  return { headers, subject: headers.get('subject') ?? '', text };
}

/** RFC 2047: `=?UTF-8?B?...?=` and `=?UTF-8?Q?...?=`; whitespace between adjacent encoded words is dropped. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')));
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
