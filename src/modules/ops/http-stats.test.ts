/**
 * The HTTP families as Prometheus exposes them, checked against the exposition written out by hand:
 * cumulative buckets with `le` first, `+Inf` equal to the count, `_sum` and `_count` per series.
 */
import { Registry, type Metric } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { HttpStats } from './http-stats.js';

describe('HttpStats', () => {
  it('counts requests per method, route and status class, and their durations per route and method', () => {
    const s = new HttpStats([0.01, 0.1, 1]);
    s.record('GET', '/a', '2xx', 0.005);
    s.record('GET', '/a', '2xx', 0.01);
    s.record('GET', '/a', '5xx', 0.5);
    s.record('GET', '/a', '2xx', 3);
    s.record('POST', '/a', '4xx', 0.05);
    expect(s.requestValues()).toEqual([
      { labels: { method: 'GET', route: '/a', status_class: '2xx' }, value: 3 },
      { labels: { method: 'GET', route: '/a', status_class: '5xx' }, value: 1 },
      { labels: { method: 'POST', route: '/a', status_class: '4xx' }, value: 1 },
    ]);
    const h = 'h';
    expect(s.durationValues(h)).toEqual([
      { labels: { le: 0.01, route: '/a', method: 'GET' }, value: 2, metricName: 'h_bucket' },
      { labels: { le: 0.1, route: '/a', method: 'GET' }, value: 2, metricName: 'h_bucket' },
      { labels: { le: 1, route: '/a', method: 'GET' }, value: 3, metricName: 'h_bucket' },
      { labels: { le: '+Inf', route: '/a', method: 'GET' }, value: 4, metricName: 'h_bucket' },
      { labels: { route: '/a', method: 'GET' }, value: 3.515, metricName: 'h_sum' },
      { labels: { route: '/a', method: 'GET' }, value: 4, metricName: 'h_count' },
      { labels: { le: 0.01, route: '/a', method: 'POST' }, value: 0, metricName: 'h_bucket' },
      { labels: { le: 0.1, route: '/a', method: 'POST' }, value: 1, metricName: 'h_bucket' },
      { labels: { le: 1, route: '/a', method: 'POST' }, value: 1, metricName: 'h_bucket' },
      { labels: { le: '+Inf', route: '/a', method: 'POST' }, value: 1, metricName: 'h_bucket' },
      { labels: { route: '/a', method: 'POST' }, value: 0.05, metricName: 'h_sum' },
      { labels: { route: '/a', method: 'POST' }, value: 1, metricName: 'h_count' },
    ]);
  });

  it('a prom-client registry formats the families like its own', async () => {
    const s = new HttpStats([0.01, 0.1]);
    s.record('GET', '/b', '2xx', 0.02);
    const registry = new Registry();
    for (const m of s.metrics({ requests: 'r_total', duration: 'd_seconds' }, { requests: 'Requests', duration: 'Durations' }))
      registry.registerMetric(m as unknown as Metric);
    expect(await registry.metrics()).toBe(
      [
        '# HELP r_total Requests',
        '# TYPE r_total counter',
        'r_total{method="GET",route="/b",status_class="2xx"} 1',
        '',
        '# HELP d_seconds Durations',
        '# TYPE d_seconds histogram',
        'd_seconds_bucket{le="0.01",route="/b",method="GET"} 0',
        'd_seconds_bucket{le="0.1",route="/b",method="GET"} 1',
        'd_seconds_bucket{le="+Inf",route="/b",method="GET"} 1',
        'd_seconds_sum{route="/b",method="GET"} 0.02',
        'd_seconds_count{route="/b",method="GET"} 1',
        '',
      ].join('\n'),
    );
  });
});
