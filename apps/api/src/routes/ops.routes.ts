/**
 * Operations pages, admin only: the /ops dashboard and bull-board at
 * /admin/queues. A browser cannot send a Bearer header to a page, so POST
 * /ops/login checks an admin key once and keeps it in an HttpOnly,
 * SameSite=Strict cookie scoped to these pages; API clients may send the Bearer
 * header instead. The page holds no data; /ops/data.json does.
 */
import path from 'node:path';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { ApiKeyRepository } from '@face/db';
import { AppError } from '@face/errors';
import type { Logger } from '@face/logger';
import { QueueName, type QueueRegistry } from '@face/queue';
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { OPS_COOKIE, authenticate, requireScope } from '../http/authenticate';
import { dashboardPage, loginPage } from '../ops/page';
import type { OpsService } from '../services/ops.service';

export interface OpsRouteDeps {
  keys: ApiKeyRepository;
  queue: QueueRegistry;
  opsService: OpsService;
  logger: Logger;
  apiKeyCacheMs: number;
  baseUrl: string;
}

export function opsRouter(deps: OpsRouteDeps): Router {
  const router = Router();
  const admin = [
    authenticate(deps.keys, deps.logger, deps.apiKeyCacheMs, { cookie: OPS_COOKIE }),
    requireScope('admin'),
  ];
  const secure = deps.baseUrl.startsWith('https:');
  // pages send a browser to the login form; data answers with the JSON error
  const toLogin: ErrorRequestHandler = (err, _req, res, next) => {
    if (err instanceof AppError && (err.code === 'UNAUTHORIZED' || err.code === 'FORBIDDEN'))
      return void res.redirect(303, '/ops/login');
    next(err);
  };

  router.use(
    '/ops/assets',
    express.static(path.join(__dirname, '..', 'ops', 'public'), { fallthrough: true, maxAge: '1h' }),
  );
  // Chart.js's browser build (its package exports do not list it, so it is found beside the package's main file)
  const chartJs = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.js');
  router.get('/ops/assets/chart.umd.js', (_req, res) => res.sendFile(chartJs));

  router.get('/ops/login', (req, res) => void res.type('html').send(loginPage(req.query.failed === '1')));
  router.post('/ops/login', express.urlencoded({ extended: false, limit: '2kb' }), async (req, res) => {
    const key = typeof req.body?.key === 'string' ? req.body.key.trim() : '';
    const row = key ? await deps.keys.findBySecret(key) : null;
    if (!row || row.scope !== 'admin') return void res.redirect(303, '/ops/login?failed=1');
    res.cookie(OPS_COOKIE, key, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: 8 * 3600_000 });
    res.redirect(303, '/ops');
  });
  router.post('/ops/logout', (_req, res) => {
    res.clearCookie(OPS_COOKIE, { path: '/' });
    res.redirect(303, '/ops/login');
  });

  router.get(
    '/ops',
    ...admin,
    (_req: Request, res: Response) =>
      void res.type('html').setHeader('Cache-Control', 'no-store').send(dashboardPage()),
    toLogin,
  );
  router.get('/ops/data.json', ...admin, async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await deps.opsService.snapshot());
  });

  // bull-board drives BullMQ's Redis queues (retry, pause, clean); on the Postgres backend there is nothing for it to open
  if (deps.queue.backend === 'redis') {
    const board = new ExpressAdapter();
    board.setBasePath('/admin/queues');
    createBullBoard({
      queues: Object.values(QueueName).map((name) => new BullMQAdapter(deps.queue.queue(name) as never)),
      serverAdapter: board,
    });
    router.use('/admin/queues', ...admin, board.getRouter(), toLogin);
  } else {
    router.use(
      '/admin/queues',
      ...admin,
      (_req: Request, res: Response) =>
        void res.status(404).type('text').send('bull-board needs the Redis queue backend (REDIS_URL).'),
      toLogin,
    );
  }
  return router;
}
