/** Ops that move or select elements: identity, pad, concat, reshape, expand, slice. */
import { attrInt } from '../graph-builder';
import { INT32_MAX, NCHW_AXIS, TO_NCHW, TO_NHWC, plain, type TfNode } from '../tfjs-graph';
import type { OpTranslator, Translation } from '../translation';
function identity(node: TfNode, t: Translation): void {
  t.values.set(node.name, t.input(node.input![0]));
}

function pad(node: TfNode, t: Translation): void {
  const x = t.input(node.input![0]);
  const pads = t.required(node.input![1], 'paddings');
  const value = node.op === 'PadV2' ? t.required(node.input![2], 'pad value').data[0] : 0;
  const rank = pads.shape[0];
  const order = x.nchw ? TO_NCHW : [...Array(rank).keys()];
  const begins = order.map((a) => pads.data[2 * a]);
  const ends = order.map((a) => pads.data[2 * a + 1]);
  t.set(
    node,
    t.g.node('Pad', [x.name, t.g.int64s([...begins, ...ends], 'pads'), t.g.scalar(value, 'value')]),
    x.rank,
    x.nchw,
  );
}

function concat(node: TfNode, t: Translation): void {
  const parts = node.input!.slice(0, -1).map((ref) => t.input(ref));
  const axis = t.required(node.input![node.input!.length - 1], 'axis').data[0];
  const first = parts[0];
  if (parts.some((p) => p.nchw !== first.nchw || p.rank !== first.rank))
    throw new Error(`${node.name}: operands of different layouts are not supported`);
  const tfAxis = axis < 0 ? axis + first.rank : axis;
  t.set(
    node,
    t.g.node(
      'Concat',
      parts.map((p) => p.name),
      [attrInt('axis', first.nchw ? NCHW_AXIS[tfAxis] : tfAxis)],
    ),
    first.rank,
    first.nchw,
  );
}

function reshape(node: TfNode, t: Translation): void {
  const x = t.input(node.input![0]);
  const shape = Array.from(t.required(node.input![1], 'shape').data);
  // a reshape reads elements in TF's order, so an NCHW activation goes back to NHWC first
  const source = x.nchw ? t.g.transpose(x.name, TO_NHWC) : x.name;
  t.set(node, t.g.node('Reshape', [source, t.g.int64s(shape, 'shape')]), shape.length, false);
}

function expandDims(node: TfNode, t: Translation): void {
  const x = plain(node, t.input(node.input![0]));
  const axis = t.required(node.input![1], 'axis').data[0];
  const at = axis < 0 ? axis + x.rank + 1 : axis;
  t.set(node, t.g.node('Unsqueeze', [x.name, t.g.int64s([at], 'axes')]), x.rank + 1, false);
}

function stridedSlice(node: TfNode, t: Translation): void {
  const x = plain(node, t.input(node.input![0]));
  const mask = (key: string) => Number(node.attr?.[key]?.i ?? 0);
  if (mask('ellipsis_mask') !== 0 || mask('new_axis_mask') !== 0)
    throw new Error(`${node.name}: ellipsis and new-axis slices are not supported`);
  const begin = Array.from(t.required(node.input![1], 'begin').data);
  const end = Array.from(t.required(node.input![2], 'end').data);
  const strides = Array.from(t.required(node.input![3], 'strides').data);
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
  const axes = t.g.int64s(
    begin.map((_, a) => a),
    'axes',
  );
  let y = t.g.node('Slice', [x.name, t.g.int64s(starts, 'starts'), t.g.int64s(ends, 'ends'), axes]);
  if (squeeze.length > 0) y = t.g.node('Squeeze', [y, t.g.int64s(squeeze, 'axes')]);
  t.set(node, y, x.rank - squeeze.length, false);
}

export const layoutOps: Record<string, OpTranslator> = {
  Identity: identity,
  Pad: pad,
  PadV2: pad,
  ConcatV2: concat,
  Reshape: reshape,
  ExpandDims: expandDims,
  StridedSlice: stridedSlice,
};
