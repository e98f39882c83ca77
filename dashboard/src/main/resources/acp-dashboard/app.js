// The dashboard page: fetches /api/snapshot (conditionally, by ETag), listens to /api/events for changes, and
// renders every panel. No framework, no build step: plain ES modules served as they are.
import { h, clear, time, relative, table, badge, statusBadge, percent } from './dom.js';
import { runChart, sumDays } from './chart.js';

const API = new URL('.', document.baseURI);
const LANES = ['implement', 'scheduled', 'blocked-recovery', 'double-check-2', 'double-check-1', 'automerge',
  'merge-repair', 'fix', 'ci-refresh'];
const STATUSES = ['pending', 'running', 'waiting-auth', 'idle-resident', 'succeeded', 'failed', 'cancelled'];
const POLL_MS = 5000;

const state = { snapshot: null, etag: null, page: 1, pages: 1, seenAlerts: new Set(), pollTimer: null, openRun: null };
const $ = (id) => document.getElementById(id);

function filters() {
  return {
    profile: $('filter-profile').value,
    lane: $('filter-lane').value,
    status: $('filter-status').value,
    q: $('filter-text').value.trim(),
  };
}

function showProblem(text) {
  const p = $('problem');
  p.hidden = !text;
  p.textContent = text || '';
}

async function getJson(path, init) {
  const res = await fetch(new URL(path, API), { cache: 'no-cache', ...init });
  if (!res.ok && res.status !== 304) {
    let message = `${res.status} ${res.statusText}`;
    try { message = (await res.json()).message || message; } catch { /* not JSON */ }
    throw new Error(message);
  }
  return res;
}

// ---------------------------------------------------------------- loading

async function loadSnapshot() {
  try {
    const headers = state.etag ? { 'If-None-Match': state.etag } : {};
    const res = await getJson('api/snapshot', { headers });
    if (res.status === 304) return;
    const snap = await res.json();
    state.etag = res.headers.get('ETag');
    if (state.snapshot && state.snapshot.version === snap.version) return;
    state.snapshot = snap;
    showProblem('');
    render();
    await loadRuns();
    // An open run detail follows the run: its status, result and log tail.
    if (state.openRun && $('detail').open) await openRun(state.openRun);
  } catch (e) {
    showProblem(`The dashboard cannot load its data: ${e.message}`);
  }
}

async function loadRuns() {
  const f = filters();
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) params.set(k, v);
  params.set('page', String(state.page));
  try {
    const page = await (await getJson(`api/runs?${params}`)).json();
    state.pages = page.pages;
    renderRuns(page);
  } catch (e) {
    showProblem(`The run history cannot be loaded: ${e.message}`);
  }
}

function listen() {
  if (!('EventSource' in window)) { poll(); return; }
  const events = new EventSource(new URL('api/events', API));
  events.addEventListener('open', () => setLive('live', 'live: updates as the state changes'));
  events.addEventListener('snapshot', () => loadSnapshot());
  events.addEventListener('error', () => {
    setLive('reconnecting', 'the event stream dropped; reconnecting, and polling meanwhile');
    poll();
  });
}

function poll() {
  if (state.pollTimer) return;
  state.pollTimer = setInterval(() => {
    loadSnapshot();
    if (document.querySelector('#live.live-on')) { clearInterval(state.pollTimer); state.pollTimer = null; }
  }, POLL_MS);
}

function setLive(text, title) {
  const el = $('live');
  el.textContent = text;
  el.title = title;
  el.classList.toggle('live-on', text === 'live');
}

// ---------------------------------------------------------------- rendering

function visibleProfiles() {
  const f = filters();
  return state.snapshot.profiles.filter((p) => !f.profile || p.id === f.profile);
}

function runMatches(run) {
  const f = filters();
  if (f.lane && run.lane !== f.lane) return false;
  if (f.status && run.status !== f.status) return false;
  if (f.q) {
    const hay = [run.profile, run.runId, run.item, run.lane, run.status, run.outcome, run.reason, run.provider]
      .filter(Boolean).join(' ').toLowerCase();
    if (!f.q.toLowerCase().split(/\s+/).every((w) => hay.includes(w))) return false;
  }
  return true;
}

