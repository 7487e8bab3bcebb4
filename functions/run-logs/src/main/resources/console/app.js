// actgate console: a dependency-free single page over actgate's own API (same origin). The token lives only in this
// tab's sessionStorage and is sent as a bearer header; nothing here writes it into a URL, a cookie or the page.
'use strict';

const TOKEN_KEY = 'actgate.console.token';
const main = document.getElementById('main');

// ---------------------------------------------------------------------------------------------- DOM helpers
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const svgNs = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...children) {
  const el = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}
function json(value) { return JSON.stringify(value, null, 2); }
function when(iso) { if (!iso) return ''; const d = new Date(iso); return isNaN(d) ? String(iso) : d.toLocaleString(); }
function badge(text) { return h('span', { class: 'badge ' + text, text }); }
// Views load asynchronously; a view whose route is no longer current must not paint over the one that is.
let generation = 0;
function clean(nodes) { return nodes.flat(Infinity).filter(n => n !== null && n !== undefined && n !== false); }
function render(...nodes) { main.replaceChildren(...clean(nodes)); }
function renderer() {
  const mine = generation;
  return (...nodes) => { if (mine === generation) main.replaceChildren(...clean(nodes)); };
}
function notice(text, bad) { return h('div', { class: 'notice' + (bad ? ' bad' : ''), role: bad ? 'alert' : 'status', text }); }

// ---------------------------------------------------------------------------------------------- the token
function token() { return sessionStorage.getItem(TOKEN_KEY); }
function claims(t) {
  try {
    const part = (t || '').split('.')[1];
    return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
  } catch (e) { return null; }
}
function session() {
  const t = token();
  const c = t && claims(t);
  if (!c) return null;
  const tenant = c.tenantKey || c.id || null;
  return { manager: c.isAdmin === true, tenant, workspace: c.workspaceKey || c.iss, exp: c.exp };
}

// ---------------------------------------------------------------------------------------------- the API
class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : 'HTTP ' + status);
    this.status = status; this.body = body;
  }
}
async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + token() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
  const text = await res.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = { message: text }; }
  if (res.status === 401) { signOut('Your token was refused (' + (parsed && parsed.message || '401') + '). Sign in again.'); throw new ApiError(401, parsed); }
  if (!res.ok && res.status !== 202) throw new ApiError(res.status, parsed);
  return { status: res.status, body: parsed };
}
function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const text = q.toString();
  return text ? '?' + text : '';
}
function failure(e) {
  if (e instanceof ApiError) {
    const b = e.body || {};
    return notice((b.code ? b.code + ': ' : '') + (b.message || e.message), true);
  }
  return notice(String(e && e.message || e), true);
}

// ---------------------------------------------------------------------------------------------- sign in / out
function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  location.hash = '#/signin';
  showSignIn(message);
}
function showSignIn(message) {
  document.getElementById('nav').hidden = true;
  document.getElementById('signout').hidden = true;
  document.getElementById('who').textContent = '';
  const area = h('textarea', { id: 'token', name: 'token', autocomplete: 'off', spellcheck: 'false', placeholder: 'eyJhbGciOi…' });
  const form = h('form', { class: 'card', id: 'signin' },
    h('h1', { text: 'Sign in' }),
    h('p', { class: 'muted', text: 'Paste a manager token (the whole workspace) or a tenant token (that tenant only). ' +
      'It stays in this tab until you sign out or close it.' }),
    h('label', {}, 'Token', area),
    h('div', { class: 'actions' }, h('button', { type: 'submit', text: 'Sign in' })));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const t = area.value.trim();
    if (!claims(t)) { form.append(notice('That is not a JWT (three dot-separated parts).', true)); return; }
    sessionStorage.setItem(TOKEN_KEY, t);
    if (location.hash === '#/overview') route(); else location.hash = '#/overview';
  });
  render(...[message ? notice(message, true) : null, form].filter(Boolean));
}

