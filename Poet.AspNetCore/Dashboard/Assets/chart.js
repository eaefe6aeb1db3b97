// POET dashboard: a learned parameter across versions, drawn as SVG (no library, no inline script).
// PoetChart.render(data) returns an <svg class="chart"> with: the bounds (dashed lines), one point per version
// (circle.point, the current one highlighted), the path between them, and feedback marks under the versions
// (filled: the feedback that produced this version; hollow: feedback that arrived while it was current and moved nothing).
(function () {
  'use strict';

  const NS = 'http://www.w3.org/2000/svg';
  const WIDTH = 640, HEIGHT = 240;
  const LEFT = 56, RIGHT = 20, TOP = 16, BOTTOM = 52;

  function node(name, attributes, text) {
    const element = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attributes || {})) {
      element.setAttribute(key, String(value));
    }
    if (text !== undefined) {
      element.textContent = text;
    }
    return element;
  }

  function format(value) {
    if (value === null || value === undefined || !Number.isFinite(value)) return String(value);
    const abs = Math.abs(value);
    if (abs !== 0 && (abs < 0.001 || abs >= 1e6)) return value.toExponential(2);
    return String(Math.round(value * 10000) / 10000);
  }

  // data: { name, points: [{ version, value, isCurrent, label }], min, max, marks: [{ version, produced, label }] }
  function render(data) {
    const svg = node('svg', {
      class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img',
      'data-parameter': data.name, 'aria-label': `${data.name} across versions`,
    });
    const values = data.points.map(p => p.value).filter(Number.isFinite);
    let low = Number.isFinite(data.min) ? data.min : Math.min(...values);
    let high = Number.isFinite(data.max) ? data.max : Math.max(...values);
    if (!Number.isFinite(low) || !Number.isFinite(high)) { low = 0; high = 1; }
    if (high - low < 1e-12) { const pad = Math.abs(high) * 0.1 || 1; low -= pad; high += pad; }
    const span = high - low;
    const yLow = low - span * 0.06, yHigh = high + span * 0.06;

    const count = Math.max(data.points.length, 1);
    const plotWidth = WIDTH - LEFT - RIGHT, plotHeight = HEIGHT - TOP - BOTTOM;
    const x = i => LEFT + (count === 1 ? plotWidth / 2 : (i * plotWidth) / (count - 1));
    const y = v => TOP + plotHeight - ((v - yLow) / (yHigh - yLow)) * plotHeight;

    // Grid and y ticks at round values (1, 2 or 5 times a power of ten).
    const rough = span / 5, power = Math.pow(10, Math.floor(Math.log10(rough)));
    const tickStep = [1, 2, 5, 10].map(m => m * power).find(m => m >= rough);
    for (let value = Math.ceil(low / tickStep) * tickStep; value <= high + tickStep * 1e-9; value += tickStep) {
      svg.appendChild(node('line', { class: 'grid', x1: LEFT, x2: WIDTH - RIGHT, y1: y(value), y2: y(value) }));
      svg.appendChild(node('text', { class: 'tick', x: LEFT - 6, y: y(value) + 4, 'text-anchor': 'end' }, format(value)));
    }
    svg.appendChild(node('line', { class: 'axis', x1: LEFT, x2: LEFT, y1: TOP, y2: TOP + plotHeight }));
    svg.appendChild(node('line', { class: 'axis', x1: LEFT, x2: WIDTH - RIGHT, y1: TOP + plotHeight, y2: TOP + plotHeight }));

    // Bounds.
    for (const [kind, value] of [['min', data.min], ['max', data.max]]) {
      if (!Number.isFinite(value)) continue;
      svg.appendChild(node('line', { class: `bound bound-${kind}`, x1: LEFT, x2: WIDTH - RIGHT, y1: y(value), y2: y(value) }));
      svg.appendChild(node('text', { class: 'bound-label', x: WIDTH - RIGHT, y: y(value) + (kind === 'max' ? -4 : 12), 'text-anchor': 'end' },
        `${kind} ${format(value)}`));
    }

    // Path and points.
    const index = new Map(data.points.map((p, i) => [p.version, i]));
    const line = data.points.filter(p => Number.isFinite(p.value)).map(p => `${x(index.get(p.version))},${y(p.value)}`);
    if (line.length > 1) svg.appendChild(node('polyline', { class: 'path', points: line.join(' ') }));
    data.points.forEach((p, i) => {
      svg.appendChild(node('text', { class: 'tick', x: x(i), y: TOP + plotHeight + 16, 'text-anchor': 'middle' }, `v${p.version}`));
      if (!Number.isFinite(p.value)) return;
      const point = node('circle', {
        class: p.isCurrent ? 'point current' : 'point', cx: x(i), cy: y(p.value), r: p.isCurrent ? 6 : 4.5,
        'data-version': p.version, 'data-value': p.value,
      });
      point.appendChild(node('title', {}, p.label));
      svg.appendChild(point);
    });

    // Feedback marks under their versions (stacked when several).
    const stacks = new Map();
    for (const mark of data.marks) {
      const i = index.get(mark.version);
      if (i === undefined) continue;
      const level = stacks.get(mark.version) || 0;
      stacks.set(mark.version, level + 1);
      const cx = x(i) + (level % 6) * 9 - 22, cy = TOP + plotHeight + 30 + Math.floor(level / 6) * 9;
      const triangle = node('path', {
        class: mark.produced ? 'feedback-mark' : 'feedback-mark no-change',
        d: `M ${cx} ${cy - 4} L ${cx + 4} ${cy + 4} L ${cx - 4} ${cy + 4} Z`,
        'data-version': mark.version,
      });
      triangle.appendChild(node('title', {}, mark.label));
      svg.appendChild(triangle);
    }

    return svg;
  }

  window.PoetChart = Object.freeze({ render, format });
}());
