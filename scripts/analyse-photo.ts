/**
 * Runs the pipeline on photos directly (no API, queue or database) and prints
 * the result as JSON: `npm run analyse -- <photo> [<photo> …]`.
 */
import { standaloneParams } from '@face/pipeline/models';
import { runPipeline } from '@face/pipeline';
import { FaceModelRuntime } from '@face/pipeline/face-models';

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error('usage: npm run analyse -- <photo> [<photo> …]');
  const runtime = await FaceModelRuntime.load('cpu');
  const maps = runtime.meshMaps();
  for (const file of files) {
    try {
      const { observation, ...r } = await runPipeline(file, standaloneParams(), runtime, maps);
      // the observation's 1,000-value feature vector is for calibration, not for reading
      const { features, ...estimates } = observation ?? { features: [] };
      console.log(JSON.stringify({ file, ...r, observation: { ...estimates, features: `${features.length} values` } }));
    } catch (e) {
      console.log(
        JSON.stringify({
          file,
          error: (e as Error & { code?: string }).code ?? 'INTERNAL',
          message: (e as Error).message,
        }),
      );
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
