/**
 * Stored pictures (the photo, the overlay, the drape) as analyses reference them by content key. The same
 * photo, and so the same overlay, may belong to several analyses: a file is deleted only when no analysis
 * references its key any more.
 */
import type { DataSource, EntityManager } from 'typeorm';

/** Of `keys`, those no analysis references any more (the caller deletes their files). */
export async function unreferencedPictures(em: EntityManager, keys: Iterable<string>): Promise<string[]> {
  const unreferenced: string[] = [];
  for (const key of new Set(keys)) {
    const others: unknown[] = await em.query(
      `SELECT 1 FROM analyses WHERE image_sha256 = $1 OR overlay_sha256 = $1 OR drape_sha256 = $1 LIMIT 1`,
      [key],
    );
    if (others.length === 0) unreferenced.push(key);
  }
  return unreferenced;
}

export class PictureRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Retention: forgets the photo and overlay of finished analyses created more
   * than `days` ago (metrics, profile and the row stay). Returns how many
   * analyses were affected and the picture keys no analysis uses any more, so
   * the caller deletes those files. Works in batches so a backlog never holds
   * one long transaction.
   */
  async forgetOlderThan(days: number, batch = 500): Promise<{ analyses: number; orphanedImages: string[] }> {
    return this.ds.transaction(async (em) => {
      const rows: Array<{ image_sha256: string | null; overlay_sha256: string | null; drape_sha256: string | null }> =
        await em.query(
          `WITH old AS (
           SELECT id, image_sha256, overlay_sha256, drape_sha256 FROM analyses
            WHERE created_at < now() - make_interval(days => $1) AND status IN ('completed', 'failed', 'cancelled')
              AND (image_sha256 IS NOT NULL OR overlay_sha256 IS NOT NULL OR drape_sha256 IS NOT NULL)
            ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED),
         upd AS (UPDATE analyses a SET image_sha256 = NULL, overlay_sha256 = NULL, drape_sha256 = NULL, updated_at = now() FROM old WHERE a.id = old.id)
         SELECT image_sha256, overlay_sha256, drape_sha256 FROM old`,
          [days, batch],
        );
      // the update above is visible here: only other analyses, or old ones of a later batch, still hold a key
      const orphanedImages = await unreferencedPictures(
        em,
        rows.flatMap((r) => [r.image_sha256, r.overlay_sha256, r.drape_sha256]).filter((k): k is string => k !== null),
      );
      return { analyses: rows.length, orphanedImages };
    });
  }

  /** Whether any analysis still points at a stored picture (photo, overlay or drape). */
  async isReferenced(key: string): Promise<boolean> {
    return (await unreferencedPictures(this.ds.manager, [key])).length === 0;
  }
}
