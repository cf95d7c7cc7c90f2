// The autoscaler dashboard: one EventSource (the overview, or one pool), charts drawn with uPlot, and an
// editor that PUTs through the pools API with the token the user pasted (kept in sessionStorage only).
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = 'autoscaler.api-token';
  const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
  let source = null;
  let charts = {};
  let pool = null;
  let samples = [];

  // --- small helpers ------------------------------------------------------------------------------
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function row(cells) {
    const tr = document.createElement('tr');
    cells.forEach((c) => tr.appendChild(c instanceof Node ? wrap(c) : el('td', c)));
    return tr;
  }
  function wrap(node) { const td = document.createElement('td'); td.appendChild(node); return td; }
  function time(iso) { return iso ? new Date(iso).toLocaleTimeString() : ''; }
  function num(v, digits) { return v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v).toFixed(digits); }
  function bound(reason) {
    const all = [...(reason || '').matchAll(/(?:stabilized by|limited by|clamped to|held by) ([A-Za-z.]+)/g)];
    return all.length ? all[all.length - 1][1] : '';
  }
  function banner(state, text) {
    $('banner').hidden = !text; $('banner').textContent = text || ''; $('banner').dataset.state = state;
  }
  // one state at a time, the cause first: without Kafka nothing is read, so nothing else can be told
  function health(h) {
    if (!h) return;
    if (!h.kafkaReachable) banner('kafka-unreachable', 'Kafka unreachable for ' + h.kafkaUnreachableSeconds
      + ' s: the decision engine cannot reach the broker, so nothing new is read or decided. Shown: the last known state.');
    else if (!h.deciding) banner('rebuilding', 'The decision engine is still reading its state from Kafka: nothing is decided yet.');
    else if (h.servicesDown) banner('service-down', Object.entries(h.servicesDown).map(([name, state]) => name + ' ' + state)
      .join(', ') + ': it does not answer its readiness probe, so what it owns (instances, HAProxy servers, metrics) may not change.');
    else if (h.collectorSilentSeconds) banner('collector-silent', 'Kafka answers, but no metrics snapshot came for '
      + h.collectorSilentSeconds + ' s: is the metrics-collector running?');
    else banner('ok', '');
  }

  // --- the stream -----------------------------------------------------------------------------------
  function connect() {
    if (source) source.close();
    const url = pool ? 'stream?pool=' + encodeURIComponent(pool) : 'stream';
    source = new EventSource(url);
    $('connection').textContent = 'connecting…';
    $('connection').className = 'badge';
    source.onopen = () => { $('connection').textContent = 'live'; $('connection').className = 'badge live'; };
    source.onerror = () => {
      $('connection').textContent = 'stream lost: reconnecting';
      $('connection').className = 'badge lost';
    };
    source.onmessage = (e) => receive(JSON.parse(e.data));
  }

  function receive(m) {
    switch (m.type) {
      case 'overview': return showOverview(m);
      case 'pool': return showPool(m);
      case 'missing': $('pool-missing').hidden = false; return;
      case 'tick': health(m.health); if (m.sample) addSample(m.sample); showInstances(m.instances); return;
      case 'decision': addDecision(m.record); return;
      case 'lb': addLbEvent(m.record); return;
    }
  }

  // --- overview ---------------------------------------------------------------------------------------
  // Rows are updated in place: a pool's row (and its link) stays the same element from tick to tick.
  const overviewRows = new Map();

  function overviewRow(name, last) {
    let tr = overviewRows.get(name);
    if (!tr) {
      tr = document.createElement('tr');
      const link = el('a', name);
      link.href = '#pool=' + encodeURIComponent(name);
      tr.appendChild(wrap(link));
      for (let i = 0; i < 7; i++) tr.appendChild(el('td'));
      // before the first pool that sorts after it (a full list comes sorted, so each goes last)
      let after = null;
      if (!last) overviewRows.forEach((row, other) => {
        if (other.localeCompare(name) > 0 && (after === null || other.localeCompare(after) < 0)) after = other;
      });
      $('pools').tBodies[0].insertBefore(tr, after === null ? null : overviewRows.get(after));
      overviewRows.set(name, tr);
    }
    return tr;
  }

  function showOverview(m) {
    health(m.health);
    if (m.full) {
      overviewRows.forEach((tr) => tr.remove());
      overviewRows.clear();
      m.pools.sort((a, b) => a.pool.localeCompare(b.pool));
    }
    m.pools.forEach((p) => {
      const metrics = Object.keys(p.targets).map((k) => k + ' ' + num(p.averages[k], 1) + ' / ' + num(p.targets[k], 1)).join(', ');
      const cells = [p.current + ' / ' + (p.desired === null ? '–' : p.desired) + (p.dryRun ? ' (dry run)' : ''),
        p.min + '–' + p.max, metrics || '–', num(p.requestRate, 1), num(p.errorRate, 1), p.serversDown, p.lastReason || '–'];
      const tds = overviewRow(p.pool, m.full).cells;
      cells.forEach((text, i) => { if (tds[i + 1].textContent !== String(text)) tds[i + 1].textContent = text; });
    });
    m.removed.forEach((name) => { const tr = overviewRows.get(name); if (tr) tr.remove(); overviewRows.delete(name); });
    $('overview-empty').hidden = overviewRows.size > 0;
    $('pools').hidden = overviewRows.size === 0;
    if (m.full) performance.mark('overview-listed'); // when the page had every pool, for the benchmark
  }

  // --- one pool -------------------------------------------------------------------------------------
  function showPool(m) {
    $('pool-missing').hidden = true;
    samples = m.samples.slice();
    drawCharts();
    $('decisions').tBodies[0].replaceChildren();
    m.decisions.forEach(addDecision);
    $('decisions-empty').hidden = m.decisions.length > 0;
    $('lb-events').tBodies[0].replaceChildren();
    m.lbEvents.forEach(addLbEvent);
    $('lb-empty').hidden = m.lbEvents.length > 0;
    showInstances(m.instances);
    loadSpec();
  }

  function addSample(s) {
    samples.push(s);
    if (samples.length > 600) samples.shift();
    updateCharts();
  }

  function metricNames() {
    const last = samples[samples.length - 1];
    return last ? Object.keys(last.targets) : [];
  }

  function chartData() {
    const t = samples.map((s) => s.at / 1000);
    const metrics = metricNames();
    const metricSeries = [];
    metrics.forEach((k) => {
      metricSeries.push(samples.map((s) => (k in s.averages ? s.averages[k] : null)));
      metricSeries.push(samples.map((s) => (s.targets[k] === undefined ? null : s.targets[k])));
    });
    return {
      replicas: [t, samples.map((s) => s.current), samples.map((s) => s.desired), samples.map((s) => s.min), samples.map((s) => s.max)],
      metrics: [t].concat(metricSeries),
      requests: [t, samples.map((s) => s.requestRate), samples.map((s) => s.errorRate)],
    };
  }

  function chart(id, series, data) {
    const box = $(id);
    box.replaceChildren();
    const opts = {
      width: Math.max(240, box.clientWidth), height: 200,
      series: [{}].concat(series.map((one) => Object.assign({ points: { show: false } }, one))),
      scales: { x: { time: true } }, axes: [{}, { size: 50 }], legend: { live: false },
    };
    return new uPlot(opts, data, box);
  }

  function drawCharts() {
    const d = chartData();
    const metricSeries = [];
    metricNames().forEach((k, i) => {
      metricSeries.push({ label: k + ' average', stroke: COLORS[i % COLORS.length], width: 2 });
      metricSeries.push({ label: k + ' target', stroke: COLORS[i % COLORS.length], dash: [6, 4] });
    });
    charts = {
      replicas: chart('chart-replicas', [
        { label: 'current', stroke: COLORS[0], width: 2 }, { label: 'desired', stroke: COLORS[1], dash: [6, 4], width: 2 },
        { label: 'min', stroke: '#999', dash: [2, 4] }, { label: 'max', stroke: '#555', dash: [2, 4] }], d.replicas),
      metrics: chart('chart-metrics', metricSeries, d.metrics),
      requests: chart('chart-requests', [{ label: 'requests/s', stroke: COLORS[2], width: 2 },
        { label: '5xx/s', stroke: COLORS[1], width: 2 }], d.requests),
      metricKeys: metricNames().join(),
    };
    metricsState(d);
  }

  function updateCharts() {
    if (!charts.replicas || charts.metricKeys !== metricNames().join()) return drawCharts();
    const d = chartData();
    charts.replicas.setData(d.replicas);
    charts.metrics.setData(d.metrics);
    charts.requests.setData(d.requests);
    metricsState(d);
  }

  // The canvas says nothing to a screen reader (or a test): the latest values say it in words.
  function describe(last) {
    if (!last) return;
    $('chart-replicas').setAttribute('aria-label', 'replicas: current ' + last.current + ', desired '
      + (last.desired === null ? 'none yet' : last.desired) + ', min ' + last.min + ', max ' + last.max);
    $('chart-metrics').setAttribute('aria-label', Object.keys(last.targets).map((k) => k + ' average '
      + num(last.averages[k], 1) + ' vs target ' + num(last.targets[k], 1)).join('; ') || 'no policy metric');
    $('chart-requests').setAttribute('aria-label', 'requests/s ' + num(last.requestRate, 1) + ', 5xx/s '
      + num(last.errorRate, 1));
  }

  function metricsState() {
    const last = samples[samples.length - 1];
    describe(last);
    $('metrics-empty').hidden = !last || last.current === 0 || Object.keys(last.averages).length > 0;
    $('requests-empty').hidden = !last || last.requestRate !== null;
  }

  function showInstances(rows) {
    const body = $('instances').tBodies[0];
    body.replaceChildren();
    (rows || []).forEach((r) => {
      const status = r.haproxyStatus === null ? 'not in HAProxy' : r.haproxyStatus;
      body.appendChild(row([r.instanceId, el('span', r.state, 'state-' + r.state), r.address || '–',
        el('span', status, 'hp-' + String(status).split(' ')[0]), r.sessions === null ? '–' : r.sessions]));
    });
    $('instances-empty').hidden = body.rows.length > 0;
  }

  function addDecision(d) {
    const body = $('decisions').tBodies[0];
    body.insertBefore(row([time(d.timestamp), d.type + (d.dryRun ? ' (dry run)' : ''),
      d.currentReplicas + ' → ' + d.desiredReplicas, bound(d.reason) || '–', d.reason]), body.firstChild);
    while (body.rows.length > 20) body.deleteRow(-1);
    $('decisions-empty').hidden = true;
  }

  function addLbEvent(e) {
    const body = $('lb-events').tBodies[0];
    body.insertBefore(row([time(e.timestamp), e.server || '–', e.state, e.reason]), body.firstChild);
    while (body.rows.length > 20) body.deleteRow(-1);
    $('lb-empty').hidden = true;
  }

  window.addEventListener('resize', () => {
    ['replicas', 'metrics', 'requests'].forEach((k) => {
      const c = charts[k];
      if (c) c.setSize({ width: Math.max(240, $('chart-' + k).clientWidth), height: 200 });
    });
  });

  // --- the editor -------------------------------------------------------------------------------------
  let spec = null;

  async function loadSpec() {
    const answer = await fetch('/pools/' + encodeURIComponent(pool));
    if (!answer.ok) { $('edit-result').textContent = 'Cannot read the pool: HTTP ' + answer.status; return; }
    spec = (await answer.json()).spec;
    $('edit-min').value = spec.minReplicas;
    $('edit-max').value = spec.maxReplicas;
    $('edit-dry').checked = !!spec.dryRun;
    const targets = $('edit-targets');
    targets.replaceChildren();
    (spec.policy.metrics || []).forEach((m, i) => {
      const line = el('div', null, 'row');
      const label = el('label', m.name + ' target');
      label.htmlFor = 'edit-target-' + i;
      const input = el('input');
      input.type = 'number'; input.step = 'any'; input.id = 'edit-target-' + i; input.value = m.target;
      input.name = 'policy.metrics[' + i + '].target';
      line.append(label, input);
      targets.appendChild(line);
    });
  }

  function numberOrText(value) { return value === '' || Number.isNaN(Number(value)) ? value : Number(value); }

  $('editor').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('edit-errors').replaceChildren();
    document.querySelectorAll('#editor input').forEach((i) => i.classList.remove('invalid'));
    if (!spec) return;
    const changed = JSON.parse(JSON.stringify(spec));
    changed.minReplicas = numberOrText($('edit-min').value);
    changed.maxReplicas = numberOrText($('edit-max').value);
    changed.dryRun = $('edit-dry').checked;
    (changed.policy.metrics || []).forEach((m, i) => { m.target = numberOrText($('edit-target-' + i).value); });
    const token = sessionStorage.getItem(TOKEN_KEY);
    const headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    $('edit-result').textContent = 'Saving…';
    let answer;
    try {
      answer = await fetch('/pools/' + encodeURIComponent(pool), { method: 'PUT', headers, body: JSON.stringify(changed) });
    } catch (failed) {
      $('edit-result').textContent = 'The decision engine does not answer: ' + failed;
      return;
    }
    if (answer.ok) {
      $('edit-result').textContent = 'Saved (HTTP ' + answer.status + ').';
      spec = changed;
      return;
    }
    const body = await answer.json().catch(() => ({}));
    const errors = body.errors || [];
    $('edit-result').textContent = answer.status === 401 ? 'Not saved: the API needs the token (paste it above).'
      : 'Not saved: HTTP ' + answer.status + (errors.length ? ', ' + errors.length + ' problem(s):' : '');
    errors.forEach((v) => {
      $('edit-errors').appendChild(el('li', v.field + ': ' + v.reason));
      const input = document.querySelector('#editor input[name="' + CSS.escape(v.field) + '"]');
      if (input) { input.classList.add('invalid'); input.setAttribute('aria-invalid', 'true'); }
    });
  });

  // --- the token --------------------------------------------------------------------------------------
  function tokenState() { $('token-state').textContent = sessionStorage.getItem(TOKEN_KEY) ? 'token set' : 'no token'; }
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = $('token').value.trim();
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    $('token').value = '';
    tokenState();
  });
  $('token-forget').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); tokenState(); });

  // --- navigation -------------------------------------------------------------------------------------
  function route() {
    const match = /^#pool=(.+)$/.exec(location.hash);
    pool = match ? decodeURIComponent(match[1]) : null;
    $('overview').hidden = !!pool;
    $('detail').hidden = !pool;
    if (pool) { $('pool-title').textContent = 'Pool ' + pool; samples = []; charts = {}; }
    connect();
  }
  window.addEventListener('hashchange', route);
  tokenState();
  route();
})();