// ---------------------------------------------------------------------------------------------- overview
async function showOverview(params) {
  const render = renderer();
  const who = session();
  const windowName = params.get('window') || '1h';
  const tenantKey = who.manager && !who.tenant ? (params.get('tenantKey') || '') : '';
  const picker = h('form', { class: 'filters', id: 'overview-filters' },
    h('label', {}, 'Window', h('select', { name: 'window' },
      ['1h', '24h', '7d'].map(w => h('option', { value: w, selected: w === windowName, text: { '1h': 'Last hour', '24h': 'Last day', '7d': 'Last 7 days' }[w] })))),
    who.manager && !who.tenant ? h('label', {}, 'Tenant', h('input', { name: 'tenantKey', value: tenantKey, placeholder: 'all tenants' })) : null,
    h('button', { type: 'submit', text: 'Show' }));
  picker.addEventListener('submit', ev => { ev.preventDefault(); const f = new FormData(picker); location.hash = '#/overview' + query(Object.fromEntries(f)); });
  render(h('h1', { text: 'Overview' }), picker, h('p', { class: 'muted', text: 'Loading…' }));
  try {
    const { body: st } = await api('GET', '/action-run-logs/stats' + query({ window: windowName, tenantKey }));
    const pct = v => (Math.round(v * 1000) / 10) + '%';
    const attribution = st.errorsByAttribution || {};
    const maxAttr = Math.max(1, ...Object.values(attribution));
    render(h('h1', { text: 'Overview' }), picker,
      h('div', { class: 'grid', id: 'overview' },
        metric('Calls', st.calls), metric('Errors', st.errors), metric('Error rate', pct(st.errorRate)),
        metric('Integrations', (st.integrations || []).length)),
      st.sampled ? notice('More runs than the overview reads: the figures describe the newest ' + st.calls + '.') : null,
      h('h2', { text: 'Errors by attribution' }),
      h('div', { class: 'card' }, Object.entries(attribution).map(([k, v]) => h('div', {},
        h('div', { class: 'muted' }, { caller: 'the caller (bad input, missing connection)', actgate: 'actgate', external_app: 'the external app' }[k] || k, ': ', String(v)),
        barOf(v / maxAttr)))),
      h('h2', { text: 'Per integration' }),
      h('div', { class: 'table-wrap' }, h('table', { id: 'per-integration' },
        h('thead', {}, h('tr', {}, ['Integration', 'Calls', 'Errors', 'p50', 'p95'].map(t => h('th', { text: t })))),
        h('tbody', {}, (st.integrations || []).map(i => h('tr', {},
          h('td', { text: i.integrationKey }), h('td', { text: i.calls }), h('td', { text: i.errors }),
          h('td', { text: i.p50Ms + ' ms' }), h('td', { text: i.p95Ms + ' ms' })))))),
      h('p', { class: 'muted', text: 'From ' + when(st.from) + ' to ' + when(st.to) + '. Computed from the run logs.' }));
  } catch (e) { render(h('h1', { text: 'Overview' }), picker, failure(e)); }
}
function metric(label, value) { return h('div', { class: 'card metric' }, h('div', { class: 'value', text: value }), h('div', { class: 'label', text: label })); }
function barOf(fraction) { const inner = h('span'); inner.style.width = Math.round(fraction * 100) + '%'; return h('div', { class: 'bar' }, inner); }

