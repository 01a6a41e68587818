/**
 * The norms the worker compares results with: the active cells of the norms table, re-read at most every
 * WORKER_NORMS_REFRESH_MS, so a refit the calibrate job activates is in use within a minute without a restart.
 */
import type { NormsRepository } from '@face/db';
import { NormTable } from '@face/norms';
import { SEED_NORMS } from '@face/norms/seed';

export class ActiveNorms {
  private cached?: NormTable;
  private checkedAt = 0;

  constructor(
    private readonly norms: NormsRepository,
    /** ms between reads of the active norms (WORKER_NORMS_REFRESH_MS; 0 in tests: every call) */
    private readonly refreshMs: number,
  ) {}

  /** Stores the shipped seed norms once (a database that has them, or a newer refit, keeps what it has). */
  async seed(): Promise<{ stored: number; activated: number } | null> {
    if (await this.norms.hasVersion(SEED_NORMS.version)) return null;
    return this.norms.store(SEED_NORMS);
  }

  async current(): Promise<NormTable> {
    if (this.cached && Date.now() - this.checkedAt < this.refreshMs) return this.cached;
    const { cells, versions } = await this.norms.active();
    this.cached = new NormTable(cells, versions.join('+') || 'none');
    this.checkedAt = Date.now();
    return this.cached;
  }
}
