/**
 * The body posted to ALERT_WEBHOOK_URL for an opened or resolved alert: what a Slack incoming webhook
 * accepts (`text` as the fallback and notification line, `blocks` for the message, one `attachments`
 * entry for the severity colour), and readable by any other JSON receiver. Pure.
 */

export interface AlertNotice {
  alertId: number;
  transition: 'opened' | 'resolved';
  kind: string;
  subject: string;
  severity: string;
  message: string;
  evidence: unknown;
  /** ISO time of the evaluation that opened or resolved it. */
  at: string;
}

const ICON: Record<string, string> = { critical: ':red_circle:', warning: ':large_orange_circle:', info: ':large_blue_circle:' };
const COLOR: Record<string, string> = { critical: '#d0021b', warning: '#f5a623', info: '#4a90e2' };
/** Slack's limits: header text 150 characters, section text 3000. */
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

const cut = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export function slackBody(n: AlertNotice): Record<string, unknown> {
  const resolved = n.transition === 'resolved';
  const icon = resolved ? ':white_check_mark:' : (ICON[n.severity] ?? ':warning:');
  const verb = resolved ? 'Resolved' : 'Opened';
  const text = `${icon} ${verb} [${n.severity}] ${n.kind} (${n.subject}): ${n.message}`;
  const evidence = cut('```' + JSON.stringify(n.evidence ?? null, null, 2) + '```', SECTION_MAX);
  return {
    text: cut(text, SECTION_MAX),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: cut(`${verb}: ${n.kind} (${n.severity})`, HEADER_MAX) } },
      { type: 'section', text: { type: 'mrkdwn', text: cut(n.message, SECTION_MAX) } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Subject*\n${cut(n.subject, 1900)}` },
          { type: 'mrkdwn', text: `*Severity*\n${n.severity}` },
          { type: 'mrkdwn', text: `*Alert*\n#${n.alertId}` },
          { type: 'mrkdwn', text: `*${verb} at*\n${n.at}` },
        ],
      },
      { type: 'section', text: { type: 'mrkdwn', text: evidence } },
    ],
    attachments: [{ color: resolved ? '#2eb886' : (COLOR[n.severity] ?? '#999999'), fallback: cut(text, SECTION_MAX) }],
  };
}