// ---------------------------------------------------------------------------------------------- runs
const RUN_FILTERS = ['status', 'actionKey', 'connectionKey', 'integrationKey', 'tenantKey', 'from', 'to', 'errorText'];
async function showRuns(params) {
  const render = renderer();
  const who = session();
  const values = Object.fromEntries(RUN_FILTERS.map(k => [k, params.get(k) || '']));
  const input = (name, label, attrs) => h('label', {}, label, h('input', Object.assign({ name, value: values[name] }, attrs || {})));
  const local = iso => { if (!iso) return ''; const d = new Date(iso); return isNaN(d) ? '' : new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16); };
  const form = h('form', { class: 'filters card', id: 'run-filters' },
    h('label', {}, 'Status', h('select', { name: 'status' }, ['', 'success', 'error'].map(v => h('option', { value: v, selected: v === values.status, text: v || 'any' })))),
    input('actionKey', 'Action key'), input('connectionKey', 'Connection key'), input('integrationKey', 'Integration key'),
    who.manager && !who.tenant ? input('tenantKey', 'Tenant') : null,
    h('label', {}, 'From', h('input', { type: 'datetime-local', name: 'from', value: local(values.from) })),
    h('label', {}, 'To', h('input', { type: 'datetime-local', name: 'to', value: local(values.to) })),
    input('errorText', 'Text in error', { placeholder: 'e.g. rate limit' }),
    h('button', { type: 'submit', text: 'Filter' }));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const f = Object.fromEntries(new FormData(form));
    for (const k of ['from', 'to']) if (f[k]) f[k] = new Date(f[k]).toISOString();
    location.hash = '#/runs' + query(f);
  });
  const body = h('tbody');
  const table = h('div', { class: 'table-wrap' }, h('table', { id: 'runs' },
    h('thead', {}, h('tr', {}, ['When', 'Action', 'Status', who.manager && !who.tenant ? 'Tenant' : null, 'Connection', 'Duration', 'Attempts', 'Error']
      .filter(Boolean).map(t => h('th', { text: t, class: ['Connection', 'Attempts'].includes(t) ? 'hide-sm' : null })))), body));
  const more = h('button', { class: 'secondary', type: 'button', text: 'Load more', hidden: true });
  const status = h('p', { class: 'muted', text: 'Loading…' });
  render(h('h1', { text: 'Runs' }), form, table, h('div', { class: 'actions' }, more), status);
  let cursor = null;
  async function load() {
    try {
      const filters = Object.fromEntries(RUN_FILTERS.map(k => [k, values[k]]));
      const { body: page } = await api('GET', '/action-run-logs' + query(Object.assign(filters, { limit: 25, cursor })));
      for (const r of page.items) {
        const row = h('tr', { class: 'clickable', 'data-run': r.id, tabindex: 0 },
          h('td', { text: when(r.createdAt) }), h('td', { text: r.name }), h('td', {}, badge(r.status)),
          who.manager && !who.tenant ? h('td', { text: r.tenantId }) : null,
          h('td', { class: 'hide-sm', text: r.connection ? (r.connection.key || r.connection.id) : '' }),
          h('td', { text: r.duration + ' ms' }), h('td', { class: 'hide-sm', text: r.attempts }),
          h('td', { class: 'error-text', text: r.error ? r.error.code : '' }));
        row.addEventListener('click', () => { location.hash = '#/runs/' + encodeURIComponent(r.id); });
        row.addEventListener('keydown', ev => { if (ev.key === 'Enter') location.hash = '#/runs/' + encodeURIComponent(r.id); });
        body.append(row);
      }
      cursor = page.cursor || null;
      more.hidden = !cursor;
      status.textContent = body.children.length === 0 ? 'No runs match these filters.' : body.children.length + ' run(s) shown.';
    } catch (e) { status.replaceWith(failure(e)); }
  }
  more.addEventListener('click', load);
  await load();
}

const ATTRIBUTION = { caller: 'Caused by the request (the caller can fix it)', actgate: 'Caused by actgate', external_app: 'Caused by the external app' };

