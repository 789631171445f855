'use strict';
// The ops console (ADR 0029). Everything shown is put in the page with textContent, never parsed as HTML, so a
// hostile buyer name or item title stays text. Changes carry the session's CSRF token; the session cookie is
// HttpOnly and never seen here.

const state = { me: null, order: null, replayTimers: {}, rebuilds: {}, rebuildEntries: {}, rebuildConfirm: {} };
const $ = (id) => document.getElementById(id);

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (attrs) Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
  return node;
}

function row(cells) {
  const tr = document.createElement('tr');
  cells.forEach((c) => {
    const td = document.createElement('td');
    if (c instanceof Node) td.appendChild(c); else td.textContent = c === null || c === undefined ? '' : String(c);
    tr.appendChild(td);
  });
  return tr;
}

function notice(text, error) {
  const n = $('notice');
  n.textContent = text || '';
  n.hidden = !text;
  n.className = error ? 'error' : '';
}

function money(amount, currency) {
  if (amount === null || amount === undefined) return '';
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return sign + Math.floor(abs / 100) + '.' + String(abs % 100).padStart(2, '0') + ' ' + (currency || '').toUpperCase();
}

async function api(method, path, body, extraHeaders) {
  const headers = Object.assign({ 'Accept': 'application/json' }, extraHeaders || {});
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.me && state.me.csrf) headers['X-CSRF-Token'] = state.me.csrf;
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  const text = await response.text();
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
  if (response.status === 401 && path !== '/console/session') {
    state.me = null;
    show('sign-in');
    throw new Error('Signed out: sign in again.');
  }
  if (!response.ok) {
    const message = data && data.message ? data.message : 'HTTP ' + response.status;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return data;
}

const views = ['sign-in', 'find', 'order', 'replays', 'what-if', 'activity'];

function show(name) {
  views.forEach((v) => { $('view-' + v).hidden = v !== name; });
  ['find', 'replays', 'what-if', 'activity'].forEach((v) => $('nav-' + v).classList.toggle('current', v === name));
  const signedIn = !!state.me;
  $('nav').hidden = !signedIn;
  $('who').hidden = !signedIn;
  if (name !== 'replays') Object.values(state.replayTimers).forEach(clearTimeout);
}

async function route() {
  notice('');
  if (!state.me) {
    try {
      state.me = await api('GET', '/ops/me');
    } catch (e) {
      show('sign-in');
      return;
    }
  }
  $('who-actor').textContent = state.me.actor;
  $('who-role').textContent = state.me.role;
  document.body.classList.toggle('auditor', state.me.role !== 'operator');
  const hash = location.hash || '#/find';
  const parts = hash.substring(2).split('/');
  try {
    if (parts[0] === 'order' && parts[1]) {
      show('order');
      await loadOrder(decodeURIComponent(parts[1]));
    } else if (parts[0] === 'replays') {
      show('replays');
      await loadReplays();
    } else if (parts[0] === 'what-if') {
      show('what-if');
      await openWhatIf();
    } else if (parts[0] === 'activity') {
      show('activity');
      await loadActivity();
    } else {
      show('find');
    }
  } catch (e) {
    notice(e.message, true);
  }
}

async function signIn(event) {
  event.preventDefault();
  try {
    await api('POST', '/console/session', { token: $('token').value });
    $('token').value = '';
    state.me = await api('GET', '/ops/me');
    if (!location.hash) location.hash = '#/find'; else route(); // a deep link opens where it pointed
  } catch (e) {
    notice(e.message, true);
  }
}

async function signOut() {
  try { await api('DELETE', '/console/session'); } catch (e) { /* signed out either way */ }
  state.me = null;
  show('sign-in');
}

function localToInstant(value) {
  return value ? new Date(value).toISOString() : '';
}

