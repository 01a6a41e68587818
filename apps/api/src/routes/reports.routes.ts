/**
 * GET /r/:token?lang=ko|en — the page for people (report_url): no API key, the signed token is the permission; it
 * can be shown inside a Bubble HTML element or iframe (any frame ancestor) and loads nothing from elsewhere. A token
 * whose signature does not match is 403, an expired one 410, a deleted analysis (which revokes it) 404.
 * GET /r/:token/overlay.png, /r/:token/drape.png — the pictures the page shows, under the same token.
 */
import type { AnalysisRecord, AnalysisResultRepository } from '@face/db';
import { AppError } from '@face/errors';
import { REPORT_TOKEN_PURPOSE, type Links } from '@face/presenters';
import type { AnalysisService } from '../services/analysis.service';
import { Router, type Response } from 'express';
import { reportPage, type ReportLanguage } from '../report/report-page';

/** The page's own policy: inline styles, pictures from this origin, nothing else; any site may frame it. */
const REPORT_CSP =
  "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors *";

export function reportsRouter(deps: {
  results: AnalysisResultRepository;
  service: AnalysisService;
  links: Links;
}): Router {
  const router = Router();

  async function reportRecord(token: string): Promise<AnalysisRecord> {
    const signer = deps.links.reports;
    if (!signer)
      throw new AppError('NOT_FOUND', 'Report links are off on this server (URL_SIGNING_SECRET is not set).');
    const { subject, check } = signer.readToken(token, REPORT_TOKEN_PURPOSE);
    if (check === 'invalid') throw new AppError('FORBIDDEN', 'This link is not valid: its signature does not match.');
    if (check === 'expired')
      throw new AppError('LINK_EXPIRED', 'This link has expired: ask the app for a fresh report_url.');
    const record = /^[0-9a-f-]{36}$/.test(subject) ? await deps.results.findRecord(subject) : null;
    if (!record || record.analysis.deleted_at || record.analysis.status !== 'completed')
      throw new AppError('NOT_FOUND', 'No such report (the analysis was deleted).');
    return record;
  }

  const framable = (res: Response) => {
    res.setHeader('Content-Security-Policy', REPORT_CSP);
    res.removeHeader('X-Frame-Options');
    res.setHeader('Cache-Control', 'private, no-store');
  };

  router.get('/:token', async (req, res) => {
    const record = await reportRecord(String(req.params.token));
    const lang: ReportLanguage = req.query.lang === 'en' ? 'en' : 'ko';
    const base = `/r/${encodeURIComponent(String(req.params.token))}`;
    const pictures = {
      overlayUrl: record.analysis.overlay_sha256 ? `${base}/overlay.png` : null,
      drapeUrl: record.analysis.drape_sha256 ? `${base}/drape.png` : null,
    };
    framable(res);
    res.type('html').send(reportPage(record, pictures, lang));
  });

  for (const [picture, column] of [
    ['overlay', 'overlay_sha256'],
    ['drape', 'drape_sha256'],
  ] as const) {
    router.get(`/:token/${picture}.png`, async (req, res) => {
      const { analysis } = await reportRecord(String(req.params.token));
      const key = analysis[column];
      if (!key) throw new AppError('NOT_FOUND', `This analysis has no ${picture} picture.`);
      const png = await deps.service.picture(key);
      framable(res);
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      res.type('png').send(png);
    });
  }
  return router;
}