async function showRun(id) {
  const render = renderer();
  render(h('p', { class: 'muted', text: 'Loading…' }));
  let run;
  try { run = (await api('GET', '/action-run-logs/' + encodeURIComponent(id) + '?includeDetails=true')).body; }
  catch (e) { render(h('h1', { text: 'Run' }), failure(e)); return; }
  const who = session();
  const details = run.details || {};
  const exchanges = details.exchanges || [];
  const canReplay = !!who.tenant && run.action;
  const replay = h('button', { type: 'button', id: 'replay', disabled: !canReplay,
    title: canReplay ? 'Run the same /act body again' : 'Replay runs as a tenant: sign in with a tenant token (or a manager token that names the tenant)',
    text: 'Replay' });
  const copy = h('button', { type: 'button', class: 'secondary', id: 'copy-curl', text: 'Copy as curl' });
  const result = h('div', { id: 'replay-result' });
  replay.addEventListener('click', async () => {
    replay.disabled = true;
    try {
      const r = await api('POST', '/act', run.action);
      result.replaceChildren(notice('Replayed: new run ' + (r.body && r.body.actionRunId)), h('a', { href: '#/runs/' + encodeURIComponent(r.body.actionRunId), id: 'replay-link', text: 'Open the new run' }));
    } catch (e) {
      const newId = e.body && e.body.actionRunId;
      result.replaceChildren(failure(e), newId ? h('a', { href: '#/runs/' + encodeURIComponent(newId), id: 'replay-link', text: 'Open the new run' }) : '');
    } finally { replay.disabled = false; }
  });
  const curl = curlFor(run.action);
  copy.addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(curl); result.replaceChildren(notice('Copied. Replace $ACTGATE_TOKEN with a tenant token.')); }
    catch (e) { result.replaceChildren(h('textarea', { readonly: true, id: 'curl-text' }, curl)); }
  });
  const err = run.error;
  render(
    h('p', {}, h('a', { href: '#/runs', text: '← Runs' })),
    h('h1', {}, run.name + ' ', badge(run.status)),
    h('div', { class: 'card' }, h('dl', { class: 'kv' },
      kv('Run', run.id), kv('Tenant', run.tenantId), kv('Door', run.door), kv('Connection', run.connection ? (run.connection.key || run.connection.id) : ''),
      kv('Integration', run.integration ? (run.integration.key || run.integration.id) : ''),
      kv('Started', when(run.createdAt)), kv('Duration', run.duration + ' ms'), kv('Attempts', run.attempts), kv('Outcome', run.outcome || ''),
      run.resolvedAction ? kv('Action', (run.resolvedAction.key || run.resolvedAction.id) + (run.resolvedAction.revision ? ' (revision ' + run.resolvedAction.revision + ')' : '')) : null)),
    err ? h('div', { class: 'card', id: 'run-error' },
      h('h2', { text: 'Error' }),
      h('p', {}, h('strong', { text: err.code }), ' — ', err.message),
      h('p', { class: 'muted', id: 'attribution', text: ATTRIBUTION[err.attribution] || err.attribution }),
      err.data && err.data.status ? h('p', { id: 'app-status', text: 'The app answered HTTP ' + err.data.status }) : null,
      err.data && err.data.body !== undefined ? h('pre', { id: 'app-error' }, typeof err.data.body === 'string' ? err.data.body : json(err.data.body)) : null) : null,
    h('div', { class: 'actions' }, replay, copy), result,
    h('h2', { text: 'Timeline' }), h('div', { class: 'card timeline', id: 'timeline' }, timeline(run, exchanges)),
    h('h2', { text: 'Replayable /act body' }), h('pre', { id: 'act-body' }, json(run.action)),
    run.input !== undefined ? [h('h2', { text: 'Input' }), h('pre', {}, json(run.input))] : null,
    run.output !== undefined ? [h('h2', { text: 'Output' }), h('pre', { id: 'output' }, json(run.output))] : null,
    h('h2', { text: 'Exchanges with the external app' }),
    exchanges.length === 0 ? h('p', { class: 'muted', text: 'None: nothing was sent to the app.' }) : exchanges.map(exchangeView),
    details.console ? [h('h2', { text: 'Console' }), h('pre', {}, details.console.map(l => '[' + l.level + '] ' + l.message).join('\n'))] : null,
    details.truncated ? notice('Some details were cut to keep the run log within its size limit.') : null);
}
function kv(k, v) { return [h('dt', { text: k }), h('dd', { text: v === undefined || v === null ? '' : v })]; }
function curlFor(body) {
  const quoted = "'" + JSON.stringify(body).replace(/'/g, "'\\''") + "'";
  return 'curl -sS -X POST ' + location.origin + '/act \\\n  -H "Authorization: Bearer $ACTGATE_TOKEN" \\\n  -H "Content-Type: application/json" \\\n  -d ' + quoted;
}
function exchangeView(x) {
  return h('details', { class: 'card exchange' },
    h('summary', {}, 'Attempt ' + x.attempt + ': ' + x.method + ' ' + x.url + ' → ' + (x.status || x.error || 'no answer') + ' (' + x.durationMillis + ' ms)'),
    h('h2', { text: 'Request' }), h('pre', {}, json(x.requestHeaders || {}) + (x.requestBody ? '\n\n' + x.requestBody : '')),
    h('h2', { text: 'Response' }), h('pre', {}, json(x.responseHeaders || {}) + (x.responseBody ? '\n\n' + x.responseBody : '')));
}
// Draws every attempt as a bar on one time axis (start = the run's start), with the wait before a retry as a pale
// band, colored by what the app answered. Secrets never reach here: the run log is redacted when written.
function timeline(run, exchanges) {
  if (exchanges.length === 0) return h('p', { class: 'muted', text: 'No HTTP attempts: the run ended before calling the app (' + (run.error ? run.error.code : run.outcome || run.status) + ').' });
  const start = new Date(run.createdAt).getTime();
  const spans = exchanges.map(x => {
    const at = new Date(x.startedAt).getTime() - start;
    return { x, at: Math.max(0, at), wait: x.waitedMillis || 0, dur: Math.max(1, x.durationMillis || 0) };
  });
  const total = Math.max(run.duration || 0, ...spans.map(p => p.at + p.dur), 1);
  const width = 800, left = 110, row = 28, top = 10;
  const scale = v => left + (v / total) * (width - left - 20);
  const height = top + spans.length * row + 30;
  const svg = s('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': 'Timeline of ' + spans.length + ' attempt(s)' });
  spans.forEach((p, i) => {
    const y = top + i * row;
    const status = p.x.status;
    const color = !status ? '#7b8494' : status < 400 ? '#2f9e62' : status < 500 ? '#d9822b' : '#d64545';
    svg.append(s('text', { x: 4, y: y + 15, 'font-size': 12, fill: '#17202c' }, 'attempt ' + p.x.attempt));
    if (p.wait > 0) {
      const w0 = scale(Math.max(0, p.at - p.wait));
      svg.append(s('rect', { x: w0, y: y + 6, width: Math.max(1, scale(p.at) - w0), height: 8, fill: '#c9d2e3', class: 'wait' },
        s('title', {}, 'waited ' + p.wait + ' ms before this attempt')));
    }
    svg.append(s('rect', { x: scale(p.at), y: y + 2, width: Math.max(2, scale(p.at + p.dur) - scale(p.at)), height: 16, rx: 3, fill: color, class: 'attempt', 'data-status': status || 'none' },
      s('title', {}, p.x.method + ' ' + p.x.url + ' → ' + (status || p.x.error || 'no answer') + ' in ' + p.dur + ' ms')));
    // The label goes after the bar, or before it when the bar ends near the right edge.
    const after = scale(p.at + p.dur) + 6 <= width - 170;
    svg.append(s('text', { x: after ? scale(p.at + p.dur) + 6 : Math.max(left, scale(Math.max(0, p.at - p.wait)) - 6), y: y + 15,
      'font-size': 11, fill: '#5b6675', 'text-anchor': after ? 'start' : 'end' },
      (status || 'no answer') + ' · ' + p.dur + ' ms' + (p.wait ? ' · waited ' + p.wait + ' ms' : '')));
  });
  const axisY = top + spans.length * row + 8;
  svg.append(s('line', { x1: left, y1: axisY, x2: width - 20, y2: axisY, stroke: '#dfe3ea' }));
  svg.append(s('text', { x: left, y: axisY + 16, 'font-size': 11, fill: '#5b6675' }, '0 ms'));
  svg.append(s('text', { x: width - 80, y: axisY + 16, 'font-size': 11, fill: '#5b6675' }, total + ' ms'));
  return [svg, h('div', { class: 'legend' },
    h('span', {}, h('span', { class: 'swatch sw-ok' }), '2xx/3xx'), h('span', {}, h('span', { class: 'swatch sw-4xx' }), '4xx'),
    h('span', {}, h('span', { class: 'swatch sw-5xx' }), '5xx'), h('span', {}, h('span', { class: 'swatch sw-err' }), 'no answer'),
    h('span', {}, h('span', { class: 'swatch sw-wait' }), 'wait before retry'))];
}