async function find(event) {
  event.preventDefault();
  const q = $('find-q').value.trim();
  try {
    let rows;
    let sources = {};
    if (q) {
      // a POST: an e-mail must not end up in a URL
      const found = await api('POST', '/ops/search', { q });
      rows = found.results;
      sources = found.sources || {};
    } else {
      const params = new URLSearchParams();
      if ($('find-from').value) params.set('from', localToInstant($('find-from').value));
      if ($('find-to').value) params.set('to', localToInstant($('find-to').value));
      rows = await api('GET', '/ops/find?' + params.toString());
    }
    const body = $('find-results').tBodies[0];
    body.replaceChildren();
    rows.forEach((r) => {
      const link = r.order_id ? el('a', r.order_id, { href: '#/order/' + encodeURIComponent(r.order_id) }) : '—';
      let total = '';
      try {
        const t = r.totals ? JSON.parse(r.totals).find((x) => x.type === 'total') : null;
        total = t ? money(t.amount, '') : '';
      } catch (e) { total = ''; }
      body.appendChild(row([link, r.session_id, r.status, total, r.updated_at]));
    });
    const failed = Object.entries(sources).filter(([, v]) => v !== 'ok').map(([k, v]) => k + ': ' + v);
    notice(failed.length ? 'Could not ask ' + failed.join(', ') : (rows.length ? '' : 'Nothing found.'), failed.length > 0);
  } catch (e) {
    notice(e.message, true);
  }
}

async function loadOrder(orderId) {
  const data = await api('GET', '/ops/orders/' + encodeURIComponent(orderId));
  const order = data.order;
  state.order = data;
  $('order-id').textContent = order.id;
  $('order-session').textContent = order.checkout_session_id;
  $('order-status').textContent = order.status;
  const currency = data.money.currency || (order.currency || '');
  const audit = await api('GET', '/ops/audit?order_id=' + encodeURIComponent(orderId));
  renderTimeline(audit);
  renderMoney(data.money, audit.timeline, currency);
  renderWebhooks(data.webhook_deliveries);
  renderRefundLines(order, data.money.currency);
  const base = '/ops/audit?order_id=' + encodeURIComponent(orderId) + '&format=';
  $('export-csv').setAttribute('href', base + 'csv');
  $('export-jsonl').setAttribute('href', base + 'jsonl');
}

function amountOf(payload) {
  if (!payload) return null;
  for (const key of ['amountMinor', 'amount']) {
    if (typeof payload[key] === 'number') return payload[key];
  }
  return null;
}

function renderMoney(m, timeline, currency) {
  let authorized = null;
  let captured = null;
  (timeline || []).forEach((e) => {
    if (/PaymentAuthorized$/.test(e.type) && authorized === null) {
      authorized = amountOf(e.payload);
      currency = currency || e.payload.currency;
      m.payment_intent = e.payload.providerReference;
    }
    if (/PaymentCaptured$/.test(e.type) && captured === null) captured = amountOf(e.payload);
  });
  m.currency = m.currency || currency;
  const dl = $('money');
  dl.replaceChildren();
  [['Order total', m.total], ['Authorized', authorized], ['Captured', captured], ['Refunded', m.refunded],
    ['Remaining refundable', m.remaining_refundable]].forEach(([label, value]) => {
    dl.appendChild(el('dt', label));
    dl.appendChild(el('dd', value === null ? '—' : money(value, m.currency), { 'data-money': label }));
  });
  dl.appendChild(el('dt', 'Stripe PaymentIntent'));
  dl.appendChild(el('dd', m.payment_intent || '—'));
}

function renderTimeline(audit) {
  const body = $('timeline').tBodies[0];
  body.replaceChildren();
  (audit.timeline || []).forEach((e, i) => {
    const details = el('details');
    details.appendChild(el('summary', e.aggregate_id + ' #' + e.sequence));
    details.appendChild(el('pre', JSON.stringify(e.payload, null, 2)));
    const links = el('span', 'corr ' + (e.correlation_id || '—') + ' · caused by ' + (e.causation_id || '—'));
    body.appendChild(row([i + 1, e.timestamp, e.service, e.type, e.actor, e.request_id, links, details]));
  });
  const sources = Object.entries(audit.sources || {}).map(([k, v]) => k + ': ' + v).join(' · ');
  $('timeline-sources').textContent = sources ? '(' + sources + ')' : '';
}

