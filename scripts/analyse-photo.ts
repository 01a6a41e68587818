/**
 * Runs the pipeline on photos directly (no API, queue or database) and prints
 * the result as JSON: `npm run analyse -- <photo> [<photo> …]`.
 */
import { runPipeline } from '@face/pipeline';
import { FaceModelRuntime } from '@face/pipeline/src/human/runtime';

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error('usage: npm run analyse -- <photo> [<photo> …]');
  const runtime = await FaceModelRuntime.load('cpu');
  const maps = runtime.meshMaps();
  for (const file of files) {
    try {
      const r = await runPipeline(file, { facePolicy: 'largest', minFacePx: 64, maxPixels: 50_000_000 }, runtime, maps);
      console.log(JSON.stringify({ file, ...r }));
    } catch (e) {
      console.log(JSON.stringify({ file, error: (e as Error & { code?: string }).code ?? 'INTERNAL', message: (e as Error).message }));
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
