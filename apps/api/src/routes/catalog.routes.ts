import { describeCatalog } from '@face/catalog';
import { describeSkinScores } from '@face/norms/skin-scores';
import { AppError } from '@face/errors';
import { Router } from 'express';

/** GET /v1/metrics/catalog?lang=ko|en — every metric with label, unit, type, range, bands and Bubble type. */
export function catalogRouter(): Router {
  const router = Router();
  router.get('/catalog', (req, res) => {
    const lang = req.query.lang ?? 'en';
    if (lang !== 'en' && lang !== 'ko') throw new AppError('VALIDATION_ERROR', 'lang must be ko or en.');
    res.json({ lang, metrics: describeCatalog(lang), skin_scores: describeSkinScores(lang) });
  });
  return router;
}