function renderWebhooks(deliveries) {
  const body = $('webhooks').tBodies[0];
  body.replaceChildren();
  (deliveries || []).forEach((d) => {
    let action = '';
    if (d.status === 'parked' && state.me.role === 'operator') {
      action = el('button', 'Send again', { type: 'button' });
      action.addEventListener('click', async () => {
        try {
          await api('POST', '/ops/webhook-deliveries/' + encodeURIComponent(d.id) + '/redeliver');
          notice('Queued for delivery again.');
          route();
        } catch (e) { notice(e.message, true); }
      });
    }
    const last = d.lastStatusCode ? String(d.lastStatusCode) + (d.lastError ? ' ' + d.lastError : '') : (d.lastError || '');
    body.appendChild(row([d.eventType, d.endpoint, d.status, d.attempts, last, d.createdAt, d.deliveredAt, action]));
  });
}

function renderRefundLines(order, currency) {
  const body = $('refund-lines').tBodies[0];
  body.replaceChildren();
  (order.line_items || []).forEach((line) => {
    const ordered = line.quantity ? (line.quantity.current !== undefined ? line.quantity.current : line.quantity.ordered) : 0;
    const input = el('input', null, { type: 'number', min: '0', max: String(ordered), step: '1', value: '0',
      'data-line': line.id, 'data-unit': String(line.unit_price || 0), 'aria-label': 'Quantity of ' + line.id });
    body.appendChild(row([line.id, line.title, money(line.unit_price, currency), input]));
  });
  $('refund-confirm').hidden = true;
}

function refundRequest() {
  const byAmount = document.querySelector('input[name="refund-by"]:checked').value === 'amount';
  const reason = $('refund-reason').value;
  if (byAmount) {
    const amount = parseInt($('refund-amount').value, 10);
    if (!(amount > 0)) throw new Error('Enter an amount above zero, in minor units.');
    return { body: { amount, reason }, describe: money(amount, state.order.money.currency) };
  }
  const lines = [];
  document.querySelectorAll('#refund-lines input').forEach((input) => {
    const quantity = parseInt(input.value, 10) || 0;
    if (quantity > 0) lines.push({ id: input.getAttribute('data-line'), quantity });
  });
  if (!lines.length) throw new Error('Choose at least one line item to refund.');
  const describe = lines.map((l) => l.quantity + ' × ' + l.id).join(', ');
  return { body: { line_items: lines, reason }, describe };
}

async function reviewRefund(event) {
  event.preventDefault();
  try {
    const r = refundRequest();
    const params = new URLSearchParams();
    if (r.body.amount) params.set('amount', String(r.body.amount));
    (r.body.line_items || []).forEach((l) => params.append('line', l.id + ':' + l.quantity));
    // the order's own rules say what the buyer gets back (a line's share of tax and discounts included)
    const p = await api('GET', '/ops/orders/' + encodeURIComponent(state.order.order.id) + '/refunds/preview?'
      + params.toString());
    $('refund-summary').textContent = 'Refund ' + r.describe + ' of order ' + state.order.order.id
      + ': the buyer gets back ' + money(p.amount, p.currency) + '. Remaining refundable: '
      + money(p.remaining_before, p.currency) + ' now, ' + money(p.remaining_after, p.currency) + ' after it.';
    state.pendingRefund = r;
    state.refundKey = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
    $('refund-confirm').hidden = false;
  } catch (e) {
    notice(e.message, true);
  }
}

async function confirmRefund() {
  const orderId = state.order.order.id;
  try {
    const result = await api('POST', '/ops/orders/' + encodeURIComponent(orderId) + '/refunds', state.pendingRefund.body,
      { 'Idempotency-Key': state.refundKey });
    $('refund-confirm').hidden = true;
    notice('Refund ' + result.id + ' accepted; the timeline and the order\'s webhook show it when it is done.');
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const data = await api('GET', '/ops/orders/' + encodeURIComponent(orderId));
      if (data.money.refunded !== state.order.money.refunded) break;
    }
    await loadOrder(orderId);
  } catch (e) {
    notice(e.message, true);
  }
}

