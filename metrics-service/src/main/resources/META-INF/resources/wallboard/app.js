// The wallboard: DOM and network. Pure logic lives in model.js, texts in i18n.js.
// Live data comes from the SSE stream (fetch + a stream reader, so the token travels in the
// Authorization header and never in a URL); lists and trends are re-read when the stream says
// something changed, never on a timer of their own.
import {
  valueAt, thresholdsFrom, levelOf, trendOf, remember, duration, alertsAfterLoad, applyAlertEvent, sortedAlerts,
  troubled, parseFragment, isAdminToken, SseParser, backoff,
} from './model.js';
import { translator, channelName } from './i18n.js';

const $ = sel => document.querySelector(sel);
const esc = v => String(v ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const sleep = ms => new Promise(r => setTimeout(r, ms));
const STALE_MS = 5_000;
const SILENT_AGENT_SECONDS = 60;

// The numbers of the top row; the first four are the floor's core numbers, shown largest.
const KPIS = [
  { metric: 'traffic.onlineVisitors', core: true, sub: o => t('kpi.sub.visitors', { n: o.traffic.startedLast60m }) },
  { metric: 'queue.length', core: true, worseUp: true, filter: { state: 'queued' },
    sub: o => t('kpi.sub.queue', { hv: o.queue.highValueWaiting, ab: o.queue.abandonedLast60m }) },
  { metric: 'traffic.openConversations', core: true, filter: {}, sub: o => t('kpi.sub.open', { n: o.response.silentAgents }) },
  { metric: 'agents.online', core: true, worseUp: false,
    sub: o => t('kpi.sub.agents', { busy: o.agents.busy, idle: o.agents.idle, load: (o.agents.load || 0).toFixed(1) }) },
  { metric: 'queue.longestWaitSeconds', worseUp: true, time: true, filter: { state: 'queued' } },
  { metric: 'queue.slaBreaches', worseUp: true, filter: { state: 'queued' } },
  { metric: 'response.firstResponseAvgSeconds', worseUp: true, time: true },
  { metric: 'response.unanswered', worseUp: true, filter: { state: 'assigned' } },
  { metric: 'quality.riskConversations', worseUp: true, filter: { risk: 'true' } },
  { metric: 'quality.negativeRatingsLast60m', worseUp: true },
];

const state = {
  tenant: null, token: null, adminToken: null, adminName: null,
  lang: 'zh', config: { alertUrl: '', notifierUrl: '' },
  overview: null, receivedAt: 0, history: [], thresholds: {}, alerts: new Map(), alertLoads: new Set(),
  filter: {}, sort: 'wait', minutes: 30, trendMinute: null, trendsAt: 0, side: 'notifications',
  notifications: [], snapshots: [], conversations: [], agents: [], conn: 'connecting', stream: null, stopped: false,
  listsBusy: false, listsAgain: false, listsAt: 0,
};
let t = translator('zh');
const charts = {};

// ------------------------------------------------------------------ network

async function api(base, path, { method = 'GET', body, admin = false } = {}) {
  const token = admin ? state.adminToken : state.token;
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${base}/v1/tenants/${encodeURIComponent(state.tenant)}${path}`,
    { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const error = new Error((json && (json.detail || json.title)) || `HTTP ${res.status}`);
    error.status = res.status;
    throw error;
  }
  return json;
}

const metricsApi = (path, opts) => api('', path, opts);
const alertApi = (path, opts) => api(state.config.alertUrl, path, opts);
const notifierApi = (path, opts) => api(state.config.notifierUrl, path, opts);

/** The stream, reconnecting with backoff; a watchdog aborts a connection silent for 5 s. */
async function runStream() {
  let attempt = 0;
  while (!state.stopped) {
    const ctrl = new AbortController();
    state.stream = ctrl;
    let watchdog;
    const arm = () => { clearTimeout(watchdog); watchdog = setTimeout(() => ctrl.abort(), STALE_MS); };
    try {
      arm();
      const res = await fetch(`/v1/tenants/${encodeURIComponent(state.tenant)}/stream`, {
        headers: { Authorization: `Bearer ${state.token}`, Accept: 'text/event-stream' }, signal: ctrl.signal, cache: 'no-store',
      });
      if (res.status === 401 || res.status === 403 || res.status === 404) {
        clearTimeout(watchdog);
        setConn('unauthorized');
        signOut(t('conn.unauthorized'));
        return;
      }
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      const parser = new SseParser();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let first = true;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        arm();
        for (const event of parser.feed(value)) {
          attempt = 0;
          if (first) { first = false; onConnected(); }
          try {
            onEvent(event);
          } catch (e) {
            // A rendering bug must show as one, not as a lost connection that reconnects forever.
            console.error('wallboard: rendering', event.event, e);
          }
        }
      }
    } catch (e) {
      // aborted by the watchdog or sign-out, or the network went away: reconnect below
    }
    clearTimeout(watchdog);
    if (state.stopped) return;
    setConn('reconnecting');
    await sleep(backoff(attempt++));
  }
}

/** After every (re)connection: what may have been missed while away is read again. */
function onConnected() {
  loadAlerts();
  loadRules();
  loadTrends();
  loadSide();
}

function onEvent(event) {
  let data;
  try { data = JSON.parse(event.data); } catch (e) { return; }
  if (event.event === 'overview') {
    state.overview = data;
    state.receivedAt = Date.now();
    state.history = remember(state.history, data, state.receivedAt);
    setConn('live');
    renderOverview();
    // Trends are per minute: read again when the minute turns, and every 15 s for late-counted events.
    const minute = String(data.at).slice(0, 16);
    if (state.trendMinute !== minute || Date.now() - state.trendsAt > 15_000) loadTrends();
    refreshLists();
  } else if (event.event === 'alert') {
    state.alertLoads.forEach(meanwhile => meanwhile.push(data));
    state.alerts = applyAlertEvent(state.alerts, data);
    renderAlerts();
    renderTables();
  } else if (event.event === 'notification') {
    state.notifications = [data, ...state.notifications].slice(0, 50);
    if (state.side === 'notifications') renderSide();
  }
}

async function loadRules() {
  try {
    state.thresholds = thresholdsFrom((await alertApi('/rules')).rules);
    renderOverview();
  } catch (e) { console.warn('rules', e.message); }
}

async function loadAlerts() {
  const meanwhile = [];
  state.alertLoads.add(meanwhile);
  try {
    const answer = await alertApi('/alerts?state=firing&since=' + new Date(Date.now() - 60_000).toISOString());
    state.alerts = alertsAfterLoad(answer, meanwhile);
    renderAlerts();
    renderTables();
  } catch (e) { console.warn('alerts', e.message); }
  finally { state.alertLoads.delete(meanwhile); }
}

async function loadTrends() {
  if (state.overview) state.trendMinute = String(state.overview.at).slice(0, 16);
  state.trendsAt = Date.now();
  try {
    renderCharts((await metricsApi(`/trends?minutes=${state.minutes}`)).points);
  } catch (e) { console.warn('trends', e.message); }
}

async function loadSide() {
  try {
    if (state.side === 'notifications') state.notifications = (await notifierApi('/notifications')).notifications;
    else state.snapshots = (await metricsApi('/snapshots')).snapshots;
  } catch (e) { console.warn(state.side, e.message); }
  renderSide();
}

/** Conversations and agents, at most one read in flight and one a second, whatever the stream's pace. */
async function refreshLists() {
  if (state.listsBusy) { state.listsAgain = true; return; }
  state.listsBusy = true;
  try {
    const wait = 1000 - (Date.now() - state.listsAt);
    if (wait > 0) await sleep(wait);
    state.listsAt = Date.now();
    const q = new URLSearchParams({ ...state.filter, sort: state.sort, limit: '100' });
    const [conversations, agents] = await Promise.all([metricsApi(`/conversations?${q}`), metricsApi('/agents')]);
    state.conversations = conversations.conversations;
    state.agents = agents.agents;
    renderConversations();
    renderAgents();
  } catch (e) {
    console.warn('lists', e.message);
  } finally {
    state.listsBusy = false;
    if (state.listsAgain) { state.listsAgain = false; refreshLists(); }
  }
}

// ------------------------------------------------------------------ rendering

function setConn(conn) {
  state.conn = conn;
  renderConn();
}

function renderConn() {
  const stale = state.conn === 'live' && Date.now() - state.receivedAt > STALE_MS;
  const shown = stale ? 'stale' : state.conn;
  const el = $('#conn');
  el.dataset.state = shown;
  el.textContent = t(`conn.${shown}`);
  document.body.classList.toggle('stale', shown !== 'live');
  const age = $('#age');
  if (!state.overview) { age.textContent = t('age.none'); return; }
  const at = new Date(state.overview.at);
  age.textContent = t('age', { time: at.toLocaleTimeString(state.lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false }),
    age: duration((Date.now() - at.getTime()) / 1000, state.lang) });
}

function renderStaticTexts() {
  document.documentElement.lang = state.lang === 'en' ? 'en' : 'zh-CN';
  document.title = `Floorwatch · ${t('title')}`;
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  $('#lang').textContent = t('lang.switch');
  $('#admin').textContent = state.adminToken && !isAdminToken(state.token) ? t('admin.off') : t('admin.button');
  $('#admin').hidden = isAdminToken(state.token);
  $('#conv-sort').textContent = t(state.sort === 'wait' ? 'conv.sort.started' : 'conv.sort.wait');
  for (const b of document.querySelectorAll('#trends [data-minutes]')) b.classList.toggle('on', Number(b.dataset.minutes) === state.minutes);
  for (const b of document.querySelectorAll('#side .tab')) b.classList.toggle('on', b.dataset.tab === state.side);
}

function format(kpi, value) {
  if (value == null) return t('none');
  if (kpi.time) return duration(value, state.lang);
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function renderOverview() {
  const o = state.overview;
  if (!o) return;
  $('#kpis').innerHTML = KPIS.map(kpi => {
    const value = valueAt(o, kpi.metric);
    const level = levelOf(kpi.metric, value, state.thresholds);
    const dir = trendOf(state.history, kpi.metric);
    const tone = dir === 'flat' || kpi.worseUp === undefined ? 'neutral' : (dir === 'up') === kpi.worseUp ? 'bad' : 'good';
    const arrow = { up: '▲', down: '▼', flat: '▬' }[dir];
    return `<div class="kpi level-${level}${kpi.core ? ' core' : ''}${kpi.filter ? ' clickable' : ''}" data-kpi="${kpi.metric}">
      <div class="label">${esc(t(`kpi.${kpi.metric}`))}</div>
      <div class="value">${esc(format(kpi, value))}<span class="trend ${tone}" data-trend="${dir}">${arrow}</span></div>
      <div class="sub">${kpi.sub ? esc(kpi.sub(o)) : ''}</div></div>`;
  }).join('');
  renderTables();
  renderConn();
}

function renderTables() {
  const o = state.overview;
  if (!o) return;
  const hot = troubled(state.alerts);
  $('#channels table').innerHTML = `<tr><th>${t('col.channel')}</th><th>${t('col.visitors')}</th><th>${t('col.open')}</th>
    <th>${t('col.queued')}</th><th>${t('col.sla')}</th></tr>` + o.channels.map(c => {
    const trouble = hot.channels.has(c.channel) || c.slaBreaches > 0;
    return `<tr class="${trouble ? 'trouble' : ''} clickable" data-channel="${esc(c.channel)}"><td>${esc(channelName(state.lang, c.channel))}</td>
      <td>${c.onlineVisitors}</td><td>${c.openConversations}</td><td>${c.queued}</td><td class="${c.slaBreaches > 0 ? 'bad' : ''}">${c.slaBreaches}</td></tr>`;
  }).join('');
  $('#groups table').innerHTML = `<tr><th>${t('col.group')}</th><th>${t('col.agents')}</th><th>${t('col.open')}</th>
    <th>${t('col.queued')}</th><th>${t('col.wait')}</th><th>${t('col.frt')}</th></tr>` + o.skillGroups.map(g => {
    const trouble = hot.groups.has(g.skillGroup) || (g.queued > 0 && g.onlineAgents === 0);
    return `<tr class="${trouble ? 'trouble' : ''} clickable" data-group="${esc(g.skillGroup)}"><td>${esc(g.skillGroup)}</td>
      <td>${g.onlineAgents}</td><td>${g.openConversations}</td><td>${g.queued}</td>
      <td>${duration(g.longestWaitSeconds || null, state.lang)}</td><td>${duration(g.firstResponseAvgSeconds, state.lang)}</td></tr>`;
  }).join('');
}

function labelsText(labels) {
  return Object.entries(labels).filter(([k]) => k !== 'conversation')
    .map(([k, v]) => (k === 'channel' ? channelName(state.lang, v) : v)).join(' · ');
}

function renderAlerts() {
  const list = sortedAlerts(state.alerts);
  const admin = Boolean(state.adminToken);
  $('#alerts').classList.toggle('quiet', list.length === 0);
  $('#alert-list').innerHTML = list.length === 0 ? `<div class="none">${t('alerts.none')}</div>` : list.map(a => {
    const since = new Date(a.since);
    const detail = a.matched.length > 0 ? t('alerts.words', { words: a.matched.join('、') })
      : a.threshold != null ? t('alerts.value', { value: a.value, threshold: a.threshold }) : '';
    return `<div class="alert sev-${esc(a.severity)}${a.acknowledgedBy ? ' acked' : ''}" data-key="${esc(a.key)}">
      <div class="head"><span class="sev">${esc(t(`sev.${a.severity}`))}</span><b class="name">${esc(a.name)}</b>
        <span class="labels">${esc(labelsText(a.labels))}${a.conversationId ? ` · #${esc(a.conversationId)}` : ''}</span></div>
      <div class="detail">${esc(detail)} · ${esc(t('alerts.since', { time: since.toLocaleTimeString(state.lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false }) }))}
        (<span class="burning" data-since="${esc(a.since)}">${duration((Date.now() - since.getTime()) / 1000, state.lang)}</span>)</div>
      ${a.runbook ? `<div class="runbook">${esc(a.runbook)}</div>` : ''}
      <div class="ops">${a.acknowledgedBy ? `<span class="ack-state">${esc(t('alerts.acked'))}</span>` : ''}
        ${a.silencedBy ? `<span class="ack-state">${esc(t('alerts.silenced'))}</span>` : ''}
        ${admin && !a.acknowledgedBy ? `<button class="ack">${esc(t('alerts.ack'))}</button>` : ''}
        ${admin ? `<button class="silence">${esc(t('alerts.silence'))}</button>` : ''}</div></div>`;
  }).join('');
}

function renderConversations() {
  const hot = new Set([...state.alerts.values()].map(a => a.conversationId).filter(Boolean));
  $('#conv-filters').innerHTML = Object.entries(state.filter).map(([k, v]) =>
    `<span class="chip" data-filter="${esc(k)}">${esc(k === 'channel' ? channelName(state.lang, v) : k === 'risk' ? t('conv.risk') : k === 'state' ? t(`state.${v}`) : v)} ×</span>`).join('');
  // Risk conversations first (then the API's order): the ones a lead must look at now.
  const rows = [...state.conversations].sort((a, b) => Number(b.risk) - Number(a.risk));
  $('#conversations table').innerHTML = `<tr><th>${t('conv.id')}</th><th>${t('conv.state')}</th><th>${t('conv.channel')}</th>
    <th>${t('conv.group')}</th><th>${t('conv.agent')}</th><th>${t('conv.tier')}</th><th>${t('conv.wait')}</th>
    <th>${t('conv.turns')}</th><th>${t('conv.risk')}</th></tr>` + (rows.length === 0
    ? `<tr><td colspan="9" class="none">${t('conv.none')}</td></tr>`
    : rows.map(c => {
      const waiting = c.waitSeconds ?? c.unansweredSeconds;
      const cls = [c.risk ? 'risk' : '', hot.has(c.conversationId) ? 'alerting' : '', c.valueTier === 'vip' || c.valueTier === 'high' ? 'valuable' : '',
        c.conversationId === state.focus ? 'focus' : ''];
      return `<tr class="${cls.join(' ')}" data-id="${esc(c.conversationId)}"><td>${esc(c.conversationId)}</td>
        <td>${esc(c.state ? t(`state.${c.state}`) : '—')}</td>
        <td class="clickable" data-channel="${esc(c.channel)}">${esc(channelName(state.lang, c.channel))}</td>
        <td class="clickable" data-group="${esc(c.skillGroup ?? '')}">${esc(c.skillGroup ?? '—')}</td>
        <td>${esc(c.agentId ?? '—')}</td><td>${esc(c.valueTier ? t(`tier.${c.valueTier}`) : '—')}</td>
        <td class="${waiting >= 60 ? 'bad' : ''}">${duration(waiting, state.lang)}</td><td>${c.turns}</td>
        <td class="matched">${c.matched.map(w => `<mark>${esc(w)}</mark>`).join('')}</td></tr>`;
    }).join(''));
}

function renderAgents() {
  const silent = a => a.status !== 'offline' && a.status !== 'away' && (a.oldestUnansweredSeconds ?? 0) >= SILENT_AGENT_SECONDS;
  const rows = [...state.agents].sort((a, b) => silent(b) - silent(a)
    || (b.openConversations / (b.maxConcurrency || 1)) - (a.openConversations / (a.maxConcurrency || 1)));
  $('#agents table').innerHTML = `<tr><th>${t('conv.agent')}</th><th>${t('conv.state')}</th><th>${t('agent.load')}</th>
    <th>${t('agent.oldest')}</th><th>${t('col.frt')}</th></tr>` + (rows.length === 0
    ? `<tr><td colspan="5" class="none">${t('agents.none')}</td></tr>`
    : rows.map(a => {
      const load = Math.min(1, a.openConversations / (a.maxConcurrency || 1));
      return `<tr class="${silent(a) ? 'silent' : ''}" data-agent="${esc(a.agentId)}"><td>${esc(a.agentId)}
          ${silent(a) ? `<small>${esc(t('agent.silent'))}</small>` : ''}</td>
        <td><span class="dot status-${esc(a.status)}"></span>${esc(t(`status.${a.status}`))}</td>
        <td><span class="bar${a.saturated ? ' full' : ''}"><i style="width:${Math.round(load * 100)}%"></i></span> ${a.openConversations}/${a.maxConcurrency}</td>
        <td class="${silent(a) ? 'bad' : ''}">${duration(a.oldestUnansweredSeconds, state.lang)}</td>
        <td>${duration(a.firstResponseAvgSeconds, state.lang)}</td></tr>`;
    }).join(''));
}

/** In-app notifications carry the IM groups' Markdown: shown as plain lines here. */
function plain(markdown) {
  return String(markdown ?? '').replace(/^#+\s*/gm, '').replace(/\*\*/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}

function renderSide() {
  renderStaticTexts();
  const fmt = at => new Date(at).toLocaleString(state.lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
  if (state.side === 'notifications') {
    $('#side-list').innerHTML = state.notifications.length === 0 ? `<li class="none">${t('notifications.none')}</li>`
      : state.notifications.map(n => `<li class="note tone-${esc(n.tone)}"><b>${esc(n.title)}</b><time>${esc(fmt(n.at))}</time>
          <p>${esc(plain(n.text))}</p></li>`).join('');
  } else {
    $('#side-list').innerHTML = state.snapshots.length === 0 ? `<li class="none">${t('snapshots.none')}</li>`
      : state.snapshots.map(s => `<li class="snapshot" data-snapshot="${esc(s.id)}"><b>${esc(s.label || fmt(s.at))}</b>
          <time>${esc(fmt(s.at))}</time> <small>${esc(t(s.savedBy === 'alert' ? 'snapshot.by.alert' : 'snapshot.by.user'))}</small></li>`).join('');
  }
}

function renderCharts(points) {
  const labels = points.map(p => new Date(p.minute).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false }));
  const base = {
    backgroundColor: 'transparent', animation: false, grid: { left: 40, right: 40, top: 28, bottom: 20 },
    tooltip: { trigger: 'axis' }, legend: { top: 0, right: 0, textStyle: { color: '#9fb0c8' } },
    xAxis: { type: 'category', data: labels, axisLabel: { color: '#7f8ea6' } },
  };
  const title = key => ({ text: t(key), left: 0, top: 0, textStyle: { color: '#c8d3e6', fontSize: 13, fontWeight: 500 } });
  const axis = { type: 'value', splitLine: { lineStyle: { color: '#1f2a3d' } }, axisLabel: { color: '#7f8ea6' }, minInterval: 1 };
  charts.queue.setOption({ ...base, title: title('chart.queue'),
    yAxis: [axis, { ...axis, splitLine: { show: false } }],
    series: [
      { name: t('series.queue'), type: 'line', data: points.map(p => p.queueLength), connectNulls: true, areaStyle: { opacity: 0.15 }, color: '#f5a524' },
      { name: t('series.wait'), type: 'line', yAxisIndex: 1, data: points.map(p => p.longestWaitSeconds), connectNulls: true, color: '#ef4444' }] }, true);
  charts.frt.setOption({ ...base, title: title('chart.frt'), legend: { show: false }, yAxis: axis,
    series: [{ name: t('series.frt'), type: 'line', data: points.map(p => p.firstResponseAvgSeconds), connectNulls: true, color: '#38bdf8' }] }, true);
  charts.started.setOption({ ...base, title: title('chart.started'), legend: { show: false }, yAxis: axis,
    series: [{ name: t('series.started'), type: 'bar', data: points.map(p => p.started), color: '#22c55e' }] }, true);
  $('#trends').dataset.points = String(points.length);
  $('#trends').dataset.started = String(points.reduce((sum, p) => sum + p.started, 0));
}

function toast(text, kind = 'ok') {
  const el = $('#toast');
  el.textContent = text;
  el.className = kind;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 6000);
}

function failure(e) {
  toast(e.status === 401 || e.status === 403 ? t('error.forbidden', { status: e.status }) : t('error.failed', { detail: e.message }), 'error');
}

// ------------------------------------------------------------------ actions

async function acknowledge(key) {
  try {
    await alertApi(`/alerts/${encodeURIComponent(key)}/ack`, { method: 'POST', admin: true,
      body: { by: state.adminName || 'wallboard', note: t('alerts.acked') } });
    const alert = state.alerts.get(key);
    if (alert) alert.acknowledgedBy = state.adminName || 'wallboard';
    renderAlerts();
    toast(t('ok.acked'));
  } catch (e) { failure(e); }
}

async function silence(key) {
  const alert = state.alerts.get(key);
  if (!alert) return;
  const matchers = { ruleId: alert.ruleId };
  if (alert.labels.channel) matchers.channel = alert.labels.channel;
  if (alert.labels.skillGroup) matchers.skillGroup = alert.labels.skillGroup;
  try {
    await alertApi('/silences', { method: 'POST', admin: true, body: { matchers,
      endsAt: new Date(Date.now() + 30 * 60_000).toISOString(), createdBy: state.adminName || 'wallboard', comment: 'wallboard' } });
    alert.silencedBy = 'wallboard';
    renderAlerts();
    toast(t('ok.silenced'));
  } catch (e) { failure(e); }
}

async function saveSnapshot() {
  try {
    await metricsApi('/snapshots', { method: 'POST', admin: true, body: { label: t('snapshot.saved') } });
    toast(t('snapshot.saved'));
    state.side = 'snapshots';
    loadSide();
  } catch (e) { failure(e); }
}

function setFilter(key, value) {
  state.filter = { ...state.filter, [key]: value };
  refreshLists();
}

function applyAdmin(token, name) {
  state.adminToken = token;
  state.adminName = name || null;
  if (token) sessionStorage.setItem('fw.admin', JSON.stringify({ token, name })); else sessionStorage.removeItem('fw.admin');
  document.body.classList.toggle('admin', Boolean(token));
  renderStaticTexts();
  renderAlerts();
}

function wire() {
  $('#lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('fw.lang', state.lang);
    t = translator(state.lang);
    renderStaticTexts(); renderOverview(); renderAlerts(); renderConversations(); renderAgents(); renderSide(); loadTrends();
  });
  $('#logout').addEventListener('click', () => signOut(null));
  $('#admin').addEventListener('click', () => {
    if (state.adminToken) { applyAdmin(null); return; }
    $('#admin-dialog').showModal();
  });
  $('#admin-form').addEventListener('submit', e => {
    if (e.submitter && e.submitter.value === 'ok') applyAdmin($('#admin-token').value.trim(), $('#admin-name').value.trim());
    $('#admin-token').value = '';
  });
  $('#save-snapshot').addEventListener('click', saveSnapshot);
  $('#alert-list').addEventListener('click', e => {
    const key = e.target.closest('.alert')?.dataset.key;
    if (e.target.classList.contains('ack')) acknowledge(key);
    if (e.target.classList.contains('silence')) silence(key);
  });
  $('#kpis').addEventListener('click', e => {
    const metric = e.target.closest('.kpi')?.dataset.kpi;
    const kpi = KPIS.find(k => k.metric === metric);
    if (kpi && kpi.filter) { state.filter = { ...kpi.filter }; refreshLists(); }
  });
  for (const sel of ['#channels', '#groups', '#conversations']) {
    $(sel).addEventListener('click', e => {
      const chip = e.target.closest('.chip');
      if (chip) { const f = { ...state.filter }; delete f[chip.dataset.filter]; state.filter = f; refreshLists(); return; }
      const cell = e.target.closest('[data-channel],[data-group]');
      if (!cell) return;
      if (cell.dataset.channel) setFilter('channel', cell.dataset.channel);
      else if (cell.dataset.group) setFilter('skillGroup', cell.dataset.group);
    });
  }
  $('#conv-sort').addEventListener('click', () => {
    state.sort = state.sort === 'wait' ? 'started' : 'wait';
    renderStaticTexts();
    refreshLists();
  });
  for (const b of document.querySelectorAll('#trends [data-minutes]')) {
    b.addEventListener('click', () => { state.minutes = Number(b.dataset.minutes); renderStaticTexts(); loadTrends(); });
  }
  for (const b of document.querySelectorAll('#side .tab')) {
    b.addEventListener('click', () => { state.side = b.dataset.tab; loadSide(); });
  }
  $('#side-list').addEventListener('click', async e => {
    const id = e.target.closest('[data-snapshot]')?.dataset.snapshot;
    if (!id) return;
    try {
      const s = await metricsApi(`/snapshots/${encodeURIComponent(id)}`);
      const o = s.overview;
      toast(`${s.at} · ${t('kpi.queue.length')} ${o.queue.length} · ${t('kpi.queue.longestWaitSeconds')} ${duration(o.queue.longestWaitSeconds, state.lang)}`
        + ` · ${t('kpi.agents.online')} ${o.agents.online} · ${t('kpi.quality.riskConversations')} ${o.quality.riskConversations}`);
    } catch (err) { failure(err); }
  });
  // A notification link opened in this tab (a new fragment): start again from it.
  window.addEventListener('hashchange', () => location.reload());
  $('#login-form').addEventListener('submit', e => {
    e.preventDefault();
    signIn($('#login-tenant').value.trim(), $('#login-token').value.trim());
  });
  // The age of the data and of each alert move on even when nothing new arrives.
  setInterval(() => {
    renderConn();
    for (const el of document.querySelectorAll('.burning')) el.textContent = duration((Date.now() - new Date(el.dataset.since)) / 1000, state.lang);
  }, 1000);
}

// ------------------------------------------------------------------ session

function signIn(tenant, token) {
  sessionStorage.setItem('fw.session', JSON.stringify({ tenant, token }));
  start(tenant, token);
  if (state.pendingFilter) { state.filter = state.pendingFilter; state.pendingFilter = null; }
}

function signOut(message) {
  state.stopped = true;
  if (state.stream) state.stream.abort();
  sessionStorage.removeItem('fw.session');
  sessionStorage.removeItem('fw.admin');
  $('#board').hidden = true;
  $('#login').hidden = false;
  $('#login-error').hidden = !message;
  $('#login-error').textContent = message || '';
}

function start(tenant, token) {
  Object.assign(state, { tenant, token, stopped: false, overview: null, history: [], alerts: new Map(), filter: {} });
  $('#login').hidden = true;
  $('#board').hidden = false;
  $('#tenant-id').textContent = tenant;
  const admin = JSON.parse(sessionStorage.getItem('fw.admin') || 'null');
  applyAdmin(isAdminToken(token) ? token : admin && admin.token, admin && admin.name);
  for (const id of ['queue', 'frt', 'started']) {
    if (charts[id]) continue;
    const el = document.getElementById(`chart-${id}`);
    charts[id] = echarts.init(el, 'dark', { renderer: 'canvas' });
    // The grid settles after the numbers arrive (and on a TV's resolution change): follow the box, not the window.
    new ResizeObserver(() => charts[id].resize()).observe(el);
  }
  setConn('connecting');
  renderAlerts();
  runStream();
}

async function main() {
  const fragment = parseFragment(location.hash);
  state.lang = fragment.lang || localStorage.getItem('fw.lang') || 'zh';
  t = translator(state.lang);
  try {
    state.config = await (await fetch('wallboard/config.json', { cache: 'no-store' })).json();
  } catch (e) { console.warn('config', e.message); }
  wire();
  renderStaticTexts();
  // Taken out of the address bar at once: a token must not stay in history or be shared by copy-paste.
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  const focus = {};
  if (fragment.channel) focus.channel = fragment.channel;
  if (fragment.skillGroup) focus.skillGroup = fragment.skillGroup;
  state.focus = fragment.conversation;
  const saved = JSON.parse(sessionStorage.getItem('fw.session') || 'null');
  if (fragment.tenant && fragment.token) {
    signIn(fragment.tenant, fragment.token);
  } else if (saved && (!fragment.tenant || fragment.tenant === saved.tenant)) {
    start(saved.tenant, saved.token);
  } else {
    signOut(null);
    if (fragment.tenant) $('#login-tenant').value = fragment.tenant;
    state.pendingFilter = focus;
    return;
  }
  state.filter = focus;
}

main();
