/**
 * GET /pictures/:id/overlay.png?expires=…&signature=… — the overlay through an expiring signed link (overlay_url),
 * without an API key. A link whose signature does not match is refused before anything is read; an expired one is
 * 410; a deleted analysis (which revokes its links) or one without an overlay is 404.
 */
import type { AnalysisRepository } from '@face/db';
import { AppError } from '@face/errors';
import { overlayPath, type Links } from '@face/presenters';
import type { AnalysisService } from '../services/analysis.service';
import { Router } from 'express';

export function picturesRouter(deps: { repo: AnalysisRepository; service: AnalysisService; links: Links }): Router {
  const router = Router();
  router.get('/:id/overlay.png', async (req, res) => {
    const signer = deps.links.pictures;
    if (!signer)
      throw new AppError('NOT_FOUND', 'Signed picture links are off on this server (URL_SIGNING_SECRET is not set).');
    const id = String(req.params.id);
    const check = signer.check(overlayPath(id), req.query.expires, req.query.signature);
    if (check === 'invalid') throw new AppError('FORBIDDEN', 'This link is not valid: its signature does not match.');
    if (check === 'expired')
      throw new AppError('LINK_EXPIRED', 'This link has expired: read the analysis again for a fresh overlay_url.');
    const analysis = await deps.repo.findById(id);
    if (!analysis || analysis.deleted_at || !analysis.overlay_sha256)
      throw new AppError('NOT_FOUND', 'No such picture (the analysis was deleted or has no overlay).');
    const png = await deps.service.picture(analysis.overlay_sha256);
    res.setHeader('Content-Type', 'image/png');
    // shown by pages of other origins (a Bubble app's <img>): helmet's same-origin resource policy would block it
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    // the link is the permission: a browser may keep the picture while the link lasts, a shared cache never
    res.setHeader(
      'Cache-Control',
      `private, max-age=${Math.max(0, Number(req.query.expires) - Math.floor(Date.now() / 1000))}`,
    );
    res.send(png);
  });
  return router;
}