function textMatches(...fields) {
  const q = filters().q.toLowerCase();
  if (!q) return true;
  const hay = fields.filter(Boolean).join(' ').toLowerCase();
  return q.split(/\s+/).every((w) => hay.includes(w));
}

function render() {
  const snap = state.snapshot;
  fillProfileFilter(snap.profiles.map((p) => p.id));
  $('updated').textContent = '';
  $('updated').append('updated ', time(snap.generatedAt));
  renderOverview(snap);
  renderAlerts(snap.alerts.filter((a) => !filters().profile || a.profile === filters().profile));
  clear($('chart')).append(runChart(sumDays(visibleProfiles())));
  const holder = clear($('profiles'));
  for (const p of visibleProfiles()) holder.append(profileSection(p));
}

function renderOverview(snap) {
  const o = snap.overview;
  const cards = [
    ['Profiles', o.profiles], ['Active runs', o.activeRuns], ['Running', o.running], ['Pending', o.pending],
    ['Succeeded', o.succeeded, 'ok'], ['Failed', o.failed, o.failed ? 'bad' : ''], ['Waiting items', o.waitingItems],
    ['Retries', o.activeRetries], ['Provider cooldowns', o.providerCooldowns, o.providerCooldowns ? 'warn' : ''],
    ['Scheduled', o.scheduledIssues], ['Claims', o.claims], ['Pending GitHub writes', o.pendingWrites],
    ['Failed writes', o.failedWrites, o.failedWrites ? 'bad' : ''], ['Alerts', o.alerts, o.alerts ? 'warn' : ''],
  ];
  const el = clear($('overview'));
  for (const [label, value, kind] of cards) {
    el.append(h('div', { class: `card ${kind || ''}` }, h('div', { class: 'value' }, String(value)),
      h('div', { class: 'label' }, label)));
  }
}

function renderAlerts(alerts) {
  $('alerts-section').hidden = alerts.length === 0;
  const list = clear($('alerts'));
  for (const a of alerts) {
    list.append(h('li', { class: `alert ${a.severity}` }, h('strong', {}, `${a.profile}: ${a.title}`),
      a.message ? h('span', {}, ` ${a.message}`) : null));
    if (!state.seenAlerts.has(a.id) && state.snapshot && 'Notification' in window
        && Notification.permission === 'granted' && state.seenAlerts.size > 0) {
      new Notification(`ACP ${a.profile}: ${a.title}`, { body: a.message || '' });
    }
    state.seenAlerts.add(a.id);
  }
}

function runLink(run) {
  return h('a', { href: `#run=${encodeURIComponent(run.runId)}`, class: 'run-link', dataset: { run: run.runId } }, run.runId);
}

function itemLink(profile, item) {
  return h('a', { href: `#item=${encodeURIComponent(profile)}/${encodeURIComponent(item.replace('#', '-'))}`,
    class: 'item-link' }, item);
}

function runRows(runs) {
  return runs.filter(runMatches).map((r) => [runLink(r), r.lane, itemLink(r.profile, r.item), statusBadge(r.status),
    time(r.startedAt), String(r.minutes), [r.outcome, r.reason].filter(Boolean).join(' / ') || '–']);
}

function panel(title, content, extra) {
  return h('section', { class: `panel ${extra || ''}` }, h('h3', {}, title), content);
}

