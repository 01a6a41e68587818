/** The real model runtime for pipeline tests on photos (loaded once per test file). */
import { standaloneParams } from '../src/standalone-params';
import { runPipeline, type PipelineResult } from '@face/pipeline';
import { FaceModelRuntime } from '../src/face-models/runtime';

export const TEST_PARAMS = standaloneParams({ minFacePx: 32 });

export interface Harness {
  runtime: FaceModelRuntime;
  analyse(input: Buffer | string): Promise<PipelineResult>;
}

/** Call at the top of a test file; the runtime is ready inside tests. */
export function usePipeline(): Harness {
  const harness = {} as Harness;
  beforeAll(async () => {
    const runtime = await FaceModelRuntime.load('cpu');
    harness.runtime = runtime;
    harness.analyse = (input) => runPipeline(input, TEST_PARAMS, runtime, runtime.meshMaps());
  });
  return harness;
}
