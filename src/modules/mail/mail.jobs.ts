import type { JobDefinitions } from '../../jobs/queue.js';

/** One email; `tag` names what it is for in logs and dead letters (e.g. `welcome`). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  tag: string;
  /** Extra header fields (e.g. List-Unsubscribe). */
  headers?: Record<string, string>;
}

declare module '../../jobs/queue.js' {
  interface JobPayloads {
    'mail.send': MailMessage;
  }
}

export const MAIL_JOBS = {
  // An SMTP server away for a while: eight tries, with exponential backoff between them.
  'mail.send': { queue: { retryLimit: 8, retryDelay: 5, retryBackoff: true } },
} as const satisfies JobDefinitions<'mail.send'>;
