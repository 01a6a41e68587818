/**
 * The attribute, segmentation, face detector, mesh and iris models run on ONNX
 * Runtime after an in-memory translation from TF.js. On real portraits, every
 * output must match what TF.js itself computes from the original graph model.
 */
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { MODELS_DIR, dirUrl } from '../src/model-files';
import { OnnxModel, SESSION_OPTIONS, translateModelFile } from '../src/onnx/onnx-model';
import { SyncOnnxSession } from '../src/onnx/sync-session';
import { tfjsGraphToOnnx } from '../src/onnx/tfjs-graph-to-onnx';
import { portraitFiles } from '../../../test/helpers/datasets';
import { referenceTfjs, type Tf } from './reference-tfjs';

/** How each model is fed: input size, channels and pixel scaling (as the runtime feeds it). */
const MODELS = [
  { file: 'faceres-deep.json', size: 224, grey: false, scale: (v: number) => v },
  { file: 'age.json', size: 64, grey: false, scale: (v: number) => v },
  { file: 'emotion.json', size: 64, grey: true, scale: (v: number) => (v / 255 - 0.5) * 2 },
  { file: 'gender.json', size: 64, grey: true, scale: (v: number) => (v / 255 - 0.5) * 2 },
  // exported with a fixed batch of one
  { file: 'selfie.json', size: 256, grey: false, scale: (v: number) => v / 255, photos: 1 },
  // Human's detector, mesh and iris (run through the synchronous session, as Human calls them)
  { file: 'blazeface.json', size: 256, grey: false, scale: (v: number) => v / 127.5 - 1, photos: 1, sync: true },
  { file: 'facemesh.json', size: 192, grey: false, scale: (v: number) => v / 255, photos: 1, sync: true },
  { file: 'iris.json', size: 64, grey: false, scale: (v: number) => v / 255, sync: true },
] as const;

const PHOTOS = portraitFiles(3);

let tf: Tf;
beforeAll(async () => {
  tf = await referenceTfjs();
});

async function batch(
  photos: string[],
  size: number,
  grey: boolean,
  scale: (v: number) => number,
): Promise<Float32Array> {
  const channels = grey ? 1 : 3;
  const out = new Float32Array(photos.length * size * size * channels);
  for (const [i, file] of photos.entries()) {
    let img = sharp(file).rotate().resize(size, size, { fit: 'cover' }).removeAlpha();
    if (grey) img = img.greyscale();
    const { data } = await img.raw().toBuffer({ resolveWithObject: true });
    out.set(Float32Array.from(data, scale), i * size * size * channels);
  }
  return out;
}

describe('TF.js graph models translated to ONNX', () => {
  it.each(MODELS)('$file gives the same outputs as TF.js on real portraits', async (spec) => {
    const { file, size, grey, scale } = spec;
    const photos = PHOTOS.slice(0, 'photos' in spec ? spec.photos : PHOTOS.length);
    const input = await batch(photos, size, grey, scale);
    const shape = [photos.length, size, size, grey ? 1 : 3];

    let translated: Record<string, { data: Float32Array; dims: readonly number[] }>;
    if ('sync' in spec) {
      const session = SyncOnnxSession.create(await translateModelFile(file), SESSION_OPTIONS);
      const results = session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, shape) });
      translated = Object.fromEntries(
        Object.entries(results).map(([name, t]) => [name, { data: t.data as Float32Array, dims: t.dims }]),
      );
      session.release();
    } else {
      const onnx = await OnnxModel.load(file, 'cpu');
      translated = await onnx.run(input, shape);
      await onnx.release();
    }

    const model = await tf.loadGraphModel(dirUrl(MODELS_DIR) + file);
    const x = tf.tensor(input, shape);
    const raw = model.execute(x);
    const refs = Array.isArray(raw) ? raw : [raw];
    const names = model.outputs.map((o: { name: string }) => o.name.replace(/:0$/, ''));
    expect(Object.keys(translated).sort()).toEqual([...names].sort());
    for (const [k, name] of names.entries()) {
      const expected = (await refs[k].data()) as Float32Array;
      const actual = translated[name].data;
      expect(translated[name].dims).toEqual(refs[k].shape);
      let maxDiff = 0;
      let maxAbs = 0;
      for (let i = 0; i < expected.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
        maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
      }
      // float32 kernels summing in a different order (measured: ≤ 4e-6 on the attribute models, 3e-5 on the mask,
      // ≤ 2e-6 of the scale on the detector's logits and the landmark coordinates)
      expect(maxDiff).toBeLessThanOrEqual(1e-4 * Math.max(1, maxAbs));
      // the outputs carry signal (a mask with person and background, ages, descriptors and landmarks not all zero)
      expect(maxAbs).toBeGreaterThan(file === 'selfie.json' ? 0.5 : 0.01);
      if (file === 'selfie.json') expect(Math.min(...expected)).toBeLessThan(0.5);
    }
    tf.dispose([x, ...refs]);
    model.dispose();
  });

  it('refuses a graph with an op it does not translate, naming it', () => {
    const model = {
      modelTopology: {
        node: [
          { name: 'x', op: 'Placeholder', attr: { shape: { shape: { dim: [{ size: '-1' }, { size: '4' }] } } } },
          { name: 'y', op: 'Cumsum', input: ['x'] },
        ],
      },
      weightsManifest: [],
    };
    expect(() => tfjsGraphToOnnx(model, new Uint8Array(0))).toThrow(
      'y: TF op Cumsum is not supported by the ONNX translation',
    );
  });

  it('refuses weight shards that do not match the manifest', () => {
    const model = {
      modelTopology: { node: [{ name: 'w', op: 'Const' }] },
      weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'w', shape: [2], dtype: 'float32' }] }],
    };
    expect(() => tfjsGraphToOnnx(model, new Uint8Array(4))).toThrow('weight shards hold 4 bytes; w ends at byte 8');
    expect(() => tfjsGraphToOnnx(model, new Uint8Array(12))).toThrow(
      'weight shards hold 12 bytes; the manifest describes 8',
    );
  });
});