async function loadReplays() {
  // the other services' rebuildable projections, asked of them through this service, meanwhile
  const others = api('GET', '/ops/services/projections').catch((e) => {
    notice('Could not list the other services\' projections: ' + e.message, true);
    return [];
  });
  const list = await api('GET', '/ops/projections');
  const remote = await others;
  const body = $('projections').tBodies[0];
  body.replaceChildren();
  list.forEach((p) => {
    const last = p.last_replay;
    const target = last ? last.target : p.head;
    const done = last && !last.finished_at ? Math.max(0, Math.min(p.position, target)) : target;
    const bar = el('progress', null, { max: String(Math.max(target, 1)), value: String(Math.max(done, 0)),
      'data-projection': p.name });
    const percent = target > 0 ? Math.floor(100 * Math.max(done, 0) / target) : 100;
    let text = percent + ' %';
    if (last && !last.finished_at && last.events_per_second > 0) {
      text += ' · ETA ' + Math.ceil((target - done) / last.events_per_second) + ' s';
    }
    const progress = el('span');
    progress.appendChild(bar);
    progress.appendChild(el('span', ' ' + text, { 'data-percent': p.name }));
    const lastText = last ? (last.finished_at ? 'finished ' + last.finished_at : 'running since ' + last.started_at)
      + ' · ' + last.events_per_second + ' events/s' : 'never';
    let action = '';
    if (state.me.role === 'operator') {
      action = el('button', 'Replay', { type: 'button', 'data-replay': p.name });
      action.addEventListener('click', async () => {
        if (!window.confirm('Rebuild ' + p.name + ' from the event log? Nothing is sent to agents again.')) return;
        try {
          await api('POST', '/ops/projections/' + encodeURIComponent(p.name) + '/replay');
          notice('Replay of ' + p.name + ' started.');
          loadReplays();
        } catch (e) { notice(e.message, true); }
      });
    }
    body.appendChild(row([p.name, p.position, p.head, p.behind, lastText, progress, action]));
    if (last && !last.finished_at) {
      clearTimeout(state.replayTimers[p.name]);
      state.replayTimers[p.name] = setTimeout(() => { if (!$('view-replays').hidden) loadReplays(); }, 500);
    }
  });
  renderRebuilds(list, remote);
}

// Rebuilds (a projection folded into a shadow table beside the live one, compared, then switched in or discarded).
const REBUILD_BUSY = ['building', 'catching_up', 'comparing', 'switching'];
const REBUILD_KINDS = { changed: 'changed', only_in_live: 'only in live', only_in_rebuild: 'only in rebuild' };

const SERVICE_NAMES = { checkout: 'checkout-api', pricing: 'pricing-service', payment: 'payment-service' };
const KEY_LABELS = { order_view: 'Order', session_view: 'Session' };

// A rebuildable projection: this service's own (/ops/projections/…) or another service's, driven through this one
// (/ops/services/{service}/projections/…). Its id names its panel: the name, or service/name.
function rebuildEntry(p, service) {
  const name = encodeURIComponent(p.name);
  if (!service) {
    return { id: p.name, label: p.name, heading: p.name, table: p.table,
      path: '/ops/projections/' + name + '/rebuild' };
  }
  const owner = SERVICE_NAMES[service] || service;
  const what = p.table ? p.table.replace('_view', ' view').replace(/_/g, ' ') : p.name;
  return { id: service + '/' + p.name, label: owner + '\'s ' + p.name,
    heading: owner + '\'s ' + what + ' (' + p.name + ')', table: p.table, error: p.error,
    path: '/ops/services/' + encodeURIComponent(service) + '/projections/' + name + '/rebuild' };
}

function rebuildPath(id, suffix) {
  return state.rebuildEntries[id].path + (suffix || '');
}

function rebuildPanel(id) {
  return document.querySelector('#rebuilds [data-rebuild="' + CSS.escape(id) + '"]');
}

function mebibytes(bytes) {
  return bytes > 0 ? Math.round(bytes / 1048576) + ' MiB' : '—';
}

function renderRebuilds(list, remote) {
  const rebuildable = list.filter((p) => p.rebuildable).map((p) => [rebuildEntry(p), p.rebuild])
    .concat((remote || []).map((p) => [rebuildEntry(p, p.service), p.rebuild]));
  $('rebuilds-section').hidden = rebuildable.length === 0;
  const holder = $('rebuilds');
  holder.replaceChildren();
  rebuildable.forEach(([entry, status]) => {
    state.rebuildEntries[entry.id] = entry;
    holder.appendChild(el('section', null, { class: 'rebuild', 'data-rebuild': entry.id }));
    renderRebuild(entry.id, status || null);
  });
}

