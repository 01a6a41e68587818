/**
 * What every fault scenario must leave behind: each analysis finished exactly
 * once (one "analysis completed" across all workers' logs, at most one result
 * row), none stuck in queued or active, and, where a receiver listens, one
 * successful webhook per analysis.
 */
import type { Stack } from '../helpers/stack';
import type { WebhookReceiver } from '../helpers/webhook-receiver';

/** `npm run test:faults` sets FAULTS_FULL=1: more photos per scenario; `npm test` runs the short form. */
export const PHOTOS_PER_SCENARIO = process.env.FAULTS_FULL === '1' ? 24 : 6;

export async function expectExactlyOnce(stack: Stack, ids: string[], receiver?: WebhookReceiver): Promise<void> {
  const rows = await stack.sql<{ id: string; status: string; results: number }>(
    `SELECT a.id, a.status, (SELECT count(*)::int FROM analysis_metrics m WHERE m.analysis_id = a.id) AS results
       FROM analyses a WHERE a.id = ANY($1)`,
    [ids],
  );
  expect(rows).toHaveLength(ids.length);
  const byStatus = (s: string) => rows.filter((r) => r.status === s).length;
  expect({ queued: byStatus('queued'), active: byStatus('active') }).toEqual({ queued: 0, active: 0 });
  for (const r of rows) expect(r.results).toBe(r.status === 'completed' ? 1 : 0);

  const completions = new Map<string, number>();
  for (const w of stack.workers) {
    for (const line of w.logs().split('\n')) {
      if (!line.includes('"analysis completed"')) continue;
      const id = (JSON.parse(line) as { analysis_id: string }).analysis_id;
      completions.set(id, (completions.get(id) ?? 0) + 1);
    }
  }
  for (const r of rows.filter((x) => x.status === 'completed'))
    expect([r.id, completions.get(r.id)]).toEqual([r.id, 1]);

  if (receiver) {
    const delivered = receiver.deliveriesByAnalysis();
    for (const id of ids) expect([id, delivered.get(id)]).toEqual([id, 1]);
  }
}
