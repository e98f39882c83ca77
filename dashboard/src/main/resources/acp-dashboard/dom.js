// Small DOM helpers. Text always goes through textContent, so nothing from the state is ever parsed as HTML.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

const UNITS = [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]];

/** "3 min ago" or "in 2 h", relative to now. */
export function relative(iso, now = Date.now()) {
  if (!iso) return '';
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 5) return 'now';
  const [unit, size] = UNITS.find(([, s]) => abs >= s);
  const n = Math.floor(abs / size);
  return seconds < 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}

/** A <time> element: relative text, the exact time on hover. */
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '–');
  return h('time', { datetime: iso, title: iso }, relative(iso));
}

export function table(headers, rows, empty = 'nothing') {
  if (!rows.length) return h('p', { class: 'empty' }, empty);
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', {}, t)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c)))))));
}

export function badge(text, kind) {
  return h('span', { class: `badge ${kind || ''}` }, text);
}

export function statusBadge(status) {
  const kind = { succeeded: 'ok', failed: 'bad', cancelled: 'muted', running: 'info', pending: 'info' }[status] || 'muted';
  return badge(status, kind);
}

export function percent(share) {
  return `${Math.round((share || 0) * 100)}%`;
}
