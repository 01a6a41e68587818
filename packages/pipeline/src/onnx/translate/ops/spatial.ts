/** Convolutions (plain, depthwise, fused, transposed), pooling and resizing: the ops that work on NCHW images. */
import { attrInt, attrInts, attrString, padding } from '../graph-builder';
import { checkNhwc, decode, ints, spatial, type Constant, type TfNode } from '../tfjs-graph';
import type { OpTranslator, Translation } from '../translation';
import { permute } from '../weights';

/** A convolution (plain or depthwise), NCHW, with TF's filter layout reordered for ONNX. */
function conv(t: Translation, node: TfNode, depthwise: boolean, bias?: Constant): string {
  checkNhwc(node);
  const x = t.image(t.input(node.input![0]));
  const filter = t.required(node.input![1], 'filter');
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
  const inputs = [x, t.g.constant(weights, 'W')];
  if (bias) inputs.push(t.g.constant(bias, 'B'));
  return t.g.node('Conv', inputs, [
    padding(node),
    attrInts('strides', spatial(ints(node.attr?.strides))),
    attrInts('dilations', spatial(ints(node.attr?.dilations).length ? ints(node.attr?.dilations) : [1, 1, 1, 1])),
    attrInts('kernel_shape', [weights.shape[2], weights.shape[3]]),
    attrInt('group', group),
  ]);
}
function conv2d(node: TfNode, t: Translation): void {
  t.set(node, conv(t, node, false), 4, true);
}

function depthwiseConv2d(node: TfNode, t: Translation): void {
  t.set(node, conv(t, node, true), 4, true);
}

function fusedConv2d(node: TfNode, t: Translation): void {
  const y = conv(t, node, node.op !== '_FusedConv2D', t.required(node.input![2], 'bias'));
  t.set(node, t.fusedActivation(node, { name: y, rank: 4, nchw: true }, node.input!.slice(3)), 4, true);
}

function pool(node: TfNode, t: Translation): void {
  checkNhwc(node);
  const x = t.image(t.input(node.input![0]));
  // TF's average pool leaves the padding out of the count, as ONNX's does by default
  t.set(
    node,
    t.g.node(
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
}

function transposedConv2d(node: TfNode, t: Translation): void {
  // a transposed convolution: TF names the output size; the padding follows from it as in the forward conv
  checkNhwc(node);
  const outSize = Array.from(t.required(node.input![0], 'output size').data);
  const filter = t.required(node.input![1], 'filter');
  const x = t.image(t.input(node.input![2]));
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
  const y = t.g.node(
    'ConvTranspose',
    [x, t.g.constant(permute(filter, [3, 2, 0, 1]), 'W')],
    [
      attrInts('strides', strides),
      attrInts('kernel_shape', kernel),
      attrInts('pads', [...begin, ...end]),
      attrInts('output_shape', [outSize[1], outSize[2]]),
    ],
  );
  t.set(node, y, 4, true);
}

function resizeBilinear(node: TfNode, t: Translation): void {
  const x = t.input(node.input![0]);
  const size = Array.from(t.required(node.input![1], 'size').data);
  // sizes = the input's [N, C] followed by the requested [H, W]
  const nchw = t.image(x);
  const batchAndChannels = t.g.node('Slice', [
    t.g.node('Shape', [nchw]),
    t.g.int64s([0], 'starts'),
    t.g.int64s([2], 'ends'),
  ]);
  const sizes = t.g.node('Concat', [batchAndChannels, t.g.int64s(size, 'hw')], [attrInt('axis', 0)]);
  const mode = node.attr?.align_corners?.b
    ? 'align_corners'
    : node.attr?.half_pixel_centers?.b
      ? 'half_pixel'
      : 'asymmetric';
  t.set(
    node,
    t.g.node(
      'Resize',
      [nchw, '', '', sizes],
      [attrString('mode', 'linear'), attrString('coordinate_transformation_mode', mode)],
    ),
    4,
    true,
  );
}

export const spatialOps: Record<string, OpTranslator> = {
  Conv2D: conv2d,
  DepthwiseConv2dNative: depthwiseConv2d,
  _FusedConv2D: fusedConv2d,
  FusedDepthwiseConv2dNative: fusedConv2d,
  MaxPool: pool,
  AvgPool: pool,
  Conv2DBackpropInput: transposedConv2d,
  ResizeBilinear: resizeBilinear,
};