// ---------------------------------------------------------------------------------------------- connections
async function showConnections(params) {
  const render = renderer();
  const who = session();
  const tenantKey = who.manager && !who.tenant ? (params.get('tenantKey') || '') : '';
  const picker = who.manager && !who.tenant ? h('form', { class: 'filters card', id: 'tenant-picker' },
    h('label', {}, 'Tenant', h('input', { name: 'tenantKey', value: tenantKey, placeholder: 'tenant key', required: true })),
    h('button', { type: 'submit', text: 'Show' })) : null;
  if (picker) picker.addEventListener('submit', ev => { ev.preventDefault(); location.hash = '#/connections' + query(Object.fromEntries(new FormData(picker))); });
  if (picker && !tenantKey) { render(h('h1', { text: 'Connections' }), picker, h('p', { class: 'muted', text: 'Connections belong to tenants: name one.' })); return; }
  render(h('h1', { text: 'Connections' }), picker, h('p', { class: 'muted', text: 'Loading…' }));
  try {
    const { body: page } = await api('GET', '/connections' + query({ includeArchived: 'true', tenantKey, limit: 200 }));
    const rows = page.items.map(c => {
      const buttons = h('div', { class: 'actions' });
      if (c.archivedAt) {
        buttons.append(h('button', { type: 'button', class: 'secondary', text: 'Restore', onclick: async () => { await act(() => api('POST', '/connections/' + encodeURIComponent(c.id) + '/restore' + query({ tenantKey }))); } }));
      } else {
        if (who.tenant && (c.state === 'DISCONNECTED' || c.disconnected || c.state !== 'READY')) {
          buttons.append(h('button', { type: 'button', class: 'reconnect', 'data-connection': c.id, text: 'Reconnect', onclick: () => reconnect(c) }));
        }
        buttons.append(h('button', { type: 'button', class: 'secondary', text: 'Archive', onclick: async () => {
          if (confirm('Archive connection ' + (c.key || c.id) + '?')) await act(() => api('DELETE', '/connections/' + encodeURIComponent(c.id) + query({ tenantKey })));
        } }));
      }
      const identity = c.externalIdentity ? [c.externalIdentity.login, c.externalIdentity.email].filter(Boolean).join(' · ') : '';
      return h('tr', { 'data-connection': c.id },
        h('td', {}, h('strong', { text: c.key || c.id }), h('div', { class: 'muted', text: c.integrationKey || '' })),
        h('td', {}, badge(c.archivedAt ? 'ARCHIVED' : c.state), c.error ? h('div', { class: 'error-text', text: c.error }) : null),
        h('td', { class: 'hide-sm', text: identity }),
        h('td', { class: 'hide-sm', text: when(c.lastActiveAt) }),
        h('td', { class: 'hide-sm', text: when(c.nextCredentialsRefreshAt) }),
        h('td', {}, buttons));
    });
    render(h('h1', { text: 'Connections' }), picker,
      rows.length === 0 ? h('p', { class: 'muted', text: 'No connections.' }) :
        h('div', { class: 'table-wrap' }, h('table', { id: 'connections' },
          h('thead', {}, h('tr', {}, ['Connection', 'State', 'Account', 'Last used', 'Credentials expire', ''].map(t => h('th', { text: t, class: ['Account', 'Last used', 'Credentials expire'].includes(t) ? 'hide-sm' : null })))),
          h('tbody', {}, rows))),
      who.manager && !who.tenant ? h('p', { class: 'muted', text: 'Reconnecting is done by the end user: sign in with their tenant token to start it here.' }) : null);
  } catch (e) { render(h('h1', { text: 'Connections' }), picker, failure(e)); }
  async function act(call) { try { await call(); showConnections(params); } catch (e) { main.prepend(failure(e)); } }
}
// The hosted connect flow takes the token in a form POST (as the official SDK's ui.connect does), never in a URL.
function reconnect(c) {
  const form = h('form', { method: 'POST', action: '/screens/connect', target: 'actgate-connect', hidden: true },
    h('input', { type: 'hidden', name: 'token', value: token() }),
    h('input', { type: 'hidden', name: 'connectionId', value: c.id }),
    c.integrationKey ? h('input', { type: 'hidden', name: 'integrationKey', value: c.integrationKey }) : null);
  document.body.append(form);
  window.open('', 'actgate-connect', 'popup,width=520,height=720');
  form.submit();
  form.remove();
}

