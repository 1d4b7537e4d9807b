import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { MailConfig, SmtpConfig } from '../config.js';

export interface OutgoingMail {
  /** Stable for one outbox row: the Message-ID and the .eml file name, so a resend after a crash is recognisable. */
  id: string;
  to: string;
  subject: string;
  text: string;
}

export interface Delivery {
  messageId: string;
  /** Where the message went: the SMTP server's answer, or the .eml file written. */
  detail: string;
}

/**
 * Sends one message or throws. A thrown error with `permanent: true` means retrying cannot help
 * (the server refused the recipient or the message with a 5xx answer).
 */
export interface Mailer {
  readonly description: string;
  send(mail: OutgoingMail): Promise<Delivery>;
  close(): void;
}

export class PermanentMailError extends Error {
  readonly permanent = true;
}

/** SMTP when HOTLINE_SMTP_HOST is set; otherwise .eml files in the data folder's mail/. */
export function createMailer(config: MailConfig): Mailer {
  return config.smtp ? new SmtpMailer(config.smtp, config.from) : new EmlFileMailer(config.dropDir, config.from);
}

export class SmtpMailer implements Mailer {
  readonly description: string;
  private readonly transport;

  constructor(smtp: SmtpConfig, private readonly from: string) {
    // The password stays out of the description: it is what gets logged.
    this.description = `smtp://${smtp.host}:${smtp.port}${smtp.secure ? ' (TLS)' : ''}`;
    this.transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
      // Connections stay open between messages (no handshake, TLS and login per mail), one for each
      // mail the worker has in flight: a message beyond maxConnections would wait in nodemailer's
      // queue, unbounded and with no timeout running, while its claim does.
      pool: true,
      maxConnections: smtp.connections,
      // A message whose connection dropped is tried once more on a fresh one (a pooled connection the
      // server closed while idle); nodemailer's default of 5 such rounds, each bounded by the timeouts
      // below, could outlast the claim. Further attempts are the worker's, with backoff.
      maxRequeues: 1,
      // Bounded, so that a hung server cannot hold a message past the worker's claim (see outbox-worker.ts).
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    });
  }

  async send(mail: OutgoingMail): Promise<Delivery> {
    try {
      const info = await this.transport.sendMail(message(mail, this.from));
      return { messageId: info.messageId, detail: String(info.response ?? '') };
    } catch (error) {
      const code = (error as { responseCode?: unknown }).responseCode;
      if (typeof code === 'number' && code >= 500 && code < 600) {
        throw new PermanentMailError((error as Error).message);
      }
      throw error;
    }
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * Without an SMTP server, each message is written as an RFC 822 file (`<id>.eml`) that any mail
 * client opens. nodemailer's stream transport builds the message exactly as SMTP would send it.
 * The file appears whole or not at all (written aside, then renamed), and a resend overwrites it.
 */
export class EmlFileMailer implements Mailer {
  readonly description: string;
  private readonly transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

  constructor(private readonly dir: string, private readonly from: string) {
    this.description = `.eml files in ${dir}`;
  }

  async send(mail: OutgoingMail): Promise<Delivery> {
    const info = await this.transport.sendMail(message(mail, this.from));
    mkdirSync(this.dir, { recursive: true });
    const file = join(this.dir, `${mail.id.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`);
    writeFileSync(`${file}.tmp`, info.message as Buffer);
    renameSync(`${file}.tmp`, file);
    return { messageId: info.messageId, detail: file };
  }

  close(): void {
    this.transport.close();
  }
}

function message(mail: OutgoingMail, from: string) {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return {
    from, to: mail.to, subject: mail.subject, text: mail.text,
    messageId: `<${mail.id}@${domain}>`,
  };
}