function rebuildStateText(s) {
  const table = s.table;
  switch (s.phase) {
    case 'building': return 'Building ' + table + '_rebuild from the event log'
      + (s.dry_run ? ' (dry run: nothing changes until it is switched in).' : '; it switches in once built.');
    case 'catching_up': return 'Catching up with the events the live projection handled meanwhile.';
    case 'comparing': return 'Comparing the rebuilt ' + table + ' with the live one.';
    case 'ready': return 'Built and compared at ' + s.finished_at + ': switch it in or discard it.';
    case 'switching': return 'Switching the rebuilt ' + table + ' in.';
    case 'switched': return 'Switched in at ' + s.finished_at + ': the live ' + table + ' is the rebuilt one (the one it'
      + ' replaced is kept as ' + table + '_previous). Nothing was sent again.';
    case 'discarded': return 'Discarded at ' + s.finished_at + ': the rebuilt table was dropped; the live ' + table
      + ' is untouched.';
    case 'failed': return 'Failed' + (s.finished_at ? ' at ' + s.finished_at : '') + ': ' + (s.error || 'no reason given');
    default: return s.phase;
  }
}

function renderRebuildProgress(panel, name, s) {
  const busy = REBUILD_BUSY.includes(s.phase);
  const line = el('p', null, { class: 'rebuild-progress' });
  if (busy) {
    line.appendChild(el('progress', null, { max: '100', value: String(Math.max(0, Math.min(100, s.percent || 0))),
      'data-rebuild-progress': name }));
    let text = ' ' + s.percent + ' % · ' + s.events_per_second + ' events/s · ETA '
      + (s.eta_seconds === null || s.eta_seconds === undefined ? '—' : s.eta_seconds + ' s');
    text += ' · event ' + Math.max(s.position, 0) + ' of ' + Math.max(s.target, 0);
    line.appendChild(el('span', text, { 'data-rebuild-percent': name }));
  } else {
    line.appendChild(el('span', s.events + ' events folded at ' + s.events_per_second + ' events/s, from '
      + s.started_at, { 'data-rebuild-percent': name }));
  }
  panel.appendChild(line);
  panel.appendChild(el('p', 'Rows written ' + s.rows_written + ', read back ' + s.rows_read_back + ' · heap peak '
    + mebibytes(s.heap_peak_bytes) + ' of ' + mebibytes(s.heap_max_bytes), { class: 'hint' }));
}

function renderRebuildComparison(panel, name, d, phase, keyLabel) {
  const box = el('div', null, { class: 'comparison', 'data-rebuild-comparison': name });
  const rows = d.total + (d.total === 1 ? ' row' : ' rows');
  let summary;
  if (phase === 'switched') {
    summary = d.total === 0 ? 'Before the switch the rebuilt table matched the live one.'
      : 'Before the switch ' + rows + ' differed from the live table; the switch replaced ' + (d.total === 1 ? 'it.' : 'them.');
  } else {
    summary = d.total === 0 ? 'No differences: the rebuilt table matches the live one.'
      : rows + (d.total === 1 ? ' differs' : ' differ') + ' between the live table and the rebuilt one.';
  }
  box.appendChild(el('p', summary, { class: d.total === 0 ? 'same' : (phase === 'switched' ? 'repaired' : 'differs'),
    'data-rebuild-total': String(d.total) }));
  const dl = el('dl', null, { class: 'money' });
  const counts = d.counts || {};
  [['Changed', 'changed', counts.changed], ['Only in live', 'only_in_live', counts.only_in_live],
    ['Only in rebuild', 'only_in_rebuild', counts.only_in_rebuild],
    ['Left out (moved while comparing)', 'left_out_in_flight', d.left_out_in_flight],
    ['Rows rebuilt', 'rows_rebuilt', d.rows_rebuilt], ['Rows live', 'rows_live', d.rows_live],
    ['Compared at event', 'compared_at_position', d.compared_at_position]].forEach(([label, key, value]) => {
    dl.appendChild(el('dt', label));
    dl.appendChild(el('dd', value === null || value === undefined ? 0 : value, { 'data-rebuild-count': key }));
  });
  box.appendChild(dl);
  const samples = d.samples || [];
  if (samples.length) {
    box.appendChild(el('p', samples.length < d.total ? 'The first ' + samples.length + ' of ' + d.total + ':'
      : (phase === 'switched' ? 'The rows that differed:' : 'The rows that differ:'), { class: 'hint' }));
    const table = el('table', null, { class: 'differences', 'data-rebuild-samples': name });
    const head = el('thead');
    const tr = el('tr');
    [keyLabel, 'Kind', 'Path', 'Live', 'Rebuilt'].forEach((h) => tr.appendChild(el('th', h)));
    head.appendChild(tr);
    table.appendChild(head);
    const body = el('tbody');
    const value = (v) => (v === null || v === undefined ? el('span', 'absent', { class: 'hint' }) : el('code', v));
    samples.forEach((sample) => {
      const kind = REBUILD_KINDS[sample.kind] || sample.kind;
      const paths = sample.paths && sample.paths.length ? sample.paths : [null];
      paths.forEach((p, i) => {
        const cells = [i === 0 ? sample.key : '', i === 0 ? kind : '',
          p ? el('code', p.path) : el('span', 'the document is the same; other columns differ', { class: 'hint' }),
          p ? value(p.live) : '', p ? value(p.rebuilt) : ''];
        const r = row(cells);
        r.setAttribute('data-sample-key', sample.key);
        r.setAttribute('data-sample-kind', sample.kind);
        if (p) r.setAttribute('data-sample-path', p.path);
        body.appendChild(r);
      });
    });
    table.appendChild(body);
    box.appendChild(table);
  }
  panel.appendChild(box);
}

