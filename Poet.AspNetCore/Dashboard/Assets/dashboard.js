// POET dashboard: reads the /poet/* API of this server and shows what each function learned, from which feedback,
// and how it runs. Every value from the server is put in the page as text (textContent), never as HTML.
(function () {
  'use strict';

  const POLL_MS = 3000;
  const KEY_STORAGE = 'poet.apiKey';
  const OUTCOMES = ['success', 'rejected', 'failed', 'timedOut', 'cancelled', 'enforcementFailed'];
  // The API lives next to the dashboard: "/poet/ui/" -> "/poet/".
  const API = location.pathname.replace(/ui\/[^/]*$/, '');

  const view = document.getElementById('view');
  const message = document.getElementById('message');
  const live = document.getElementById('live');
  const keyInput = document.getElementById('key-input');

  let apiKey = sessionStorage.getItem(KEY_STORAGE) || '';
  let timer = null;
  let page = null; // the page shown: { refresh(): Promise }

  // ---------- small DOM helpers (text only) ----------

  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'text') element.textContent = String(value);
      else if (key === 'onclick') element.addEventListener('click', value);
      else if (key === 'onchange') element.addEventListener('change', value);
      else element.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      element.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  const fmt = window.PoetChart.format;
  const time = iso => (iso ? new Date(iso).toLocaleString() : '-');
  const ms = value => (value === null || value === undefined ? '-' : `${fmt(value)} ms`);
  const percent = value => (value === null || value === undefined ? '-' : `${(value * 100).toFixed(1)} %`);
  const pill = (text, kind) => el('span', { class: `pill ${kind || text}`, text });
  const functionHash = id => `#/functions/${encodeURIComponent(id)}`;

  function parameters(values) {
    const names = Object.keys(values || {});
    if (names.length === 0) return el('span', { class: 'muted', text: 'none' });
    return el('div', { class: 'params' }, names.map(n => pill(`${n} = ${fmt(values[n])}`, 'param')));
  }

  // A feedback payload as the person sent it: text as it is, anything else as compact JSON.
  const rawText = raw => (typeof raw === 'string' ? raw : JSON.stringify(raw));

  // ---------- API access ----------

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
      this.status = status;
      this.problem = problem;
    }
  }

  async function api(path, options) {
    const headers = { Accept: 'application/json' };
    if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
    if (options && options.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(API + path, {
      method: (options && options.method) || 'GET',
      headers,
      body: options && options.body !== undefined ? JSON.stringify(options.body) : undefined,
      cache: 'no-store',
      credentials: 'omit',
    });
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  function explain(error) {
    if (!(error instanceof ApiError)) {
      return `The server did not answer (${error.message}). The page keeps trying every ${POLL_MS / 1000} seconds.`;
    }
    const detail = error.problem && error.problem.detail ? ` Server: ${error.problem.detail}` : '';
    switch (error.status) {
      case 401: return `This server needs the API key: type it in the "API key" box above and press "Use key" (it is kept for this browser session only).${detail}`;
      case 403: return `The API key was rejected (403): it is not this server's key. Check for typos, whitespace or a rotated key, then type it again.${detail}`;
      case 404: return `Not found (404).${detail}`;
      default: return `The request failed (${error.status}).${detail}`;
    }
  }

  function show(text, kind) {
    message.textContent = text;
    message.className = kind === 'info' ? 'message info' : 'message';
    message.hidden = !text;
  }

  // ---------- the key ----------

  document.getElementById('key-form').addEventListener('submit', event => {
    event.preventDefault();
    apiKey = keyInput.value.trim();
    keyInput.value = '';
    if (apiKey) sessionStorage.setItem(KEY_STORAGE, apiKey); else sessionStorage.removeItem(KEY_STORAGE);
    show('', null);
    refresh();
  });
  document.getElementById('key-forget').addEventListener('click', () => {
    apiKey = '';
    sessionStorage.removeItem(KEY_STORAGE);
    show('The key is forgotten; reads work only if the server allows anonymous reads.', 'info');
    refresh();
  });
  keyInput.placeholder = apiKey ? 'key in use (kept for this session)' : 'kept for this browser session';

  // ---------- functions page ----------

  function functionsPage() {
    const body = el('tbody');
    const caption = el('p', { class: 'muted' });
    view.replaceChildren(
      el('h1', { text: 'Functions' }),
      caption,
      el('div', { class: 'card' }, el('table', { id: 'functions' },
        el('thead', {}, el('tr', {},
          el('th', { text: 'function' }), el('th', { class: 'num', text: 'version' }), el('th', { text: 'learned values' }),
          el('th', { class: 'num', text: 'calls (1 h)' }), el('th', { class: 'num', text: 'error rate' }),
          el('th', { class: 'num', text: 'p50' }), el('th', { class: 'num', text: 'p99' }),
          el('th', { class: 'num', text: 'feedback' }), el('th', { text: 'last feedback' }))),
        body)));
    let last = '';
    return {
      async refresh() {
        const stats = await api('stats');
        const json = JSON.stringify(stats);
        if (json === last) return;
        last = json;
        caption.textContent = stats.length === 0
          ? 'No POET function has run yet: call one, and it appears here.'
          : `Calls, errors and durations over the last ${stats[0].windowMinutes} minutes, counted by this process since ${time(stats[0].observedSince)}; learned values and feedback from the store.`;
        body.replaceChildren(...stats.map(f => el('tr', { 'data-function': f.functionId },
          el('td', {}, el('a', { class: 'function-link', href: functionHash(f.functionId), text: f.functionId })),
          el('td', { class: 'num', text: `v${f.currentVersion} of ${f.versionCount}` }),
          el('td', {}, parameters(f.parameters)),
          el('td', { class: 'num', text: f.calls === null ? '-' : f.calls }),
          el('td', { class: 'num', text: percent(f.errorRate) }),
          el('td', { class: 'num', text: ms(f.p50Ms) }),
          el('td', { class: 'num', text: ms(f.p99Ms) }),
          el('td', { class: 'num', text: f.feedbackCount }),
          el('td', { text: time(f.lastFeedbackAt) }))));
      },
    };
  }

  // ---------- function page ----------

  function functionPage(functionId) {
    const path = `functions/${encodeURIComponent(functionId)}`;
    const header = el('div');
    const charts = el('div', { class: 'charts', id: 'charts' });
    const versions = el('tbody');
    const feedback = el('tbody');
    const executions = el('tbody');
    const detail = el('div', { id: 'execution-detail' });
    const outcome = el('select', { id: 'outcome-filter', 'aria-label': 'filter by outcome' },
      el('option', { value: '', text: 'all outcomes' }), OUTCOMES.map(o => el('option', { value: o, text: o })));
    const search = el('input', { id: 'execution-search', type: 'search', placeholder: 'execution id', spellcheck: 'false' });
    const searchForm = el('form', { class: 'toolbar', id: 'execution-search-form' },
      el('label', { for: 'outcome-filter', text: 'Outcome' }), outcome,
      el('label', { for: 'execution-search', text: 'Find execution' }), search, el('button', { type: 'submit', text: 'Open' }));

    view.replaceChildren(
      el('p', {}, el('a', { href: '#/', text: '\u2190 all functions' })),
      header,
      el('h2', { text: 'Learned parameters across versions' }),
      charts,
      el('p', { class: 'legend' }, 'Points: the value at each version (current version highlighted). Dashed lines: the bounds. ',
        el('span', { class: 'swatch-mark', text: '\u25B2' }), ' feedback that produced the version; ',
        el('span', { class: 'swatch-mark', text: '\u25B3' }), ' feedback that moved nothing. Hover for details.'),
      el('h2', { text: 'Versions' }),
      el('div', { class: 'card' }, el('table', { id: 'versions' }, el('thead', {}, el('tr', {},
        el('th', { text: 'version' }), el('th', { text: 'written' }), el('th', { text: 'why' }), el('th', { text: 'values' }),
        el('th', { text: 'feedback ids' }), el('th', { text: 'rationale' }), el('th', { text: '' }))), versions)),
      el('h2', { text: 'Feedback' }),
      el('div', { class: 'card' }, el('table', { id: 'feedback' }, el('thead', {}, el('tr', {},
        el('th', { text: 'received' }), el('th', { text: 'feedback as sent' }), el('th', { text: 'verdict' }),
        el('th', { text: 'translator' }), el('th', { class: 'num', text: 'confidence' }), el('th', { text: 'rationale' }),
        el('th', { text: 'produced' }), el('th', { text: 'execution' }))), feedback)),
      el('h2', { text: 'Recent executions' }),
      el('div', { class: 'card' }, searchForm,
        el('table', { id: 'executions' }, el('thead', {}, el('tr', {},
          el('th', { text: 'started' }), el('th', { text: 'execution id' }), el('th', { class: 'num', text: 'version' }),
          el('th', { text: 'outcome' }), el('th', { class: 'num', text: 'duration' }), el('th', { class: 'num', text: 'attempts' }))), executions),
        detail));

    async function openExecution(id) {
      try {
        const record = await api(`executions/${encodeURIComponent(id)}`);
        detail.replaceChildren(
          el('h2', { text: `Execution ${record.id}` }),
          el('p', {}, pill(record.outcome), ` version ${record.version} \u00B7 ${time(record.startedAt)} \u00B7 ${ms(record.durationMs)} \u00B7 ${record.attempts} attempt(s)`),
          el('pre', { class: 'json', id: 'execution-json', text: JSON.stringify(record, null, 2) }));
        show('', null);
      } catch (error) {
        detail.replaceChildren();
        show(explain(error), null);
      }
    }

    searchForm.addEventListener('submit', event => {
      event.preventDefault();
      const id = search.value.trim();
      if (id) openExecution(id);
    });
    outcome.addEventListener('change', () => { lastExecutions = ''; refreshExecutions(); });

    async function rollback(version) {
      try {
        await api(`${path}/rollback`, { method: 'POST', body: { version } });
        show(`Version ${version} of ${functionId} is current again.`, 'info');
        lastFunction = '';
        await refresh();
      } catch (error) {
        show(error instanceof ApiError && error.status === 401
          ? `Rolling back needs the API key: type it in the "API key" box above, then press the button again.`
          : explain(error), null);
      }
    }

    let lastFunction = '', lastFeedback = '', lastExecutions = '';

    function renderFunction(info, learnables, stats, items) {
      header.replaceChildren(
        el('h1', { text: info.functionId }),
        el('p', {}, pill(`current v${info.currentVersion}`, 'current'), ` ${info.versions.length} version(s) \u00B7 `,
          `${stats.calls} call(s) and ${percent(stats.errorRate)} errors in the last hour \u00B7 p50 ${ms(stats.p50Ms)} \u00B7 p99 ${ms(stats.p99Ms)} \u00B7 `,
          `${stats.feedbackCount} feedback`),
        parameters(info.parameters));

      // Charts: every learnable parameter (bounds from the train spec), else every value seen in the versions.
      const bounds = new Map(learnables.map(l => [l.name, l]));
      const names = learnables.length > 0 ? learnables.map(l => l.name)
        : [...new Set(info.versions.flatMap(v => Object.keys(v.parameters || {})))];
      const created = info.versions.filter(v => v.createdAt).map(v => ({ version: v.version, at: Date.parse(v.createdAt) }));
      const currentAt = at => created.filter(c => c.at <= at).reduce((best, c) => (best === null || c.at >= best.at ? c : best), null);
      const marks = items.map(f => {
        const produced = f.producedVersion !== null && f.producedVersion !== undefined;
        const version = produced ? f.producedVersion : (currentAt(Date.parse(f.receivedAt)) || { version: info.currentVersion }).version;
        return { version, produced, label: `${time(f.receivedAt)}: ${rawText(f.raw)}${produced ? ` \u2192 v${f.producedVersion}` : ' (no change)'}` };
      });
      charts.replaceChildren(...(names.length === 0
        ? [el('p', { class: 'muted', text: 'This function has no learnable parameters.' })]
        : names.map(name => {
          const spec = bounds.get(name) || {};
          const points = info.versions.map(v => ({
            version: v.version,
            value: v.parameters && name in v.parameters ? v.parameters[name] : NaN,
            isCurrent: v.isCurrent,
            label: `v${v.version}: ${name} = ${fmt(v.parameters ? v.parameters[name] : NaN)}${v.reason ? ` (${v.reason.kind})` : ''}`,
          }));
          return el('div', { class: 'card chart-card' },
            el('strong', { text: name }),
            el('span', { class: 'muted', text: spec.min !== undefined ? `  bounds ${fmt(spec.min)} to ${fmt(spec.max)}` : '' }),
            window.PoetChart.render({ name, points, min: spec.min, max: spec.max, marks }));
        })));

      versions.replaceChildren(...[...info.versions].reverse().map(v => el('tr', { class: v.isCurrent ? 'current' : null, 'data-version': v.version },
        el('td', {}, `v${v.version}`, v.isCurrent ? pill('current', 'current') : null),
        el('td', { text: time(v.createdAt) }),
        el('td', { text: v.reason ? v.reason.kind : '-' }),
        el('td', {}, parameters(v.parameters)),
        el('td', { class: 'mono', text: v.reason && v.reason.feedbackIds.length ? v.reason.feedbackIds.join(', ') : '-' }),
        el('td', { text: v.reason ? v.reason.rationale : '' }),
        el('td', {}, v.isCurrent ? null : el('button', {
          class: 'danger rollback', 'data-version': v.version, text: `Roll back to v${v.version}`, onclick: () => rollback(v.version),
        })))));
    }

    function renderFeedback(items) {
      feedback.replaceChildren(...(items.length === 0
        ? [el('tr', {}, el('td', { colspan: 8, class: 'muted', text: 'No feedback yet.' }))]
        : items.map(f => el('tr', { 'data-feedback': f.id },
          el('td', { text: time(f.receivedAt) }),
          el('td', { class: 'feedback-text', text: rawText(f.raw) + (f.rawTruncated ? ' [cut]' : '') }),
          el('td', {}, f.signal ? pill(f.signal.verdict) : '-', f.signal && f.signal.issue ? ` ${f.signal.issue}` : null),
          el('td', { text: f.signal ? f.signal.translator : '-' }),
          el('td', { class: 'num', text: f.signal ? fmt(f.signal.confidence) : '-' }),
          el('td', { text: f.signal ? f.signal.rationale : '' }),
          el('td', { text: f.producedVersion ? `v${f.producedVersion}` + f.changes.map(c => ` ${c.name} ${fmt(c.oldValue)} \u2192 ${fmt(c.newValue)}`).join(',') : 'no change' }),
          el('td', {}, el('a', { class: 'mono', href: '#', text: f.executionId, onclick: event => { event.preventDefault(); openExecution(f.executionId); } }))))));
    }

    async function refreshExecutions() {
      const filter = outcome.value ? `&outcome=${encodeURIComponent(outcome.value)}` : '';
      const items = await api(`${path}/executions?limit=50${filter}`);
      const json = JSON.stringify(items);
      if (json === lastExecutions) return;
      lastExecutions = json;
      executions.replaceChildren(...(items.length === 0
        ? [el('tr', {}, el('td', { colspan: 6, class: 'muted', text: 'No executions seen by this process yet (search by id finds older ones in the store).' }))]
        : items.map(e => el('tr', { 'data-execution': e.id },
          el('td', { text: time(e.startedAt) }),
          el('td', {}, el('a', { class: 'mono', href: '#', text: e.id, onclick: event => { event.preventDefault(); openExecution(e.id); } })),
          el('td', { class: 'num', text: `v${e.version}` }),
          el('td', {}, pill(e.outcome), e.errorType ? ` ${e.errorType}` : null),
          el('td', { class: 'num', text: ms(e.durationMs) }),
          el('td', { class: 'num', text: e.attempts })))));
    }

    async function refresh() {
      // A remote-mode app has no local function or feedback store (503): the page shows what it has.
      const optional = request => request.catch(error => (error instanceof ApiError && error.status === 503 ? [] : Promise.reject(error)));
      const [info, learnables, stats, items] = await Promise.all([
        api(path), optional(api(`${path}/learnables`)), api(`${path}/stats`), optional(api(`${path}/feedback?limit=200`))]);
      const functionJson = JSON.stringify([info, learnables, stats, items]);
      if (functionJson !== lastFunction) {
        lastFunction = functionJson;
        renderFunction(info, learnables, stats, items);
      }
      const feedbackJson = JSON.stringify(items);
      if (feedbackJson !== lastFeedback) {
        lastFeedback = feedbackJson;
        renderFeedback(items);
      }
      await refreshExecutions();
    }

    return { refresh };
  }

  // ---------- routing and live updates ----------

  async function refresh() {
    if (!page) return;
    clearTimeout(timer);
    try {
      await page.refresh();
      live.className = 'live ok';
      if (!message.classList.contains('info')) show('', null);
    } catch (error) {
      live.className = 'live stale';
      show(explain(error), null);
    } finally {
      clearTimeout(timer);
      timer = setTimeout(refresh, POLL_MS);
    }
  }

  function route() {
    const match = /^#\/functions\/(.+)$/.exec(location.hash);
    page = match ? functionPage(decodeURIComponent(match[1])) : functionsPage();
    show('', null);
    refresh();
  }

  window.addEventListener('hashchange', route);
  route();
}());
