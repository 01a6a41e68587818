/**
 * One translation in progress: the graph being built, the model's constants, and what each TF tensor
 * became in the ONNX graph. The operator families (ops/) read their inputs and record their outputs here.
 */
import { GraphBuilder } from './graph-builder';
import { TO_NCHW, decode, type Constant, type TfNode, type Value } from './tfjs-graph';
import { permute } from './weights';

/** Translates one TF node into the graph (an error names anything it cannot translate exactly). */
export type OpTranslator = (node: TfNode, t: Translation) => void;

export class Translation {
  readonly g = new GraphBuilder();
  readonly values = new Map<string, Value>();

  constructor(private readonly constants: Map<string, Constant>) {}

  static tensorRef(ref: string): string {
    return ref.replace(/:0$/, '');
  }

  /** Records what `node`'s output is in the ONNX graph. */
  set(node: TfNode, name: string, rank: number, nchw: boolean): void {
    this.values.set(node.name, { name, rank, nchw });
  }

  input(ref: string): Value {
    const v = this.values.get(Translation.tensorRef(ref));
    if (!v) throw new Error(`input ${ref} is not an activation (constants are only supported as weights and operands)`);
    return v;
  }

  constantOf(ref: string): Constant | undefined {
    return this.constants.get(Translation.tensorRef(ref));
  }

  required(ref: string, role: string): Constant {
    const c = this.constantOf(ref);
    if (!c) throw new Error(`${role} ${ref} must be a constant`);
    return c;
  }

  /** A 4-D activation as NCHW, for convolutions and pooling (a reshape leaves it in TF's layout). */
  image(v: Value): string {
    if (v.nchw) return v.name;
    if (v.rank !== 4) throw new Error(`a rank-${v.rank} activation cannot be convolved`);
    return this.g.transpose(v.name, TO_NCHW);
  }

  /** A constant operand of an elementwise op, laid out to broadcast like the TF original against `other`. */
  operand(c: Constant, other: Value, hint: string): string {
    if (!other.nchw || c.shape.length === 0 || c.data.length === 1)
      return this.g.constant({ shape: c.data.length === 1 ? [] : c.shape, data: c.data }, hint);
    if (c.shape.length === 1) return this.g.constant({ shape: [c.shape[0], 1, 1], data: c.data }, hint);
    if (c.shape.length === 4) return this.g.constant(permute(c, TO_NCHW), hint);
    throw new Error(`${hint}: a rank-${c.shape.length} constant against an NHWC activation is not supported`);
  }

  /** PReLU with TF's per-channel (or single) slope, laid out against `x`. */
  prelu(node: TfNode, x: Value, alphaRef: string): string {
    const alpha = this.required(alphaRef, 'prelu alpha');
    return this.g.node('PRelu', [
      x.name,
      this.operand({ shape: alpha.data.length === 1 ? [] : [alpha.data.length], data: alpha.data }, x, node.name),
    ]);
  }

  /** Applies the activation a fused TF op ends with (`y` is its output before the activation). */
  fusedActivation(node: TfNode, y: Value, extra: string[]): string {
    const ops = (node.attr?.fused_ops?.list?.s ?? []).map(decode);
    if (ops[0] !== 'BiasAdd') throw new Error(`${node.name}: fused ops ${ops.join('+')} are not supported`);
    if (ops.length === 1) return y.name;
    if (ops.length > 2) throw new Error(`${node.name}: fused ops ${ops.join('+')} are not supported`);
    switch (ops[1]) {
      case 'Relu':
        return this.g.node('Relu', [y.name]);
      case 'Relu6':
        return this.g.relu6(y.name);
      case 'Prelu':
        return this.prelu(node, y, extra[0]);
      default:
        throw new Error(`${node.name}: fused activation ${ops[1]} is not supported`);
    }
  }
}