function renderRebuild(name, s) {
  const panel = rebuildPanel(name);
  if (!panel) return;
  const entry = state.rebuildEntries[name];
  const label = entry.label;
  state.rebuilds[name] = s;
  const phase = s ? s.phase : 'none';
  const busy = REBUILD_BUSY.includes(phase);
  const operator = state.me.role === 'operator';
  panel.setAttribute('data-phase', phase);
  panel.replaceChildren();
  panel.appendChild(el('h4', entry.heading + (s || entry.table ? ' → ' + (s ? s.table : entry.table) : '')));
  if (entry.error) panel.appendChild(el('p', 'Could not ask for its state: ' + entry.error, { class: 'hint' }));
  const stateLine = el('p', null, { class: 'rebuild-state phase-' + phase, 'data-rebuild-state': name });
  stateLine.appendChild(el('strong', phase.replace('_', ' '), { class: 'phase', 'data-rebuild-phase': name }));
  stateLine.appendChild(el('span', ' ' + (s ? rebuildStateText(s) : 'No rebuild has run since the service started.')));
  panel.appendChild(stateLine);
  if (s && phase === 'failed' && /^replay_in_progress/.test(s.error || '')) {
    panel.appendChild(el('p', 'After a replay the processor counts as replaying until it handles an event newer than'
      + ' the replay\'s target: rebuild once the next order event has come in.', { class: 'hint' }));
  }
  if (s && phase !== 'discarded') renderRebuildProgress(panel, name, s);
  if (s && s.differences && phase !== 'discarded') {
    renderRebuildComparison(panel, name, s.differences, phase, KEY_LABELS[s.table || entry.table] || 'Row');
  }

  if (operator) {
    const actions = el('p', null, { class: 'actions operator-only' });
    const start = el('button', 'Dry-run rebuild', { type: 'button', 'data-rebuild-start': name });
    start.disabled = busy;
    start.addEventListener('click', async () => {
      start.disabled = true;
      state.rebuildConfirm[name] = false;
      await rebuildChange(name, 'POST', '', { dry_run: true }, 'Dry-run rebuild of ' + label + ' started.');
    });
    actions.appendChild(start);
    if (phase === 'ready') {
      const switchIn = el('button', 'Switch in', { type: 'button', 'data-rebuild-switch': name });
      switchIn.disabled = !!state.rebuildConfirm[name];
      switchIn.addEventListener('click', () => { state.rebuildConfirm[name] = true; renderRebuild(name, s); });
      const discard = el('button', 'Discard', { type: 'button', 'data-rebuild-discard': name });
      discard.addEventListener('click', async () => {
        discard.disabled = true;
        state.rebuildConfirm[name] = false;
        await rebuildChange(name, 'DELETE', '', undefined, 'The rebuild of ' + label + ' was discarded.');
      });
      actions.appendChild(switchIn);
      actions.appendChild(discard);
    }
    panel.appendChild(actions);
    if (phase === 'ready' && state.rebuildConfirm[name]) {
      const d = s.differences || { total: 0 };
      const confirm = el('div', null, { class: 'confirm', 'data-rebuild-confirm': name });
      confirm.appendChild(el('p', 'Switch the rebuilt ' + s.table + ' in for ' + label + '? The live table ' + s.table
        + ' will be replaced by the rebuilt one (after a last catch-up; the live one is kept as ' + s.table
        + '_previous), repairing ' + d.total + (d.total === 1 ? ' row' : ' rows') + '. Nothing is re-sent: no webhook'
        + ' goes to agents again.', { 'data-rebuild-confirm-text': name }));
      const yes = el('button', 'Replace the live table', { type: 'button', 'data-rebuild-switch-confirm': name });
      yes.addEventListener('click', async () => {
        yes.disabled = true;
        state.rebuildConfirm[name] = false;
        await rebuildChange(name, 'POST', '/switch', undefined, 'The rebuilt ' + s.table + ' is switched in.');
      });
      const back = el('button', 'Back', { type: 'button', 'data-rebuild-switch-cancel': name });
      back.addEventListener('click', () => { state.rebuildConfirm[name] = false; renderRebuild(name, s); });
      confirm.appendChild(yes);
      confirm.appendChild(back);
      panel.appendChild(confirm);
      confirm.scrollIntoView({ block: 'nearest' });
    }
  }

  const key = 'rebuild:' + name;
  clearTimeout(state.replayTimers[key]);
  if (busy) state.replayTimers[key] = setTimeout(() => pollRebuild(name), 500);
}