// ---------------------------------------------------------------------------------------------- integrations
async function showIntegrations() {
  const render = renderer();
  render(h('h1', { text: 'Integrations' }), h('p', { class: 'muted', text: 'Loading…' }));
  try {
    const { body: page } = await api('GET', '/integrations' + query({ limit: 200 }));
    render(h('h1', { text: 'Integrations' }), page.items.length === 0 ? h('p', { class: 'muted', text: 'No integrations.' }) :
      h('div', { class: 'table-wrap' }, h('table', { id: 'integrations' },
        h('thead', {}, h('tr', {}, ['Integration', 'Connector', 'Auth', 'Base URL'].map(t => h('th', { text: t })))),
        h('tbody', {}, page.items.map(i => {
          const row = h('tr', { class: 'clickable' },
            h('td', {}, h('strong', { text: i.key || i.id }), h('div', { class: 'muted', text: i.name || '' })),
            h('td', { text: i.connectorKey || 'inline' }), h('td', { text: i.auth && i.auth.type || '' }),
            h('td', { text: i.baseUrl || '' }));
          row.addEventListener('click', () => { location.hash = '#/integrations/' + encodeURIComponent(i.id); });
          return row;
        })))));
  } catch (e) { render(h('h1', { text: 'Integrations' }), failure(e)); }
}
async function showIntegration(id) {
  const render = renderer();
  render(h('p', { class: 'muted', text: 'Loading…' }));
  try {
    const { body: i } = await api('GET', '/integrations/' + encodeURIComponent(id));
    const acts = await api('GET', '/actions' + query({ integrationKey: i.key, limit: 200 })).then(r => r.body.items || []).catch(() => []);
    // Which of them this tenant's agents see: the same tool list /mcp serves (tenant tokens only; managers have no tools).
    const who = session();
    let exposed = null;
    if (who.tenant && !who.manager) {
      exposed = new Map();
      try {
        const tools = (await api('GET', '/tools' + query({ format: 'mcp', integrationKey: i.key }))).body.tools || [];
        for (const t of tools) if (t._meta) exposed.set(t._meta['dev.actgate/actionId'], t.name);
      } catch (e) { exposed = null; }
    }
    const agentNote = a => exposed === null ? '' : exposed.has(a.id) ? ' · agents see it as ' + exposed.get(a.id) : ' · not exposed to agents';
    render(h('p', {}, h('a', { href: '#/integrations', text: '← Integrations' })),
      h('h1', { text: i.name || i.key }),
      h('h2', { text: 'Effective configuration' }), h('pre', { id: 'integration-config' }, json(i)),
      h('h2', { text: 'Actions (' + acts.length + ')' }),
      exposed === null ? h('p', { class: 'muted', text: 'Sign in with a tenant token to see which actions its AI agents are offered (MCP, GET /tools).' }) : null,
      acts.length === 0 ? h('p', { class: 'muted', text: 'No saved or catalog actions for this integration.' }) :
        acts.map(a => h('details', { class: 'card' },
          h('summary', { class: 'action-summary', 'data-action': a.id }, (a.key || a.id) + ' — ' + (a.name || ''), agentNote(a)),
          h('p', { text: a.description || '' }),
          h('h2', { text: 'Input schema' }), h('pre', {}, json(a.inputSchema || {})),
          a.outputSchema ? [h('h2', { text: 'Output schema' }), h('pre', {}, json(a.outputSchema))] : null)));
  } catch (e) { render(h('h1', { text: 'Integration' }), failure(e)); }
}

