/** Elementwise arithmetic and activations, with constant operands laid out to broadcast as in TF. */
import { attrInt } from '../graph-builder';
import type { TfNode } from '../tfjs-graph';
import type { OpTranslator, Translation } from '../translation';
function binaryElementwise(node: TfNode, t: Translation): void {
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
  const ca = t.constantOf(a);
  const cb = t.constantOf(b);
  if (ca && cb) throw new Error(`${node.name}: both operands are constants`);
  const x = ca ? t.input(b) : t.input(a);
  if (!ca && !cb) {
    // both NCHW, or both in TF's own layout: numpy broadcasting means the same in both frameworks
    const y = t.input(b);
    if (x.nchw !== y.nchw || (x.nchw && x.rank !== y.rank))
      throw new Error(`${node.name}: operands of different layouts are not supported`);
    t.set(node, t.g.node(opType, [x.name, y.name]), Math.max(x.rank, y.rank), x.nchw);
  } else {
    const c = t.operand((ca ?? cb)!, x, node.name);
    t.set(node, t.g.node(opType, ca ? [c, x.name] : [x.name, c]), x.rank, x.nchw);
  }
}

function addN(node: TfNode, t: Translation): void {
  const xs = node.input!.map((ref) => t.input(ref));
  let sum = xs[0].name;
  for (const x of xs.slice(1)) sum = t.g.node('Add', [sum, x.name]);
  t.set(node, sum, xs[0].rank, xs[0].nchw);
}

function unaryActivation(node: TfNode, t: Translation): void {
  const x = t.input(node.input![0]);
  t.set(node, t.g.node(node.op, [x.name]), x.rank, x.nchw);
}

function prelu(node: TfNode, t: Translation): void {
  const x = t.input(node.input![0]);
  t.set(node, t.prelu(node, x, node.input![1]), x.rank, x.nchw);
}

function relu6(node: TfNode, t: Translation): void {
  const x = t.input(node.input![0]);
  t.set(node, t.g.relu6(x.name), x.rank, x.nchw);
}

function softmax(node: TfNode, t: Translation): void {
  const x = t.input(node.input![0]);
  t.set(node, t.g.node('Softmax', [x.name], [attrInt('axis', x.nchw ? 1 : -1)]), x.rank, x.nchw);
}

export const elementwiseOps: Record<string, OpTranslator> = {
  Add: binaryElementwise,
  AddV2: binaryElementwise,
  Sub: binaryElementwise,
  Mul: binaryElementwise,
  RealDiv: binaryElementwise,
  Minimum: binaryElementwise,
  Maximum: binaryElementwise,
  AddN: addN,
  Relu: unaryActivation,
  Sigmoid: unaryActivation,
  Tanh: unaryActivation,
  Prelu: prelu,
  Relu6: relu6,
  Softmax: softmax,
};