function profileSection(p) {
  const c = p.counts;
  const hb = p.heartbeat;
  const badges = [badge(`backend ${p.backend}`), badge(`pools ${p.pools.join(', ')}`)];
  if (hb) badges.push(badge(`last heartbeat ${hb.outcome}`, hb.outcome === 'completed' ? 'ok' : 'bad'));
  else badges.push(badge('no heartbeat recorded yet', 'muted'));
  if (p.plan && p.plan.observation === 'mirror') badges.push(badge('planned from the mirror: GitHub unreachable', 'warn'));
  const cards = [['Active', c.activeRuns], ['Running', c.runningRuns], ['Pending', c.pendingRuns],
    ['Resident', c.residentWorkers], ['Succeeded', c.succeededRuns], ['Failed', c.failedRuns],
    ['Archived', c.archivedRuns], ['Launched', c.launchesPlanned], ['Waiting', c.waitingItems],
    ['Retries', c.activeRetries], ['Cooldowns', c.providerCooldowns], ['Scheduled', c.scheduledIssues],
    ['Queue', c.pendingLaunches], ['Claims', c.claims], ['Writes pending', c.pendingWrites],
    ['Writes failed', c.failedWrites], ['Alerts', c.alerts]];
  const headers = ['Run', 'Lane', 'Item', 'Status', 'Started', 'Minutes', 'Outcome / reason'];
  const waits = p.plan ? p.plan.waits.filter((w) => textMatches(w.item, w.reason, w.detail, w.meaning)) : [];
  return h('section', { class: 'profile', id: `profile-${p.id}`, dataset: { profile: p.id } },
    h('h2', {}, p.id, ' ', h('span', { class: 'muted repo' }, p.repository)),
    h('div', { class: 'badges' }, badges),
    h('div', { class: 'cards small' }, cards.map(([l, v]) => h('div', { class: 'card' },
      h('div', { class: 'value' }, String(v)), h('div', { class: 'label' }, l)))),
    h('div', { class: 'grid' },
      panel('Active runs', table(headers, runRows(p.activeRuns), 'no active run'), 'wide active-runs'),
      panel('Recently finished', table(headers, runRows(p.recentRuns), 'no finished run'), 'wide recent-runs'),
      panel('Why waiting', p.plan ? table(['Item', 'Reason', 'Until', 'Blocked by', 'Detail'], waits.map((w) => [
        itemLink(p.id, w.item), h('span', { title: w.meaning }, badge(w.reason, 'warn')), time(w.until),
        w.blocker || '–', w.detail || w.meaning])) : h('p', { class: 'empty' }, 'no plan recorded yet'), 'wide why-waiting'),
      panel('Launched by the last heartbeat', p.plan ? table(['Item', 'Lane', 'Rule', 'Provider'],
        p.plan.launches.map((l) => [itemLink(p.id, l.item), l.lane, l.rule, l.provider || '–']), 'nothing launched')
        : h('p', { class: 'empty' }, '–')),
      panel('Last heartbeat', hb ? h('div', {}, h('p', {}, `${hb.outcome} `, time(hb.finishedAt), ` in ${hb.durationMs} ms`,
        hb.detail ? ` (${hb.detail})` : ''),
      h('ul', { class: 'notes' }, hb.failures.map((f) => h('li', { class: 'bad' }, f)), hb.notes.map((n) => h('li', {}, n))),
      hb.outbox ? h('p', { class: 'muted' }, `outbox: ${hb.outbox}`) : null) : h('p', { class: 'empty' }, 'none yet')),
      panel('GitHub budget', githubPanel(p.github)),
      panel('Resident workers', table(headers, runRows(p.residentWorkers), 'none')),
      panel('Retries', table(['Item', 'Attempts', 'Next attempt', 'Last reason'], p.retries.map((r) => [
        itemLink(p.id, r.item), String(r.attempts), r.ready ? badge('ready', 'ok') : time(r.nextAttemptAt), r.lastReason || '–']), 'none')),
      panel('Provider cooldowns', table(['Provider', 'Attempts', 'Until', 'Last reason'],
        [...p.providerCooldowns, ...(p.githubCooldown ? [p.githubCooldown] : [])].map((cd) => [cd.key, String(cd.attempts),
          cd.active ? time(cd.nextAttemptAt) : badge('ready', 'ok'), cd.lastReason || '–']), 'none')),
      panel('Scheduled issues', table(['Issue', 'Every', 'Last started', 'Next due'], p.scheduledIssues.map((s) => [
        itemLink(p.id, s.item), `${Math.round(s.intervalSeconds / 60)} min`, time(s.lastStartedAt),
        s.due ? badge('due', 'info') : time(s.nextDueAt)]), 'none')),
      panel('Blocked recovery', table(['Issue', 'Due'], p.blockedRecoveries.map((b) => [itemLink(p.id, b.item),
        b.due ? badge('due', 'info') : time(b.dueAt)]), 'none')),
      panel('Queue and claims', h('div', {},
        table(['Item', 'Lane', 'Run', 'Queued', 'By'], p.queue.pendingLaunches.map((q) => [itemLink(p.id, q.item), q.lane,
          q.runId, time(q.createdAt), q.owner]), 'no pending launch'),
        table(['Item', 'Claimed by', 'Host', 'Since'], p.queue.claims.map((cl) => [itemLink(p.id, cl.item), cl.owner,
          `${cl.host} (pid ${cl.pid})`, time(cl.claimedAt)]), 'no claim'))),
      panel('GitHub outbox', outboxPanel(p.outbox), 'wide'),
      panel('Lifetime budgets', table(['Item', 'Attempts', 'Agent minutes', 'Since'], p.budgets.map((b) => [
        itemLink(p.id, b.item), `${b.attempts} / ${b.maxAttempts}`, `${b.agentMinutes} / ${b.maxAgentMinutes}`,
        b.countedSince ? time(b.countedSince) : 'always']), 'no run yet')),
      panel('Success by lane', ratesTable(p.lanes)),
      panel('Success by backend', ratesTable(p.backends))));
}

