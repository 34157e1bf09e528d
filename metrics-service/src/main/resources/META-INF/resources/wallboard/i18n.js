// Every text of the wallboard, Chinese first (the default), English on the switch.
const TEXT = {
  zh: {
    title: '客服实时监控大屏',
    'conn.connecting': '连接中…', 'conn.live': '实时', 'conn.reconnecting': '连接断开，正在重连…',
    'conn.stale': '数据未更新', 'conn.unauthorized': '令牌无效或无权访问',
    age: '数据时间 {time}（{age} 前）', 'age.none': '尚无数据',
    'kpi.traffic.onlineVisitors': '在线访客', 'kpi.queue.length': '排队人数', 'kpi.traffic.openConversations': '进行中会话',
    'kpi.agents.online': '在线客服', 'kpi.queue.longestWaitSeconds': '最长等待', 'kpi.queue.slaBreaches': 'SLA 超时',
    'kpi.response.firstResponseAvgSeconds': '平均首响', 'kpi.response.unanswered': '未回复会话',
    'kpi.quality.riskConversations': '风险会话', 'kpi.quality.negativeRatingsLast60m': '差评（60 分钟）',
    'kpi.sub.agents': '忙 {busy} · 闲 {idle} · 人均 {load} 会话', 'kpi.sub.queue': '高价值等待 {hv} · 放弃 {ab}',
    'kpi.sub.visitors': '60 分钟发起 {n}', 'kpi.sub.open': '静默客服 {n}',
    'trend.title': '趋势', 'trend.30': '30 分钟', 'trend.60': '60 分钟',
    'chart.queue': '排队人数与最长等待', 'chart.frt': '平均首响（秒）', 'chart.started': '每分钟发起会话',
    'series.queue': '排队人数', 'series.wait': '最长等待（秒）', 'series.frt': '平均首响', 'series.started': '发起会话',
    'channels.title': '渠道', 'groups.title': '技能组',
    'col.channel': '渠道', 'col.visitors': '在线访客', 'col.open': '会话', 'col.queued': '排队', 'col.sla': 'SLA 超时',
    'col.group': '技能组', 'col.agents': '在线客服', 'col.wait': '最长等待', 'col.frt': '平均首响',
    'alerts.title': '告警', 'alerts.none': '当前没有告警，一切正常', 'alerts.since': '自 {time}',
    'alerts.ack': '确认', 'alerts.silence': '静默 30 分钟', 'alerts.acked': '已确认', 'alerts.silenced': '已静默',
    'alerts.value': '当前 {value} / 阈值 {threshold}', 'alerts.words': '命中：{words}',
    'sev.critical': '严重', 'sev.warning': '警告', 'sev.info': '提示',
    'conv.title': '实时会话', 'conv.filter': '筛选', 'conv.clear': '清除', 'conv.none': '没有符合条件的会话',
    'conv.id': '会话', 'conv.state': '状态', 'conv.channel': '渠道', 'conv.group': '技能组', 'conv.agent': '客服',
    'conv.tier': '访客等级', 'conv.wait': '等待/未回复', 'conv.turns': '轮次', 'conv.risk': '风险',
    'conv.sort.wait': '按等待排序', 'conv.sort.started': '按开始时间排序',
    'state.started': '机器人', 'state.queued': '排队中', 'state.assigned': '接待中',
    'tier.vip': 'VIP', 'tier.high': '高价值', 'tier.normal': '普通', 'tier.low': '低',
    'agents.title': '客服', 'agents.none': '暂无客服数据', 'agent.load': '负载', 'agent.oldest': '最久未回复',
    'agent.silent': '在线但未回复', 'status.online': '在线', 'status.busy': '忙碌', 'status.away': '离开', 'status.offline': '离线',
    'side.notifications': '通知', 'side.snapshots': '快照', 'notifications.none': '暂无通知', 'snapshots.none': '暂无快照',
    'snapshot.save': '保存快照', 'snapshot.saved': '已保存快照', 'snapshot.by.alert': '告警', 'snapshot.by.user': '手动',
    'admin.button': '管理员', 'admin.on': '管理员模式', 'admin.title': '管理员操作', 'admin.token': '管理员令牌',
    'admin.name': '你的名字（用于确认记录）', 'admin.ok': '启用', 'admin.cancel': '取消', 'admin.off': '退出管理员',
    'login.title': 'Floorwatch 实时监控大屏', 'login.tenant': '租户 ID', 'login.token': '查看令牌（或管理员令牌）',
    'login.submit': '进入大屏', 'login.hint': '令牌只保存在本浏览器标签页中，不会出现在地址或服务器日志里。',
    'login.logout': '退出', 'lang.switch': 'EN',
    'error.forbidden': '无权限：该操作需要管理员令牌（{status}）', 'error.failed': '操作失败：{detail}',
    'ok.acked': '已确认告警', 'ok.silenced': '已静默 30 分钟',
    none: '—',
  },
  en: {
    title: 'Live service floor',
    'conn.connecting': 'Connecting…', 'conn.live': 'Live', 'conn.reconnecting': 'Connection lost, reconnecting…',
    'conn.stale': 'Data not updating', 'conn.unauthorized': 'Token invalid or not allowed',
    age: 'Data at {time} ({age} ago)', 'age.none': 'No data yet',
    'kpi.traffic.onlineVisitors': 'Online visitors', 'kpi.queue.length': 'In queue', 'kpi.traffic.openConversations': 'Open conversations',
    'kpi.agents.online': 'Agents online', 'kpi.queue.longestWaitSeconds': 'Longest wait', 'kpi.queue.slaBreaches': 'SLA breaches',
    'kpi.response.firstResponseAvgSeconds': 'First response', 'kpi.response.unanswered': 'Unanswered',
    'kpi.quality.riskConversations': 'Risk conversations', 'kpi.quality.negativeRatingsLast60m': 'Negative ratings (60 min)',
    'kpi.sub.agents': 'busy {busy} · idle {idle} · {load} conv./agent', 'kpi.sub.queue': 'high value {hv} · abandoned {ab}',
    'kpi.sub.visitors': 'started in 60 min {n}', 'kpi.sub.open': 'silent agents {n}',
    'trend.title': 'Trends', 'trend.30': '30 min', 'trend.60': '60 min',
    'chart.queue': 'Queue and longest wait', 'chart.frt': 'First response avg (s)', 'chart.started': 'Conversations started per minute',
    'series.queue': 'In queue', 'series.wait': 'Longest wait (s)', 'series.frt': 'First response', 'series.started': 'Started',
    'channels.title': 'Channels', 'groups.title': 'Skill groups',
    'col.channel': 'Channel', 'col.visitors': 'Visitors', 'col.open': 'Open', 'col.queued': 'Queued', 'col.sla': 'SLA',
    'col.group': 'Group', 'col.agents': 'Agents', 'col.wait': 'Longest wait', 'col.frt': 'First resp.',
    'alerts.title': 'Alerts', 'alerts.none': 'No alerts: all clear', 'alerts.since': 'since {time}',
    'alerts.ack': 'Acknowledge', 'alerts.silence': 'Silence 30 min', 'alerts.acked': 'Acknowledged', 'alerts.silenced': 'Silenced',
    'alerts.value': 'now {value} / threshold {threshold}', 'alerts.words': 'matched: {words}',
    'sev.critical': 'Critical', 'sev.warning': 'Warning', 'sev.info': 'Info',
    'conv.title': 'Live conversations', 'conv.filter': 'Filter', 'conv.clear': 'Clear', 'conv.none': 'No conversations match',
    'conv.id': 'Conversation', 'conv.state': 'State', 'conv.channel': 'Channel', 'conv.group': 'Group', 'conv.agent': 'Agent',
    'conv.tier': 'Visitor tier', 'conv.wait': 'Waiting / unanswered', 'conv.turns': 'Turns', 'conv.risk': 'Risk',
    'conv.sort.wait': 'Sort by wait', 'conv.sort.started': 'Sort by start',
    'state.started': 'With bot', 'state.queued': 'Queued', 'state.assigned': 'Assigned',
    'tier.vip': 'VIP', 'tier.high': 'High', 'tier.normal': 'Normal', 'tier.low': 'Low',
    'agents.title': 'Agents', 'agents.none': 'No agents yet', 'agent.load': 'Load', 'agent.oldest': 'Oldest unanswered',
    'agent.silent': 'online, not answering', 'status.online': 'Online', 'status.busy': 'Busy', 'status.away': 'Away', 'status.offline': 'Offline',
    'side.notifications': 'Notifications', 'side.snapshots': 'Snapshots', 'notifications.none': 'No notifications', 'snapshots.none': 'No snapshots',
    'snapshot.save': 'Save snapshot', 'snapshot.saved': 'Snapshot saved', 'snapshot.by.alert': 'alert', 'snapshot.by.user': 'manual',
    'admin.button': 'Admin', 'admin.on': 'Admin mode', 'admin.title': 'Admin actions', 'admin.token': 'Admin token',
    'admin.name': 'Your name (for the acknowledgement record)', 'admin.ok': 'Enable', 'admin.cancel': 'Cancel', 'admin.off': 'Leave admin mode',
    'login.title': 'Floorwatch wallboard', 'login.tenant': 'Tenant ID', 'login.token': 'Viewer token (or admin token)',
    'login.submit': 'Open wallboard', 'login.hint': 'The token stays in this browser tab only: never in the address or a server log.',
    'login.logout': 'Sign out', 'lang.switch': '中文',
    'error.forbidden': 'Not allowed: this needs an admin token ({status})', 'error.failed': 'Failed: {detail}',
    'ok.acked': 'Alert acknowledged', 'ok.silenced': 'Silenced for 30 minutes',
    none: '—',
  },
};

export function translator(lang) {
  const table = TEXT[lang] || TEXT.zh;
  return (key, vars = {}) => String(table[key] ?? TEXT.zh[key] ?? key)
    .replace(/\{(\w+)\}/g, (_, name) => (vars[name] ?? ''));
}

export const LANGS = Object.keys(TEXT);

const CHANNELS = {
  zh: { web: '网页', landing: '落地页', h5: 'H5', miniprogram: '小程序', app: 'App', wechat_oa: '公众号', wecom: '企业微信',
    weibo: '微博', email: '邮件', sms: '短信', api: 'API', whatsapp: 'WhatsApp', telegram: 'Telegram' },
  en: { web: 'Web', landing: 'Landing page', h5: 'H5', miniprogram: 'Mini program', app: 'App', wechat_oa: 'WeChat OA',
    wecom: 'WeCom', weibo: 'Weibo', email: 'Email', sms: 'SMS', api: 'API', whatsapp: 'WhatsApp', telegram: 'Telegram' },
};

/** A channel's display name; the open set of channels falls back to its id. */
export function channelName(lang, channel) {
  if (channel == null) return '—';
  return (CHANNELS[lang] || CHANNELS.zh)[channel] || channel;
}
