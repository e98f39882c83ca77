// The run-time and success-rate chart: plain SVG, bars for succeeded and failed runs per day, a line for the
// average agent minutes of the day's finished runs.
const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

/** days: [{day, runs, succeeded, failed, averageMinutes}], oldest first. */
export function runChart(days) {
  const W = 640, H = 200, left = 34, right = 34, top = 12, bottom = 26;
  const innerW = W - left - right, innerH = H - top - bottom;
  const maxRuns = Math.max(1, ...days.map((d) => d.runs));
  const maxMin = Math.max(1, ...days.map((d) => d.averageMinutes));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', preserveAspectRatio: 'xMidYMid meet' });
  const step = innerW / Math.max(1, days.length);
  const barW = Math.max(2, step * 0.6);
  svg.append(s('line', { x1: left, y1: top + innerH, x2: left + innerW, y2: top + innerH, class: 'axis' }));
  svg.append(s('text', { x: left - 4, y: top + 8, class: 'tick', 'text-anchor': 'end' }, String(maxRuns)));
  svg.append(s('text', { x: left + innerW + 4, y: top + 8, class: 'tick' }, `${Math.round(maxMin)}m`));
  const points = [];
  days.forEach((d, i) => {
    const x = left + i * step + (step - barW) / 2;
    const okH = (d.succeeded / maxRuns) * innerH;
    const failH = (d.failed / maxRuns) * innerH;
    const otherH = ((d.runs - d.succeeded - d.failed) / maxRuns) * innerH;
    let y = top + innerH;
    for (const [hgt, cls] of [[okH, 'bar-ok'], [failH, 'bar-fail'], [otherH, 'bar-other']]) {
      if (hgt <= 0) continue;
      y -= hgt;
      const rect = s('rect', { x, y, width: barW, height: hgt, class: cls });
      rect.append(s('title', {}, `${d.day}: ${d.runs} runs, ${d.succeeded} succeeded, ${d.failed} failed, ${d.averageMinutes} min average`));
      svg.append(rect);
    }
    if (d.runs > 0) points.push(`${x + barW / 2},${top + innerH - (d.averageMinutes / maxMin) * innerH}`);
    if (i % Math.ceil(days.length / 7) === 0) {
      svg.append(s('text', { x: x + barW / 2, y: H - 8, class: 'tick', 'text-anchor': 'middle' }, d.day.slice(5)));
    }
  });
  if (points.length > 1) svg.append(s('polyline', { points: points.join(' '), class: 'line' }));
  points.forEach((p) => {
    const [cx, cy] = p.split(',');
    svg.append(s('circle', { cx, cy, r: 3, class: 'dot' }));
  });
  return svg;
}

/** Sums the daily series of several profiles. */
export function sumDays(profiles) {
  const byDay = new Map();
  for (const p of profiles) {
    for (const d of p.daily) {
      const t = byDay.get(d.day) || { day: d.day, runs: 0, succeeded: 0, failed: 0, minutes: 0 };
      t.runs += d.runs; t.succeeded += d.succeeded; t.failed += d.failed; t.minutes += d.averageMinutes * d.runs;
      byDay.set(d.day, t);
    }
  }
  return [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day))
    .map((t) => ({ ...t, averageMinutes: t.runs ? Math.round((t.minutes / t.runs) * 10) / 10 : 0 }));
}
