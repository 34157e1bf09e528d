// Unit tests of the wallboard's pure logic (model.js), run by `node --test` in the Maven build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  valueAt, thresholdsFrom, levelOf, trendOf, remember, duration, alertsFromList, alertsAfterLoad, applyAlertEvent, sortedAlerts,
  troubled, parseFragment, isAdminToken, SseParser, backoff,
} from '../../main/resources/META-INF/resources/wallboard/model.js';

const RULES = [
  { id: 'queue-length-warning', kind: 'threshold', metric: 'queue.length', op: '>=', value: 10, severity: 'warning' },
  { id: 'queue-wait-warning', kind: 'threshold', metric: 'queue.longestWaitSeconds', op: '>=', value: 60, severity: 'warning' },
  { id: 'queue-wait-critical', kind: 'threshold', metric: 'queue.longestWaitSeconds', op: '>=', value: 180, severity: 'critical' },
  { id: 'staffing', kind: 'threshold', metric: 'agents.online', op: '<', value: 3, severity: 'critical' },
  { id: 'presales-only', kind: 'threshold', metric: 'queue.length', op: '>=', value: 1, severity: 'critical', scope: { skillGroup: 'presales' } },
  { id: 'off', kind: 'threshold', metric: 'queue.length', op: '>=', value: 2, severity: 'critical', enabled: false },
  { id: 'complaints', kind: 'burst', signal: 'riskHits', count: 3, window: '10m', severity: 'critical' },
];

test('levels follow the tenant-wide enabled threshold rules, critical over warning', () => {
  const th = thresholdsFrom(RULES);
  assert.deepEqual(Object.keys(th).sort(), ['agents.online', 'queue.length', 'queue.longestWaitSeconds']);
  assert.equal(levelOf('queue.length', 9, th), 'ok');
  assert.equal(levelOf('queue.length', 10, th), 'warning', 'scoped and disabled rules do not colour the tenant number');
  assert.equal(levelOf('queue.longestWaitSeconds', 59, th), 'ok');
  assert.equal(levelOf('queue.longestWaitSeconds', 60, th), 'warning');
  assert.equal(levelOf('queue.longestWaitSeconds', 180, th), 'critical');
  assert.equal(levelOf('agents.online', 2, th), 'critical');
  assert.equal(levelOf('agents.online', 3, th), 'ok');
  assert.equal(levelOf('response.firstResponseAvgSeconds', null, th), 'ok');
});

test('trend compares with the value a minute ago, or the oldest kept', () => {
  const o = n => ({ queue: { length: n } });
  let h = [];
  h = remember(h, o(5), 0);
  assert.equal(trendOf(h, 'queue.length'), 'flat');
  h = remember(h, o(7), 30_000);
  assert.equal(trendOf(h, 'queue.length'), 'up');
  h = remember(h, o(3), 70_000);
  assert.equal(trendOf(h, 'queue.length'), 'down', '3 now against 5 at 0 s (≥ 60 s old)');
  h = remember(h, o(7), 180_000);
  assert.equal(h.length, 2, 'older than two minutes is dropped');
  assert.equal(trendOf(h, 'queue.length'), 'up');
  assert.equal(valueAt({ a: { b: 0 } }, 'a.b'), 0);
  assert.equal(valueAt({}, 'a.b'), undefined);
});

test('durations read well in both languages', () => {
  assert.equal(duration(null, 'zh'), '—');
  assert.equal(duration(45, 'zh'), '45秒');
  assert.equal(duration(45, 'en'), '45s');
  assert.equal(duration(125, 'zh'), '2:05');
  assert.equal(duration(3729, 'en'), '1:02:09');
});

