import { describe, expect, it } from 'vitest';
import { slackBody, type AlertNotice } from './slack.js';

const notice: AlertNotice = {
  alertId: 42,
  transition: 'opened',
  kind: 'alert.error_rate',
  subject: 'system',
  severity: 'critical',
  message: '6 % of requests answered 5xx on all routes in the last 5 min (6 of 100)',
  evidence: { requests: 100, errors: 6 },
  at: '2026-12-01T12:00:00.000Z',
};

describe('slackBody', () => {
  it('an opened alert: text, blocks and a coloured attachment, as a Slack incoming webhook takes them', () => {
    expect(slackBody(notice)).toEqual({
      text: ':red_circle: Opened [critical] alert.error_rate (system): 6 % of requests answered 5xx on all routes in the last 5 min (6 of 100)',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Opened: alert.error_rate (critical)' } },
        { type: 'section', text: { type: 'mrkdwn', text: '6 % of requests answered 5xx on all routes in the last 5 min (6 of 100)' } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Subject*\nsystem' },
            { type: 'mrkdwn', text: '*Severity*\ncritical' },
            { type: 'mrkdwn', text: '*Alert*\n#42' },
            { type: 'mrkdwn', text: '*Opened at*\n2026-12-01T12:00:00.000Z' },
          ],
        },
        { type: 'section', text: { type: 'mrkdwn', text: '```{\n  "requests": 100,\n  "errors": 6\n}```' } },
      ],
      attachments: [
        {
          color: '#d0021b',
          fallback:
            ':red_circle: Opened [critical] alert.error_rate (system): 6 % of requests answered 5xx on all routes in the last 5 min (6 of 100)',
        },
      ],
    });
  });

  it('a resolved alert is green whatever its severity; warning and info have their own colour and icon', () => {
    const resolved = slackBody({ ...notice, transition: 'resolved' });
    expect(resolved.text).toBe(
      ':white_check_mark: Resolved [critical] alert.error_rate (system): 6 % of requests answered 5xx on all routes in the last 5 min (6 of 100)',
    );
    expect(resolved.attachments).toEqual([{ color: '#2eb886', fallback: resolved.text }]);
    expect((resolved.blocks as any[])[2].fields[3]).toEqual({ type: 'mrkdwn', text: '*Resolved at*\n2026-12-01T12:00:00.000Z' });
    expect(slackBody({ ...notice, severity: 'warning' }).attachments).toEqual([
      { color: '#f5a623', fallback: expect.stringMatching(/^:large_orange_circle: /) },
    ]);
    expect(slackBody({ ...notice, severity: 'info' }).attachments).toEqual([
      { color: '#4a90e2', fallback: expect.stringMatching(/^:large_blue_circle: /) },
    ]);
  });

  it("keeps within Slack's limits: header 150 characters, section 3000", () => {
    const long = slackBody({ ...notice, kind: 'k'.repeat(200), message: 'm'.repeat(5000), evidence: { x: 'e'.repeat(5000) } });
    const blocks = long.blocks as any[];
    expect(blocks[0].text.text).toHaveLength(150);
    expect(blocks[0].text.text.endsWith('…')).toBe(true);
    expect(blocks[1].text.text).toHaveLength(3000);
    expect(blocks[3].text.text).toHaveLength(3000);
    expect(long.text).toHaveLength(3000);
  });
});