// ---------------------------------------------------------------------------------------------- approvals
async function showApprovals() {
  const render = renderer();
  render(h('h1', { text: 'Approvals' }), h('p', { class: 'muted', text: 'Loading…' }));
  try {
    const { body: page } = await api('GET', '/approvals' + query({ status: 'pending', limit: 100 }));
    const items = page.items || [];
    render(h('h1', { text: 'Approvals waiting' }), items.length === 0 ? h('p', { class: 'muted', text: 'Nothing is waiting for approval.' }) :
      items.map(a => {
        const comment = h('input', { name: 'comment', placeholder: 'comment (optional)' });
        const decide = verb => async () => {
          try { await api('POST', '/approvals/' + encodeURIComponent(a.id) + '/' + verb, { comment: comment.value || undefined }); showApprovals(); }
          catch (e) { main.prepend(failure(e)); }
        };
        return h('div', { class: 'card approval', 'data-approval': a.id },
          h('p', {}, h('strong', { text: approvalTitle(a) }), ' ', badge(a.status)),
          h('dl', { class: 'kv' }, kv('Tenant', a.tenantKey), kv('Policy', a.policy && a.policy.name || ''), kv('Asked', when(a.requestedAt)), kv('Expires', when(a.expiresAt))),
          h('details', {}, h('summary', { text: 'What will run' }), h('pre', {}, json(a.request || a))),
          h('div', { class: 'actions' }, comment, h('button', { type: 'button', text: 'Approve', onclick: decide('approve') }),
            h('button', { type: 'button', class: 'danger', text: 'Deny', onclick: decide('deny') })));
      }));
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 405)) render(h('h1', { text: 'Approvals' }), notice('This deployment has no approval gates.'));
    else render(h('h1', { text: 'Approvals' }), failure(e));
  }
}

