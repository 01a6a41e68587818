/** Builds the ONNX graph: nodes, initializers (the weights) and attributes. */
import { onnx } from 'onnx-proto';
import { decode, type Constant, type TfNode } from './tfjs-graph';

export const attrInts = (name: string, values: number[]): onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.INTS,
  ints: values,
});
export const attrInt = (name: string, value: number): onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.INT,
  i: value,
});
export const attrFloat = (name: string, value: number): onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.FLOAT,
  f: value,
});
export const attrString = (name: string, value: string): onnx.IAttributeProto => ({
  name,
  type: onnx.AttributeProto.AttributeType.STRING,
  s: Buffer.from(value, 'utf8'),
});

/** TF's SAME pads the extra row/column at the end, as ONNX's SAME_UPPER does. */
export function padding(node: TfNode): onnx.IAttributeProto {
  const p = decode(node.attr?.padding?.s);
  if (p === 'SAME') return attrString('auto_pad', 'SAME_UPPER');
  if (p === 'VALID') return attrString('auto_pad', 'VALID');
  throw new Error(`${node.name}: padding ${p || '(none)'} is not supported`);
}

export class GraphBuilder {
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
