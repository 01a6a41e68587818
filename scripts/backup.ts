/**
 * `npm run backup [-- --dir ./db_backup]`: the database (pg_dump custom format)
 * and the image store into <dir>/YYYYMMDDHHmm/. `npm run restore -- <that dir>`
 * brings both back. pg_dump must match the server's major version (PG_BIN_DIR
 * points at another client when PATH's does not).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '@face/config';
import { embeddedUrl } from '@face/db/embedded-url';
import { backup } from './lib/backup';

async function main() {
  const { values } = parseArgs({ options: { dir: { type: 'string', default: './db_backup' } } });
  const config = loadConfig();
  // the database dump is still what a restore needs; the bucket is not a directory to tar
  if (config.STORAGE_URL)
    console.log(
      `images are in ${config.STORAGE_URL}: back the bucket up with its own tools (versioning, replication); this backup holds the database`,
    );
  const { dir, manifest } = await backup(
    config.DATABASE_URL ?? embeddedUrl(config.EMBEDDED_PG_PORT),
    config.imageDir,
    values.dir!,
    { binDir: config.PG_BIN_DIR },
  );
  console.log(
    `backup written to ${dir}: ${Object.entries(manifest.rows)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}; ${manifest.images} image files`,
  );
}

main().catch((e) => {
  console.error(`backup failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
