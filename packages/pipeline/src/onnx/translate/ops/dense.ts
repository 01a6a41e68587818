/** Reductions and matrix products. */
import { attrFloat, attrInt, attrInts } from '../graph-builder';
import { NCHW_AXIS, type TfNode } from '../tfjs-graph';
import type { OpTranslator, Translation } from '../translation';
function mean(node: TfNode, t: Translation): void {
  const x = t.input(node.input![0]);
  const keep = node.attr?.keep_dims?.b === true;
  const tfAxes = Array.from(t.required(node.input![1], 'reduction axes').data).map((a) => (a < 0 ? a + x.rank : a));
  const axes = x.nchw ? tfAxes.map((a) => NCHW_AXIS[a]) : tfAxes;
  const rank = keep ? x.rank : x.rank - axes.length;
  // dropping H and W of NCHW leaves [N, C], which is also what NHWC leaves
  const spatialOnly = x.nchw && [...tfAxes].sort().join() === '1,2';
  if (x.nchw && !keep && !spatialOnly)
    throw new Error(`${node.name}: reducing axes ${tfAxes.join()} of an NHWC activation is not supported`);
  t.set(
    node,
    t.g.node('ReduceMean', [x.name], [attrInts('axes', axes), attrInt('keepdims', keep ? 1 : 0)]),
    rank,
    x.nchw && keep,
  );
}

function matMul(node: TfNode, t: Translation): void {
  const x = t.input(node.input![0]);
  if (x.rank !== 2) throw new Error(`${node.name}: only 2-D matrix products are supported`);
  const w = t.required(node.input![1], 'matrix');
  const transA = node.attr?.transpose_a?.b === true ? 1 : 0;
  const transB = node.attr?.transpose_b?.b === true ? 1 : 0;
  const inputs = [x.name, t.g.constant(w, 'W')];
  if (node.op === '_FusedMatMul') inputs.push(t.g.constant(t.required(node.input![2], 'bias'), 'B'));
  const y = t.g.node('Gemm', inputs, [
    attrInt('transA', transA),
    attrInt('transB', transB),
    attrFloat('alpha', 1),
    attrFloat('beta', 1),
  ]);
  t.set(
    node,
    node.op === '_FusedMatMul' ? t.fusedActivation(node, { name: y, rank: 2, nchw: false }, node.input!.slice(3)) : y,
    2,
    false,
  );
}

export const denseOps: Record<string, OpTranslator> = {
  Mean: mean,
  _FusedMatMul: matMul,
  MatMul: matMul,
};
