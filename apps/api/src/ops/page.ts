/** The HTML of the operations pages; data comes from /ops/data.json through ops.js (no inline script: the CSP stays strict). */
const layout = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><link rel="stylesheet" href="/ops/assets/ops.css"></head>
<body>${body}</body></html>`;

export function loginPage(failed: boolean): string {
  return layout(
    'Face analysis — operations',
    `<main class="login"><h1>Operations</h1>
<form method="post" action="/ops/login">
<label>Admin API key <input type="password" name="key" autocomplete="off" required></label>
<button type="submit">Open dashboard</button></form>
${failed ? '<p class="warn" data-testid="login-error">That key is not a live admin key.</p>' : ''}
</main>`,
  );
}

export function dashboardPage(): string {
  return layout(
    'Face analysis — operations',
    `<header><h1>Face analysis — operations</h1><span id="updated" data-testid="updated">loading…</span>
<nav><a href="/admin/queues">Queue admin (bull-board)</a> · <a href="/docs">API docs</a></nav></header>
<p id="redis-warning" class="warn" data-testid="redis-warning" hidden></p>
<main>
<section class="wide"><h2>Queues</h2><table data-testid="queues"><thead><tr><th>queue</th><th>waiting</th><th>active</th><th>delayed</th><th>prioritized</th><th>completed</th><th>failed</th></tr></thead><tbody></tbody></table>
<canvas id="depth-chart" height="50"></canvas></section>
<section><h2>Throughput (last 6 h, per 10 min)</h2><canvas id="throughput-chart" height="120"></canvas>
<p>Analyses in the last 24 h: <span data-testid="analyses-24h"></span> · last hour: system failures <b data-testid="failure-rate"></b> · photos rejected (no face, too small, …) <span data-testid="rejection-rate"></span></p></section>
<section class="wide"><h2>Workers</h2><table data-testid="workers"><thead><tr><th>worker</th><th>alive</th><th>device</th><th>backend</th><th>concurrency</th><th>heartbeat age</th><th>current job</th></tr></thead><tbody></tbody></table></section>
<section><h2>Stage latency (last hour)</h2><table data-testid="stages"><thead><tr><th>stage</th><th>p50 ms</th><th>p95 ms</th><th>n</th></tr></thead><tbody></tbody></table></section>
<section><h2>Webhooks (last 24 h)</h2><p>success rate <b data-testid="webhook-success"></b> · delivered <span data-testid="webhook-delivered"></span> · failed <span data-testid="webhook-failed"></span> · backlog <b data-testid="webhook-backlog"></b></p></section>
<section><h2>Redis</h2><p data-testid="redis"></p></section>
<section class="wide"><h2>Recent failures</h2><table data-testid="failures"><thead><tr><th>when</th><th>code</th><th>stage</th><th>message</th><th>analysis</th></tr></thead><tbody></tbody></table></section>
</main>
<script src="/ops/assets/chart.umd.js"></script><script src="/ops/assets/ops.js"></script>`,
  );
}
