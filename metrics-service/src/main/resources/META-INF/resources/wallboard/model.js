// Pure wallboard logic: no DOM, no network. Everything here is a function of its arguments,
// so the page's behaviour (levels, trends, alert bookkeeping, the SSE parser) is testable in isolation.

/** Reads a dotted path such as "queue.length" from an overview. */
export function valueAt(overview, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), overview);
}

const OPS = {
  '>': (a, b) => a > b, '>=': (a, b) => a >= b, '<': (a, b) => a < b, '<=': (a, b) => a <= b, '==': (a, b) => a === b,
};

/**
 * Tenant-wide threshold rules by metric: what colours a number amber or red is exactly what would
 * alert (ALERTS.md), so the board and the IM groups never disagree.
 */
export function thresholdsFrom(rules) {
  const byMetric = {};
  for (const r of rules || []) {
    if (r.kind !== 'threshold' || r.enabled === false || !OPS[r.op]) continue;
    if (r.scope && Object.keys(r.scope).length > 0) continue;
    (byMetric[r.metric] ||= []).push({ op: r.op, value: Number(r.value), severity: r.severity });
  }
  return byMetric;
}

/** 'critical', 'warning' or 'ok' for a value against the metric's rules. */
export function levelOf(metric, value, thresholds) {
  if (value == null || Number.isNaN(value)) return 'ok';
  let level = 'ok';
  for (const t of thresholds[metric] || []) {
    if (!OPS[t.op](value, t.value)) continue;
    if (t.severity === 'critical') return 'critical';
    level = 'warning';
  }
  return level;
}

/**
 * Direction of a number over the last minute: the newest value against the oldest one kept that
 * is at least `windowMs` old (or the oldest kept at all while the page is younger than that).
 */
export function trendOf(history, path, windowMs = 60_000) {
  if (history.length < 2) return 'flat';
  const last = history[history.length - 1];
  let base = history[0];
  for (const h of history) {
    if (last.t - h.t >= windowMs) base = h; else break;
  }
  const now = valueAt(last.overview, path);
  const then = valueAt(base.overview, path);
  if (now == null || then == null || now === then) return 'flat';
  return now > then ? 'up' : 'down';
}

/** Keeps the overviews of the last `keepMs` (for trend arrows), oldest first. */
export function remember(history, overview, t, keepMs = 120_000) {
  const kept = history.filter(h => t - h.t <= keepMs);
  kept.push({ t, overview });
  return kept;
}

/** "2:05", "1:02:09", "45s"-style waits; null for no value. */
export function duration(seconds, lang) {
  if (seconds == null) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return lang === 'en' ? `${s}s` : `${s}秒`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  if (h > 0) return `${h}:${String(m).padStart(2, '0')}:${sec}`;
  return `${m}:${sec}`;
}

/** One alert as the strip shows it, from alert-service's open list or from an alert event. */
export function stripAlert(a) {
  return {
    key: a.key, ruleId: a.ruleId, name: a.name, severity: a.severity,
    value: a.value, threshold: a.threshold, metric: a.metric, labels: a.labels || {},
    conversationId: a.conversationId || (a.labels || {}).conversation || null,
    matched: a.matched || [], runbook: a.runbook || '',
    since: a.startsAt || a.activeSince || a.at,
    acknowledgedBy: a.acknowledgedBy || null, silencedBy: a.silencedBy || null,
  };
}

/** The firing alerts of GET /alerts?state=firing: threshold/burst ones and per-conversation risk ones. */
export function alertsFromList(answer) {
  const map = new Map();
  for (const a of answer.open || []) if (a.phase === undefined || a.phase === 'FIRING') map.set(a.key, stripAlert(a));
  for (const a of answer.openRisk || []) map.set(a.key, stripAlert(a));
  return map;
}

/** Applies one alert event of the stream: firing/reminder/acknowledged keep it, resolved removes it. */
export function applyAlertEvent(map, event) {
  const next = new Map(map);
  if (event.state === 'resolved') {
    next.delete(event.key);
    return next;
  }
  const prev = next.get(event.key);
  const alert = stripAlert(event);
  if (event.state === 'acknowledged') alert.acknowledgedBy = event.acknowledgedBy || event.by || (prev && prev.acknowledgedBy) || '✓';
  else if (prev && prev.acknowledgedBy) alert.acknowledgedBy = prev.acknowledgedBy;
  next.set(event.key, alert);
  return next;
}

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 };

/**
 * The alert list as read, with the stream's alert events that arrived while it was on its way
 * applied on top: they are newer than the list, which would otherwise drop an alert that fired
 * meanwhile (or bring back one that resolved).
 */
export function alertsAfterLoad(answer, eventsMeanwhile) {
  return eventsMeanwhile.reduce(applyAlertEvent, alertsFromList(answer));
}

/** Critical first, then the oldest first: the longest-burning fire on top. */
export function sortedAlerts(map) {
  return [...map.values()].sort((a, b) =>
    (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3) || String(a.since).localeCompare(String(b.since)));
}

/** Channels and skill groups named by a firing alert's labels: their rows stand out. */
export function troubled(map) {
  const channels = new Set();
  const groups = new Set();
  for (const a of map.values()) {
    if (a.labels.channel) channels.add(a.labels.channel);
    if (a.labels.skillGroup) groups.add(a.labels.skillGroup);
  }
  return { channels, groups };
}

/** Reads `#tenant=…&token=…&lang=…` (the fragment never reaches a server or its logs). */
export function parseFragment(hash) {
  const params = new URLSearchParams((hash || '').replace(/^#/, ''));
  return {
    tenant: params.get('tenant'), token: params.get('token'), lang: params.get('lang'),
    // Notification links (NOTIFY.md) point at the alert's scope: filter and focus on it.
    channel: params.get('channel'), skillGroup: params.get('skillGroup'), conversation: params.get('conversation'),
  };
}

/** Whether a token is an admin token by its prefix (the server decides; this only picks the UI). */
export function isAdminToken(token) {
  return typeof token === 'string' && token.startsWith('fwa_');
}

/**
 * Incremental text/event-stream parser (the WHATWG rules the page needs: event, data, id, comments,
 * CRLF or LF lines). Fed chunks as they arrive; returns the complete events.
 */
export class SseParser {
  constructor() {
    this.buffer = '';
    this.reset();
  }

  reset() {
    this.event = '';
    this.data = [];
    this.id = null;
  }

  feed(chunk) {
    this.buffer += chunk;
    const events = [];
    let nl;
    while ((nl = this.buffer.search(/\r\n|\n|\r/)) >= 0) {
      const line = this.buffer.slice(0, nl);
      const sep = this.buffer.startsWith('\r\n', nl) ? 2 : 1;
      this.buffer = this.buffer.slice(nl + sep);
      if (line === '') {
        if (this.data.length > 0) events.push({ event: this.event || 'message', data: this.data.join('\n'), id: this.id });
        this.reset();
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
      else if (field === 'id') this.id = value;
    }
    return events;
  }
}

/** Reconnect delays: 0.5 s, 1 s, 2 s … capped at 10 s, so a restarted service is back within seconds. */
export function backoff(attempt) {
  return Math.min(10_000, 500 * 2 ** Math.max(0, attempt));
}