// What is waiting, in plain words: the action, or the method and path of an inline/proxy call.
function approvalTitle(a) {
  const r = a.request || {};
  const act = r.action || r.act || {};
  if (act.api) return (act.api.method || 'GET') + ' ' + (act.api.path || act.api.url || '') + (act.connectionKey ? ' on ' + act.connectionKey : '');
  return act.key || act.id || (r.resolvedAction && (r.resolvedAction.key || r.resolvedAction.id)) || a.id;
}

// ---------------------------------------------------------------------------------------------- router
function route() {
  generation++;
  const who = session();
  if (!who) { showSignIn(); return; }
  if (who.exp && who.exp * 1000 < Date.now()) { signOut('Your token has expired. Sign in again.'); return; }
  document.getElementById('nav').hidden = false;
  document.getElementById('signout').hidden = false;
  document.getElementById('who').textContent = (who.manager ? 'manager' : 'tenant') + (who.tenant ? ' · ' + who.tenant : '') + (who.workspace ? ' · ' + who.workspace : '');
  const [path, search] = (location.hash.slice(1) || '/overview').split('?');
  const params = new URLSearchParams(search || '');
  const parts = path.split('/').filter(Boolean);
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.dataset.nav === parts[0]);
  switch (parts[0]) {
    case 'runs': return parts[1] ? showRun(decodeURIComponent(parts[1])) : showRuns(params);
    case 'connections': return showConnections(params);
    case 'integrations': return parts[1] ? showIntegration(decodeURIComponent(parts[1])) : showIntegrations();
    case 'approvals': return showApprovals();
    case 'signin': return showSignIn();
    default: return showOverview(params);
  }
}
document.getElementById('signout').addEventListener('click', () => signOut());
window.addEventListener('hashchange', route);
route();
