/** The TF.js graph model as the translator reads it, and how its tensors are laid out in the ONNX graph. */

/** The parts of a TF.js graph model.json this translator reads. */
export interface TfjsGraphModel {
  modelTopology: { node: TfNode[] };
  weightsManifest: Array<{
    paths: string[];
    weights: Array<{ name: string; shape: number[]; dtype: string; quantization?: Quantization }>;
  }>;
  signature?: { outputs?: Record<string, { name: string }> };
}

export interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttr>;
}

export interface TfAttr {
  s?: string;
  b?: boolean;
  i?: string;
  f?: number;
  list?: { i?: string[]; s?: string[] };
  shape?: { dim?: Array<{ size: string }> };
}

export interface Constant {
  shape: number[];
  data: Float32Array | Int32Array;
}

/** How a translated TF tensor is held in the ONNX graph. */
export interface Value {
  name: string;
  rank: number;
  /** a 4-D activation held NCHW (its TF meaning is NHWC) */
  nchw: boolean;
}

export interface Quantization {
  dtype: 'float16' | 'uint8' | 'uint16';
  scale?: number;
  min?: number;
}

/** Axis orders: NHWC → NCHW and back. */
export const TO_NCHW = [0, 3, 1, 2];
export const TO_NHWC = [0, 2, 3, 1];
/** Where NHWC axis a sits in NCHW: the inverse permutation of TO_NCHW, i.e. TO_NHWC. */
export const NCHW_AXIS = TO_NHWC;

export const decode = (s: string | undefined): string =>
  s === undefined ? '' : Buffer.from(s, 'base64').toString('utf8');
export const ints = (a: TfAttr | undefined): number[] => (a?.list?.i ?? []).map(Number);
export const spatial = (nhwc: number[]): number[] => [nhwc[1], nhwc[2]];

/** Past the end of any axis (ONNX clamps slice bounds). */
export const INT32_MAX = 2 ** 31 - 1;

/** Ops that index axes are translated only for activations kept in TF's own layout. */
export function plain(node: TfNode, v: Value): Value {
  if (v.nchw) throw new Error(`${node.name}: ${node.op} of a 4-D image activation is not supported`);
  return v;
}

export function checkNhwc(node: TfNode): void {
  const format = decode(node.attr?.data_format?.s);
  if (format !== '' && format !== 'NHWC') throw new Error(`${node.name}: data_format ${format} is not supported`);
}