function ratesTable(rates) {
  return table(['Name', 'Runs', 'Success', 'Avg min', 'Median min', 'Agent min'], rates.map((r) => [r.name,
    String(r.runs), percent(r.successRate), String(r.averageMinutes), String(r.medianMinutes), String(r.agentMinutes)]),
  'no finished run');
}

function githubPanel(g) {
  return h('div', {},
    h('p', {}, `remaining: ${g.remaining < 0 ? 'unknown' : g.remaining}; ${g.pointsPerHeartbeat} points a heartbeat;`
      + ` ${percent(g.notModifiedShare)} of ${g.requests} requests answered 304 (over ${g.heartbeats} heartbeats)`),
    table(['Heartbeat', 'Outcome', 'Requests', '304', 'Points'], g.recent.slice(0, 6).map((c) => [time(c.startedAt),
      c.outcome, String(c.requests), String(c.notModified), String(c.points)]), 'no heartbeat recorded'));
}

function outboxPanel(o) {
  const rows = (list) => list.map((w) => [w.id, w.kind, w.item || '–', w.summary || '–', time(w.finishedAt || w.createdAt),
    w.lastError || '']);
  const headers = ['Id', 'Kind', 'Item', 'What', 'When', 'Error'];
  return h('div', {},
    h('p', {}, `pending ${o.pending} (comments ${o.pendingComments}, labels ${o.pendingLabelUpdates}, reviews ${o.pendingReviews},`
      + ` PRs ${o.pendingPullRequests}); done ${o.done}; failed ${o.failed}; dropped ${o.dropped}`,
    o.rateLimitedUntil ? h('span', { class: 'warn' }, ' rate-limited until ', time(o.rateLimitedUntil)) : null),
    h('h4', {}, 'Pending'), table(headers, rows(o.pendingItems), 'none'),
    h('h4', {}, 'Failed'), table(headers, rows(o.recentFailed), 'none'),
    h('h4', {}, 'Done recently'), table(headers, rows(o.recentDone), 'none'));
}

function renderRuns(page) {
  const body = clear(document.querySelector('#runs-table tbody'));
  for (const r of page.runs) {
    body.append(h('tr', { dataset: { run: r.runId, status: r.status } },
      [runLink(r), r.profile, r.lane, itemLink(r.profile, r.item), statusBadge(r.status), time(r.startedAt), String(r.minutes),
        [r.outcome, r.reason].filter(Boolean).join(' / ') || '–'].map((c) => h('td', {}, c))));
  }
  if (!page.runs.length) body.append(h('tr', {}, h('td', { colspan: 8, class: 'empty' }, 'no run matches')));
  $('page-info').textContent = `page ${page.page} of ${page.pages} (${page.total} runs)`;
  $('prev').disabled = page.page <= 1;
  $('next').disabled = page.page >= page.pages;
}