test('the alert strip: list, then firing / acknowledged / resolved events; critical and oldest first', () => {
  let map = alertsFromList({
    open: [
      { key: 'queue-length-warning', ruleId: 'queue-length-warning', severity: 'warning', phase: 'FIRING', startsAt: '2026-11-26T10:00:00Z', labels: {} },
      { key: 'pending-one', severity: 'warning', phase: 'PENDING', labels: {} },
    ],
    openRisk: [{ key: 'complaint-words|conversation=c1', severity: 'warning', conversationId: 'c1', matched: ['投诉'],
      startsAt: '2026-11-26T09:59:00Z', labels: { channel: 'h5', conversation: 'c1' } }],
  });
  assert.deepEqual([...map.keys()].sort(), ['complaint-words|conversation=c1', 'queue-length-warning']);
  map = applyAlertEvent(map, { key: 'queue-wait-critical', severity: 'critical', state: 'firing', startsAt: '2026-11-26T10:01:00Z',
    labels: { skillGroup: 'presales' } });
  assert.deepEqual(sortedAlerts(map).map(a => a.key),
    ['queue-wait-critical', 'complaint-words|conversation=c1', 'queue-length-warning']);
  map = applyAlertEvent(map, { key: 'queue-length-warning', severity: 'warning', state: 'acknowledged', labels: {} });
  assert.ok(map.get('queue-length-warning').acknowledgedBy);
  map = applyAlertEvent(map, { key: 'queue-length-warning', severity: 'warning', state: 'reminder', labels: {} });
  assert.ok(map.get('queue-length-warning').acknowledgedBy, 'a reminder keeps the acknowledgement');
  const hot = troubled(map);
  assert.deepEqual([...hot.channels], ['h5']);
  assert.deepEqual([...hot.groups], ['presales']);
  map = applyAlertEvent(map, { key: 'queue-wait-critical', state: 'resolved', labels: {} });
  assert.equal(map.has('queue-wait-critical'), false);
});

test('an alert list that was on its way while alerts fired and resolved keeps the newer events', () => {
  const answer = {
    open: [{ key: 'queue-length-warning', severity: 'warning', phase: 'FIRING', startsAt: '2026-11-26T10:00:00Z', labels: {} }],
    openRisk: [],
  };
  const map = alertsAfterLoad(answer, [
    { key: 'complaint-words|conversation=r1', severity: 'warning', state: 'firing', startsAt: '2026-11-26T10:00:05Z',
      matched: ['投诉'], labels: { conversation: 'r1' } },
    { key: 'queue-length-warning', state: 'resolved', labels: {} },
  ]);
  assert.deepEqual([...map.keys()], ['complaint-words|conversation=r1']);
  assert.deepEqual([...alertsAfterLoad(answer, []).keys()], ['queue-length-warning']);
});

test('fragment and token kinds', () => {
  assert.deepEqual(parseFragment('#tenant=acme&token=fwv_x&channel=h5'),
    { tenant: 'acme', token: 'fwv_x', lang: null, channel: 'h5', skillGroup: null, conversation: null });
  assert.equal(parseFragment('').tenant, null);
  assert.equal(isAdminToken('fwa_abc'), true);
  assert.equal(isAdminToken('fwv_abc'), false);
  assert.equal(isAdminToken(undefined), false);
});

test('SSE parser: chunks split anywhere, CRLF, comments, multi-line data, ids', () => {
  const p = new SseParser();
  assert.deepEqual(p.feed(': keep-alive\nevent: over'), []);
  assert.deepEqual(p.feed('view\r\nid: 1\r\ndata: {"a":'), []);
  assert.deepEqual(p.feed('1}\r\n\r\n'), [{ event: 'overview', data: '{"a":1}', id: '1' }]);
  assert.deepEqual(p.feed('data: x\ndata: y\n\nevent: alert\n\n'), [{ event: 'message', data: 'x\ny', id: null }],
    'an event without data is not dispatched');
  assert.deepEqual(p.feed('event: alert\ndata:{"k":2}\n\n'), [{ event: 'alert', data: '{"k":2}', id: null }]);
});

test('reconnect backoff doubles from 0.5 s and stops at 10 s', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 10].map(backoff), [500, 1000, 2000, 4000, 8000, 10000, 10000]);
});
