/**
 * GET /v1/subjects/:external_id/trend?metrics=a,b[&format=flat] — one person's progress: for the completed analyses of
 * an external_id (oldest first, the caller's own), each metric's values beside the dates as parallel lists (what a
 * Bubble chart element binds to), and the change since the first and since the previous analysis.
 */
import { catalog, flatKey } from '@face/catalog';
import { AppError } from '@face/errors';
import { SKIN_SCORE_KEYS } from '@face/norms/skin-scores';
import { Router } from 'express';
import { z } from 'zod';
import { callerOf } from '../http/authenticate';
import type { AnalysisService } from '../services/analysis.service';

/** What a trend can follow: every numeric metric, and the skin scores. */
export const TREND_METRICS: readonly string[] = [
  ...catalog.filter((m) => m.type === 'number').map(flatKey),
  ...SKIN_SCORE_KEYS.map((k) => `skin_score_${k}`),
];
/** Most analyses a trend covers (the latest ones). */
export const TREND_MAX_POINTS = 100;

export const trendQuery = z.object({
  metrics: z
    .string()
    .max(2000)
    .transform((s) => [
      ...new Set(
        s
          .split(',')
          .map((m) => m.trim())
          .filter(Boolean),
      ),
    ])
    .refine((ms) => ms.length > 0 && ms.length <= 20, 'list 1 to 20 metrics, comma-separated')
    .refine(
      (ms) => ms.every((m) => TREND_METRICS.includes(m)),
      'unknown or non-numeric metric (numeric flat keys of the catalog, or skin_score_*)',
    )
    .describe(
      'comma-separated flat keys: numeric catalog metrics (geometry_face_length_width_ratio) or skin scores (skin_score_overall)',
    ),
  format: z.enum(['nested', 'flat'], { error: 'must be one of: nested, flat' }).default('nested'),
});

const change = (values: Array<number | null>, from: number | null) => {
  const last = values.at(-1) ?? null;
  return last === null || from === null ? null : Math.round((last - from) * 1e4) / 1e4;
};

export function subjectsRouter(service: AnalysisService): Router {
  const router = Router();
  router.get('/:external_id/trend', async (req, res) => {
    const parsed = trendQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new AppError(
        'VALIDATION_ERROR',
        `Invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.`,
        {
          issues: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
        },
      );
    }
    const externalId = String(req.params.external_id).slice(0, 256);
    const { metrics, format } = parsed.data;
    const points = await service.trend(callerOf(res), externalId, metrics, TREND_MAX_POINTS);
    const series = Object.fromEntries(
      metrics.map((m) => {
        const values = points.map((p) => p.values[m] ?? null);
        // the first and the previous analysis that measured it
        const measured = values.slice(0, -1).filter((v): v is number => v !== null);
        return [
          m,
          {
            values,
            change_since_first: change(values, measured[0] ?? null),
            change_since_previous: change(values, measured.at(-1) ?? null),
          },
        ];
      }),
    );
    const dates = points.map((p) => p.completedAt.toISOString());
    const ids = points.map((p) => p.id);
    if (format === 'flat') {
      const flat: Record<string, unknown> = { external_id: externalId, count: points.length, dates, analysis_ids: ids };
      for (const [m, s] of Object.entries(series)) {
        flat[`${m}_values`] = s.values;
        flat[`${m}_change_since_first`] = s.change_since_first;
        flat[`${m}_change_since_previous`] = s.change_since_previous;
      }
      res.json(flat);
      return;
    }
    res.json({ external_id: externalId, count: points.length, dates, analysis_ids: ids, metrics: series });
  });
  return router;
}
