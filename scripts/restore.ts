/**
 * `npm run restore -- <backup dir or its database.dump>`: replaces the
 * database at DATABASE_URL with the backup (pg_restore --clean, in one
 * transaction) and unpacks its images into DATA_DIR/images, then checks the
 * row counts against the backup's manifest. Stop the API and workers first.
 */
import { loadConfig } from '@face/config';
import { embeddedUrl } from '@face/db/embedded-url';
import { restore } from './lib/backup';

async function main() {
  const source = process.argv[2];
  if (!source) throw new Error('usage: npm run restore -- <backup directory | database.dump>');
  const config = loadConfig();
  const { rows, manifest } = await restore(
    source,
    config.DATABASE_URL ?? embeddedUrl(config.EMBEDDED_PG_PORT),
    config.imageDir,
    config.PG_BIN_DIR,
  );
  console.log(
    `restored the backup of ${manifest.created_at}: ${Object.entries(rows)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}; ${manifest.images} image files`,
  );
}

main().catch((e) => {
  console.error(`restore failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
