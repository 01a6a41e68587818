// Operations dashboard: polls /ops/data.json (the admin cookie goes with it) and renders tables and charts.
(function () {
  'use strict';
  const $ = (sel) => document.querySelector(sel);
  const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'];
  const pct = (x) => (x === null || x === undefined ? '—' : (x * 100).toFixed(1) + ' %');
  const esc = (s) =>
    String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const rows = (sel, html) => ($(sel + ' tbody').innerHTML = html.join(''));
  let depthChart, throughputChart;

  function render(d) {
    $('#updated').textContent =
      'updated ' + new Date(d.at).toLocaleTimeString() + ' · queue backend ' + d.queue_backend;
    rows(
      '[data-testid=queues]',
      Object.entries(d.queues).map(
        ([name, c]) =>
          '<tr data-queue="' +
          esc(name) +
          '"><td>' +
          esc(name) +
          '</td>' +
          STATES.map((s) => '<td data-state="' + s + '">' + (c[s] ?? 0) + '</td>').join('') +
          '</tr>',
      ),
    );
    const total = Object.values(d.analyses_last_24h).reduce((a, b) => a + b, 0);
    $('[data-testid=analyses-24h]').textContent =
      total +
      ' (' +
      Object.entries(d.analyses_last_24h)
        .map(([s, n]) => s + ' ' + n)
        .join(', ') +
      ')';
    $('[data-testid=failure-rate]').textContent = pct(d.failure_rate_last_hour);
    $('[data-testid=rejection-rate]').textContent = pct(d.rejection_rate_last_hour);
    rows(
      '[data-testid=workers]',
      d.workers.map(
        (w) =>
          '<tr><td>' +
          esc(w.host + ':' + w.pid) +
          '</td><td class="' +
          (w.alive ? 'ok' : 'dead') +
          '">' +
          (w.alive ? 'yes' : 'silent') +
          '</td><td>' +
          esc(w.device) +
          '</td><td>' +
          esc(w.backend) +
          '</td><td>' +
          w.concurrency +
          '</td><td>' +
          w.age_s.toFixed(1) +
          ' s</td><td>' +
          esc(w.current_jobs.join(', ') || '—') +
          '</td></tr>',
      ),
    );
    rows(
      '[data-testid=stages]',
      d.stages.map(
        (s) =>
          '<tr><td>' +
          esc(s.stage) +
          '</td><td>' +
          s.p50.toFixed(1) +
          '</td><td>' +
          s.p95.toFixed(1) +
          '</td><td>' +
          s.n +
          '</td></tr>',
      ),
    );
    $('[data-testid=webhook-success]').textContent = pct(d.webhooks.success_rate);
    $('[data-testid=webhook-delivered]').textContent = d.webhooks.delivered;
    $('[data-testid=webhook-failed]').textContent = d.webhooks.failed;
    $('[data-testid=webhook-backlog]').textContent = d.webhooks.backlog;
    $('[data-testid=redis]').textContent = d.redis
      ? 'memory ' +
        d.redis.used_memory_human +
        ' of ' +
        (d.redis.maxmemory_human === '0B' ? 'no limit' : d.redis.maxmemory_human) +
        ' · maxmemory-policy ' +
        d.redis.maxmemory_policy
      : 'not used (queue on Postgres)';
    const warning = $('#redis-warning');
    warning.hidden = !(d.redis && d.redis.warning);
    warning.textContent = d.redis && d.redis.warning ? d.redis.warning : '';
    rows(
      '[data-testid=failures]',
      d.recent_failures.map(
        (f) =>
          '<tr><td>' +
          esc(f.completed_at ? new Date(f.completed_at).toLocaleString() : '') +
          '</td><td>' +
          esc(f.error_code) +
          '</td><td>' +
          esc(f.error_stage) +
          '</td><td>' +
          esc(f.error_message) +
          '</td><td>' +
          esc(f.id) +
          '</td></tr>',
      ),
    );

    const labels = d.throughput.map((b) =>
      new Date(b.bucket).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
    );
    const tp = {
      labels,
      datasets: [
        { label: 'completed', data: d.throughput.map((b) => b.completed), borderColor: '#137333' },
        { label: 'failed', data: d.throughput.map((b) => b.failed), borderColor: '#b00020' },
      ],
    };
    const depth = {
      labels: STATES,
      datasets: Object.entries(d.queues).map(([name, c], i) => ({
        label: name,
        data: STATES.map((s) => c[s] ?? 0),
        backgroundColor: i ? '#9cc3ff' : '#1d2433',
      })),
    };
    if (window.Chart) {
      if (!throughputChart)
        throughputChart = new Chart($('#throughput-chart'), { type: 'line', data: tp, options: { animation: false } });
      else {
        throughputChart.data = tp;
        throughputChart.update();
      }
      if (!depthChart)
        depthChart = new Chart($('#depth-chart'), { type: 'bar', data: depth, options: { animation: false } });
      else {
        depthChart.data = depth;
        depthChart.update();
      }
    }
    document.body.dataset.loaded = 'true';
  }

  async function refresh() {
    try {
      const res = await fetch('/ops/data.json', { credentials: 'same-origin' });
      if (res.status === 401 || res.status === 403) return void (location.href = '/ops/login');
      render(await res.json());
    } catch (e) {
      $('#updated').textContent = 'refresh failed: ' + e.message;
    }
  }
  refresh();
  setInterval(refresh, 5000);
})();