function fillProfileFilter(ids) {
  const select = $('filter-profile');
  const have = [...select.options].map((o) => o.value).filter(Boolean);
  if (have.join() === ids.join()) return;
  const current = select.value;
  clear(select).append(h('option', { value: '' }, 'all'), ...ids.map((id) => h('option', { value: id }, id)));
  select.value = ids.includes(current) ? current : '';
}

// ---------------------------------------------------------------- details

async function openRun(id) {
  state.openRun = id;
  let d;
  try {
    d = await (await getJson(`api/runs/${encodeURIComponent(id)}`)).json();
  } catch (e) {
    openDialog(`Run ${id}`).append(h('p', { class: 'problem' }, e.message));
    return;
  }
  const body = openDialog(`Run ${id}`);
  const r = d.run;
  put(body,
    h('dl', { class: 'facts' }, ...[['Profile', r.profile], ['Lane', r.lane], ['Item', r.item], ['Status', statusBadge(r.status)],
      ['Started', time(r.startedAt)], ['Ended', time(r.endedAt)], ['Agent minutes', String(r.minutes)],
      ['Provider', r.provider || '–'], ['Outcome', r.outcome || '–'], ['Reason', r.reason || '–'],
      ['Run directory', d.runDirectory || '–']].flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    d.problems.length ? h('ul', { class: 'problems' }, d.problems.map((p) => h('li', {}, p))) : null,
    h('h3', {}, 'Result'),
    d.result ? h('p', {}, `${d.result.outcome} → ${d.result.action}`, d.result.detail ? `: ${d.result.detail}` : '',
      d.result.problem ? h('span', { class: 'bad' }, ` (${d.result.problem})`) : null) : h('p', { class: 'empty' }, 'no result.json'),
    h('h3', {}, 'Verification'),
    table(['When', 'Status', 'Command', 'Note'], d.verification.map((v) => [v.timestamp || '–',
      badge(v.status || '?', v.status === 'pass' ? 'ok' : 'bad'), h('code', {}, v.command || ''), v.note || '']), 'no verification journal'),
    h('h3', {}, 'Agent log', d.log ? h('span', { class: 'muted' }, d.log.truncated ? ` (last part of ${d.log.size} bytes)` : ` (${d.log.size} bytes)`) : null),
    d.log ? h('pre', { class: 'log', id: 'log-tail' }, d.log.text) : h('p', { class: 'empty' }, 'no agent.log'),
    h('details', {}, h('summary', {}, 'Prompt'), d.prompt ? h('pre', { class: 'prompt' }, d.prompt) : h('p', { class: 'empty' }, 'no prompt.md')));
  const log = document.getElementById('log-tail');
  if (log) log.scrollTop = log.scrollHeight;
}

async function openItem(profile, item) {
  state.openRun = null;
  const body = openDialog(`${profile}: ${item}`);
  try {
    const d = await (await getJson(`api/items/${encodeURIComponent(profile)}/${encodeURIComponent(item)}`)).json();
    put(body, h('p', {}, badge(d.status, d.status === 'waiting' ? 'warn' : 'info'),
      d.plannedAt ? h('span', { class: 'muted' }, ' as of the plan ', time(d.plannedAt)) : null));
    if (d.waiting) {
      body.append(h('p', {}, h('strong', {}, d.waiting.reason), `: ${d.waiting.meaning}`,
        d.waiting.detail ? ` (${d.waiting.detail})` : '', d.waiting.until ? h('span', {}, ', until ', time(d.waiting.until)) : null));
    }
    if (d.launch) body.append(h('p', {}, `launched: ${d.launch.lane} by rule ${d.launch.rule}`));
    if (d.budget) body.append(h('p', {}, `budget: ${d.budget.attempts} / ${d.budget.maxAttempts} attempts,`
      + ` ${d.budget.agentMinutes} / ${d.budget.maxAgentMinutes} agent minutes`));
    if (d.retry) body.append(h('p', {}, `retry: attempt ${d.retry.attempts}, next `, time(d.retry.nextAttemptAt), ` (${d.retry.lastReason || ''})`));
    body.append(h('h3', {}, 'Runs'), table(['Run', 'Lane', 'Status', 'Started', 'Minutes', 'Outcome / reason'],
      d.runs.map((r) => [runLink(r), r.lane, statusBadge(r.status), time(r.startedAt), String(r.minutes),
        [r.outcome, r.reason].filter(Boolean).join(' / ') || '–']), 'no run yet'));
  } catch (e) {
    body.append(h('p', { class: 'problem' }, e.message));
  }
}

/** Appends children to el, leaving out the absent ones (DOM append would write "null"). */
function put(el, ...children) {
  el.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
}

function openDialog(title) {
  const dialog = $('detail');
  $('detail-title').textContent = title;
  const body = clear($('detail-body'));
  if (!dialog.open) dialog.showModal();
  return body;
}

function route() {
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith('run=')) openRun(hash.slice(4));
  else if (hash.startsWith('item=')) {
    const [profile, item] = hash.slice(5).split('/');
    openItem(profile, item);
  }
}