async function pollRebuild(name) {
  if ($('view-replays').hidden || !rebuildPanel(name)) return;
  const label = state.rebuildEntries[name].label;
  try {
    const s = await api('GET', rebuildPath(name));
    if (s.phase === 'ready') {
      notice('The dry-run rebuild of ' + label + ' is compared: ' + (s.differences ? s.differences.total : 0)
        + ' differences.');
    } else if (s.phase === 'failed') {
      notice('The rebuild of ' + label + ' failed: ' + s.error, true);
    } else if (s.phase === 'switched') {
      notice('The rebuild of ' + label + ' is switched in.');
    }
    renderRebuild(name, s);
  } catch (e) {
    notice(e.message, true);
  }
}

async function rebuildChange(name, method, suffix, body, done) {
  try {
    const status = await api(method, rebuildPath(name, suffix), body);
    const failed = status.phase === 'failed';
    notice(failed ? 'The rebuild of ' + state.rebuildEntries[name].label + ' failed: ' + status.error : done, failed);
    renderRebuild(name, status);
  } catch (e) {
    notice(e.message, true);
    // show where it stands now (a 409 says it was not ready, or is busy)
    try { renderRebuild(name, await api('GET', rebuildPath(name))); } catch (ignored) { /* the notice says it */ }
  }
}

function datetimeLocal(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate()) + 'T' + pad(date.getHours())
    + ':' + pad(date.getMinutes());
}

async function openWhatIf() {
  if (!$('what-if-from').value) {
    const now = new Date();
    $('what-if-from').value = datetimeLocal(new Date(now.getTime() - 30 * 24 * 3600 * 1000));
    $('what-if-to').value = datetimeLocal(new Date(now.getTime() + 60 * 1000));
  }
  if (!$('what-if-candidate').value) await todaysRules();
}

async function todaysRules() {
  $('what-if-candidate').value = await api('GET', '/ops/what-if/config', undefined, { 'Accept': 'application/yaml' });
}

function whatIfRequest(sessions) {
  return {
    from: localToInstant($('what-if-from').value), to: localToInstant($('what-if-to').value),
    scope: $('what-if-scope').value, candidate: $('what-if-candidate').value, sessions,
  };
}

const WHAT_IF_FIGURES = [['items_base_amount', 'Items'], ['items_discount', 'Discounts'], ['subtotal', 'Subtotal'],
  ['fulfillment', 'Fulfillment'], ['tax', 'Tax'], ['total', 'Total']];

async function runWhatIf(event) {
  event.preventDefault();
  notice('Re-pricing…');
  $('what-if-run').disabled = true;
  try {
    const r = await api('POST', '/ops/what-if', whatIfRequest(100));
    notice('');
    renderWhatIf(r);
  } catch (e) {
    notice(e.message, true);
  } finally {
    $('what-if-run').disabled = false;
  }
}

