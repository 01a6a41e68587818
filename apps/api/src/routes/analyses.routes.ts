/** /v1/analyses (SPEC §4). */
import { AppError } from '@face/errors';
import type { AnalysisStatus } from '@face/db';
import { Router, type Request } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { callerOf } from '../http/authenticate';
import { presentFlat, presentNested, presentSummary, sampleFlat, statusUrl, type Links } from '@face/presenters';
import type { AnalysisService } from '../services/analysis.service';
import { parseCreateAnalysis } from '../services/create-analysis.schema';

export interface AnalysesRouteOptions {
  baseUrl: string;
  links: Links;
  maxImageBytes: number;
  waitMaxSeconds: number;
}

const idSchema = z.uuid();
const langOption = z
  .preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(['ko', 'en'], { error: 'must be one of: ko, en' }).optional(),
  )
  .describe(
    'With format=flat: add the display text of every category value and band (…_label, …_band_label) in Korean or English.',
  );

function parsedQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) {
    throw new AppError(
      'VALIDATION_ERROR',
      `Invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.`,
      {
        issues: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      },
    );
  }
  return parsed.data;
}
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function analysisId(req: Request): string {
  const parsed = idSchema.safeParse(req.params.id);
  if (!parsed.success) throw new AppError('NOT_FOUND', `No analysis ${String(req.params.id).slice(0, 80)}.`);
  return parsed.data;
}

export const listQuery = z.object({
  external_id: z.string().max(256).optional(),
  status: z.enum(['queued', 'active', 'completed', 'failed', 'cancelled']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  /** flat: each item is the whole flat result (the shape of GET /v1/analyses/{id}?format=flat), for a Bubble list */
  format: z.enum(['summary', 'flat'], { error: 'must be one of: summary, flat' }).default('summary'),
  lang: langOption,
});

/** Query of GET /v1/analyses/{id} and /sample: the shape, and the language of the display text flat results add. */
export const readQuery = z.object({
  format: z.enum(['nested', 'flat'], { error: 'must be one of: nested, flat' }).default('nested'),
  lang: langOption,
});

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}
function decodeCursor(raw: string): { createdAt: Date; id: string } {
  const [ts, id] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(ts);
  if (Number.isNaN(createdAt.getTime()) || !idSchema.safeParse(id).success)
    throw new AppError('VALIDATION_ERROR', 'cursor is not valid.');
  return { createdAt, id };
}

export function analysesRouter(service: AnalysisService, opts: AnalysesRouteOptions): Router {
  const router = Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: opts.maxImageBytes, files: 1, fields: 40, fieldSize: 16 * 1024, parts: 50 },
  });
  const acceptPhoto = upload.fields([
    { name: 'image', maxCount: 1 },
    { name: 'file', maxCount: 1 },
  ]);

  router.post('/', acceptPhoto, async (req, res) => {
    const files = req.files as Record<string, Express.Multer.File[]> | undefined;
    const photo = files?.image?.[0] ?? files?.file?.[0];
    const fields = parseCreateAnalysis(req.body, req.query);
    const keyHeader = req.header('idempotency-key');
    if (keyHeader !== undefined && !IDEMPOTENCY_KEY.test(keyHeader)) {
      throw new AppError('VALIDATION_ERROR', 'Idempotency-Key must be 1–255 visible ASCII characters.');
    }
    const caller = callerOf(res);
    const { analysis, replayed } = await service.create(caller, fields, photo?.buffer, keyHeader);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    const wait = Math.min(fields.wait ?? 0, opts.waitMaxSeconds);
    if (wait > 0) {
      let closed = false;
      res.on('close', () => (closed = true));
      const done = await service.waitForResult(analysis.id, wait, () => closed);
      if (done) {
        res
          .status(200)
          .json(
            fields.format === 'flat' ? presentFlat(done, opts.links, fields.lang) : presentNested(done, opts.links),
          );
        return;
      }
    }
    res.setHeader('Location', statusUrl(opts.baseUrl, analysis.id));
    // Bubble types a call from the first answer it sees: with format=flat a queued analysis or a replay has every
    // key of the finished one too (metrics null until then)
    const body =
      fields.format === 'flat'
        ? presentFlat(await service.getOrThrow(caller, analysis.id), opts.links, fields.lang)
        : presentSummary(analysis, opts.links);
    res.status(replayed ? 200 : 202).json(body);
  });

  router.get('/', async (req, res) => {
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) {
      throw new AppError('VALIDATION_ERROR', 'Invalid query.', {
        issues: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
      });
    }
    const q = parsed.data;
    const rows = await service.list(callerOf(res), {
      externalId: q.external_id,
      status: q.status as AnalysisStatus | undefined,
      limit: q.limit + 1,
      cursor: q.cursor ? decodeCursor(q.cursor) : undefined,
    });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    res.json({
      data:
        q.format === 'flat'
          ? (await service.recordsOf(page)).map((r) => presentFlat(r, opts.links, q.lang))
          : page.map((a) => presentSummary(a, opts.links)),
      next_cursor: rows.length > q.limit && last ? encodeCursor(last.created_at, last.id) : null,
    });
  });

  // a complete flat result with a typed, non-null value for every key, to initialise Bubble's API connector without a job
  router.get('/sample', (req, res) => {
    if (req.query.format !== undefined && req.query.format !== 'flat')
      throw new AppError('VALIDATION_ERROR', 'The sample comes as format=flat (the shape Bubble maps).');
    res.json(sampleFlat(opts.links, parsedQuery(readQuery, { lang: req.query.lang }).lang));
  });

  router.get('/:id', async (req, res) => {
    const record = await service.getOrThrow(callerOf(res), analysisId(req));
    const { format, lang } = parsedQuery(readQuery, req.query);
    res.json(format === 'flat' ? presentFlat(record, opts.links, lang) : presentNested(record, opts.links));
  });

  // The pictures the worker draws (overlay, colour drape), served like the analysis itself (never cached by proxies).
  for (const [picture, column] of [
    ['overlay', 'overlay_sha256'],
    ['drape', 'drape_sha256'],
  ] as const) {
    router.get(`/:id/${picture}.png`, async (req, res) => {
      const { analysis } = await service.getOrThrow(callerOf(res), analysisId(req));
      const key = analysis[column];
      if (!key) {
        throw new AppError(
          'NOT_FOUND',
          analysis.status === 'completed'
            ? `This analysis has no ${picture} picture.`
            : `The ${picture} is drawn when the analysis completes (status: ${analysis.status}).`,
        );
      }
      const png = await service.picture(key);
      res.setHeader('Content-Type', 'image/png');
      res.setHeader('Cache-Control', 'private, no-store');
      res.send(png);
    });
  }

  router.delete('/:id', async (req, res) => {
    const id = analysisId(req);
    const { status } = await service.delete(callerOf(res), id);
    res.json({ id, status, deleted: true });
  });

  return router;
}
