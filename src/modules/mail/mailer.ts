import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { MailMessage } from './mail.jobs.js';

export type { MailMessage };

export interface Mailer {
  send(msg: MailMessage): Promise<{ messageId: string; file?: string }>;
  close(): void;
}

/**
 * SMTP when `SMTP_URL` is set; otherwise each message is written as an .eml file under
 * `<DATA_DIR>/mail`, so a fresh install can show what it would have sent.
 */
export function createMailer(opts: { smtpUrl: string | undefined; from: string; dataDir: string }): Mailer {
  const envelope = (msg: MailMessage) => ({
    from: opts.from,
    to: msg.to,
    subject: msg.subject,
    text: msg.text,
    html: msg.html,
    headers: msg.headers,
  });
  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport(opts.smtpUrl);
    return {
      async send(msg) {
        const info = await transport.sendMail(envelope(msg));
        return { messageId: info.messageId };
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const dir = path.join(opts.dataDir, 'mail');
  return {
    async send(msg) {
      const info = await transport.sendMail(envelope(msg));
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${msg.tag}.eml`);
      await fs.writeFile(file, info.message as Buffer, { mode: 0o600 });
      return { messageId: info.messageId, file };
    },
    close: () => {},
  };
}
