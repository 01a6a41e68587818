/** The model's weights: read from its shards, dequantized as TF.js does, and reordered for ONNX layouts. */
import type { Constant, Quantization, TfjsGraphModel } from './tfjs-graph';

const QUANTIZED_BYTES: Record<Quantization['dtype'], number> = { float16: 2, uint8: 1, uint16: 2 };

/** IEEE half → float (TF.js stores float16-quantized weights as raw halves). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Expands a quantized weight to float32 the way TF.js does when it loads the model. */
function dequantize(name: string, q: Quantization, bytes: Uint8Array, count: number): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * QUANTIZED_BYTES[q.dtype]);
  const out = new Float32Array(count);
  if (q.dtype === 'float16') {
    for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
    return out;
  }
  if (q.scale === undefined || q.min === undefined)
    throw new Error(`weight ${name}: ${q.dtype} quantization without scale and min`);
  for (let i = 0; i < count; i++)
    out[i] = (q.dtype === 'uint8' ? view.getUint8(i) : view.getUint16(i * 2, true)) * q.scale + q.min;
  return out;
}

/** Reads every constant of the model from its weight shards (concatenated in manifest order). */
export function readConstants(model: TfjsGraphModel, weightData: Uint8Array): Map<string, Constant> {
  const constants = new Map<string, Constant>();
  let offset = 0;
  for (const group of model.weightsManifest) {
    for (const w of group.weights) {
      const count = w.shape.reduce((a, b) => a * b, 1);
      const size = count * (w.quantization ? QUANTIZED_BYTES[w.quantization.dtype] : 4);
      if (offset + size > weightData.length)
        throw new Error(`weight shards hold ${weightData.length} bytes; ${w.name} ends at byte ${offset + size}`);
      if (!w.quantization && w.dtype !== 'float32' && w.dtype !== 'int32')
        throw new Error(`weight ${w.name} has dtype ${w.dtype}; only float32/int32 are supported`);
      const bytes = weightData.slice(offset, offset + size);
      offset += size;
      const data = w.quantization
        ? dequantize(w.name, w.quantization, bytes, count)
        : w.dtype === 'float32'
          ? new Float32Array(bytes.buffer)
          : new Int32Array(bytes.buffer);
      constants.set(w.name, { shape: w.shape, data });
    }
  }
  if (offset !== weightData.length)
    throw new Error(`weight shards hold ${weightData.length} bytes; the manifest describes ${offset}`);
  return constants;
}

/** Reorders a tensor's axes (row-major), e.g. HWIO → OIHW. */
export function permute(c: Constant, perm: number[]): Constant {
  const shape = perm.map((p) => c.shape[p]);
  const rank = c.shape.length;
  const srcStride = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) srcStride[d] = srcStride[d + 1] * c.shape[d + 1];
  const out = new (c.data.constructor as Float32ArrayConstructor)(c.data.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let d = 0; d < rank; d++) src += index[d] * srcStride[perm[d]];
    out[o] = c.data[src];
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return { shape, data: out };
}