// ---------------------------------------------------------------- theme

const THEMES = ['auto', 'dark', 'light'];

function applyTheme(theme) {
  if (theme === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  $('theme').textContent = `Theme: ${theme}`;
}

function setUpTheme() {
  let theme = localStorage.getItem('acp-theme') || 'auto';
  applyTheme(theme);
  $('theme').addEventListener('click', () => {
    theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
    localStorage.setItem('acp-theme', theme);
    applyTheme(theme);
  });
}

// ---------------------------------------------------------------- start

function start() {
  setUpTheme();
  for (const l of LANES) $('filter-lane').append(h('option', { value: l }, l));
  for (const s of STATUSES) $('filter-status').append(h('option', { value: s }, s));
  const params = new URLSearchParams(location.search);
  for (const k of ['profile', 'lane', 'status']) if (params.get(k)) $(`filter-${k}`).value = params.get(k);
  if (params.get('q')) $('filter-text').value = params.get('q');
  let typing;
  const changed = () => {
    state.page = 1;
    const f = filters();
    const query = new URLSearchParams(Object.entries(f).filter(([, v]) => v));
    history.replaceState(null, '', `${location.pathname}${query.toString() ? `?${query}` : ''}${location.hash}`);
    if (state.snapshot) render();
    loadRuns();
  };
  $('filters').addEventListener('change', changed);
  $('filter-text').addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(changed, 250); });
  $('filters').addEventListener('submit', (e) => { e.preventDefault(); changed(); });
  $('prev').addEventListener('click', () => { state.page = Math.max(1, state.page - 1); loadRuns(); });
  $('next').addEventListener('click', () => { state.page = Math.min(state.pages, state.page + 1); loadRuns(); });
  $('refresh').addEventListener('click', () => { state.etag = null; loadSnapshot(); });
  if ('Notification' in window && Notification.permission === 'default') {
    $('notify').hidden = false;
    $('notify').addEventListener('click', async () => {
      await Notification.requestPermission();
      $('notify').hidden = true;
    });
  }
  $('detail-close').addEventListener('click', () => $('detail').close());
  $('detail').addEventListener('close', () => {
    state.openRun = null;
    if (location.hash) history.replaceState(null, '', `${location.pathname}${location.search}`);
  });
  window.addEventListener('hashchange', route);
  // Relative times ("3 min ago") age between snapshots too.
  setInterval(() => { for (const t of document.querySelectorAll('time')) t.textContent = relative(t.dateTime); }, 30000);
  loadSnapshot().then(route);
  listen();
}

start();
