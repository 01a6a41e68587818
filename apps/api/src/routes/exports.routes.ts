/** GET /v1/exports/analyses.csv (admin): every analysis with its profile and metrics, streamed (SPEC §4). */
import type { ExportFilter, HeaderLanguage } from '@face/db';
import { AppError } from '@face/errors';
import { Router } from 'express';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { requireScope } from '../http/authenticate';

export const exportQuery = z.object({
  from: z.iso.date().or(z.iso.datetime()).optional(),
  to: z.iso.date().or(z.iso.datetime()).optional(),
  status: z.enum(['queued', 'active', 'completed', 'failed', 'cancelled']).optional(),
  lang: z.enum(['en', 'ko']).default('en'),
});

export function exportsRouter(deps: {
  exportCsv: (filter: ExportFilter, lang: HeaderLanguage) => Promise<Readable>;
}): Router {
  const router = Router();
  router.get('/analyses.csv', requireScope('admin'), async (req, res) => {
    const q = exportQuery.safeParse(req.query);
    if (!q.success)
      throw new AppError('VALIDATION_ERROR', 'Invalid query.', {
        issues: q.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      });
    const { from, to, status, lang } = q.data;
    const csv = await deps.exportCsv(
      { from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined, status },
      lang,
    );
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="analyses-${new Date().toISOString().slice(0, 10)}.csv"`,
    );
    res.setHeader('Cache-Control', 'private, no-store');
    // a client that goes away stops the cursor (the pipeline destroys the source)
    await pipeline(csv, res).catch(() => undefined);
  });
  return router;
}