function renderWhatIf(r) {
  $('what-if-result').hidden = false;
  const drifted = r.currencies.reduce((n, c) => n + c.drifted, 0);
  $('what-if-summary').textContent = r.changed + ' of ' + r.sessions + ' checkouts would have been priced differently'
    + ' (' + r.elapsed_ms + ' ms).' + (drifted ? ' ' + drifted + ' of them are not reproduced by today\'s rules either'
    + ' (the rules or a catalog weight changed since): part of their change is not the candidate\'s.' : '');
  const totals = $('what-if-totals').tBodies[0];
  const taxes = $('what-if-taxes').tBodies[0];
  const sessions = $('what-if-sessions').tBodies[0];
  totals.replaceChildren();
  taxes.replaceChildren();
  sessions.replaceChildren();
  r.currencies.forEach((c) => {
    WHAT_IF_FIGURES.forEach(([key, label]) => totals.appendChild(row([c.currency.toUpperCase(), label,
      money(c.recorded[key], c.currency), money(c.candidate[key], c.currency), change(c.delta[key], c.currency)])));
    c.tax_by_jurisdiction.forEach((t) => taxes.appendChild(row([c.currency.toUpperCase(), t.jurisdiction,
      money(t.recorded, c.currency), money(t.candidate, c.currency), change(t.delta, c.currency)])));
  });
  r.largest_changes.forEach((s) => {
    const fulfillment = s.candidate && s.candidate.fulfillment_option_id !== s.recorded.fulfillment_option_id
      ? (s.recorded.fulfillment_option_id || '–') + ' → ' + (s.candidate.fulfillment_option_id || '–')
      : s.recorded.fulfillment_option_id;
    sessions.appendChild(row([s.session_id, s.status, s.created_at, money(s.recorded.total, s.currency),
      s.candidate ? money(s.candidate.total, s.currency) : '', change(s.delta_total, s.currency), fulfillment,
      s.problem || (s.drift ? 'not reproduced by today\'s rules' : '')]));
  });
}

function change(amount, currency) {
  return amount > 0 ? '+' + money(amount, currency) : money(amount, currency);
}

async function downloadWhatIf() {
  notice('Re-pricing for the CSV…');
  try {
    const response = await fetch('/ops/what-if?format=csv', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'text/csv', 'X-CSRF-Token': state.me.csrf },
      body: JSON.stringify(whatIfRequest(0)),
    });
    if (!response.ok) {
      const text = await response.text();
      let message = 'HTTP ' + response.status;
      try { message = JSON.parse(text).message || message; } catch (e) { /* not JSON */ }
      throw new Error(message);
    }
    const url = URL.createObjectURL(await response.blob());
    const link = el('a', '', { href: url, download: 'what-if.csv' });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    notice('The CSV is downloaded: one row per checkout, then the totals per currency.');
  } catch (e) {
    notice(e.message, true);
  }
}

async function loadActivity() {
  const actions = await api('GET', '/ops/actions?limit=200');
  const body = $('activity').tBodies[0];
  body.replaceChildren();
  actions.forEach((a) => body.appendChild(row([a.at, a.actor, a.role, a.via, a.method + ' ' + a.path, a.status,
    a.remote_address])));
}

document.addEventListener('DOMContentLoaded', () => {
  $('sign-in-form').addEventListener('submit', signIn);
  $('sign-out').addEventListener('click', signOut);
  $('find-form').addEventListener('submit', find);
  $('refund-form').addEventListener('submit', reviewRefund);
  $('refund-confirm-button').addEventListener('click', confirmRefund);
  $('refund-cancel').addEventListener('click', () => { $('refund-confirm').hidden = true; });
  document.querySelectorAll('input[name="refund-by"]').forEach((r) => r.addEventListener('change', () => {
    const byAmount = document.querySelector('input[name="refund-by"]:checked').value === 'amount';
    $('refund-lines').hidden = byAmount;
    $('refund-amount-row').hidden = !byAmount;
  }));
  $('what-if-form').addEventListener('submit', runWhatIf);
  $('what-if-csv').addEventListener('click', downloadWhatIf);
  $('what-if-reset').addEventListener('click', () => todaysRules().catch((e) => notice(e.message, true)));
  window.addEventListener('hashchange', route);
  route();
});
