/**
 * A real S3-protocol server for the tests (s3rver, objects as files under a
 * directory): `<directory> <port> <bucket>`. Prints `ready` once it listens.
 * Its own process, so a test can kill it outright as an outage would.
 */
import S3rver from 's3rver';

const [directory, port, bucket] = process.argv.slice(2);
new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  directory,
  silent: true,
  configureBuckets: [{ name: bucket, configs: [] }],
})
  .run()
  .then(() => console.log('ready'))
  .catch((e: Error) => {
    console.error(`s3rver failed: ${e.message}`);
    process.exit(1);
  });
