/**
 * Human's iris refinement hands the iris model both eye crops mirrored when the
 * backend can flip images (WASM), and neither when it cannot (native
 * TensorFlow), but it mirrors back only the left eye's answer. The model is
 * made for a mirrored left eye and an unmirrored right eye (MediaPipe's iris
 * graph), so on WASM the subject's right-eye contour came back mirrored inside
 * its box: canthal tilt of the wrong sign, inner and outer corners swapped,
 * the iris on the wrong side. Wrapping the model so it always receives the
 * left crop mirrored and the right crop as photographed makes Human's own
 * post-processing right on every backend.
 */
type HumanModule = typeof import('@vladmandic/human');
type Human = InstanceType<HumanModule['Human']>;
type Tf = Human['tf'];
type Tensor = ReturnType<Tf['tensor']>;

/** Index of each eye in the batch Human builds (`concat([left, right])`). */
const LEFT = 0;
const RIGHT = 1;

interface Executable {
  execute(input: Tensor, outputs?: unknown): Tensor | Tensor[];
}

/**
 * `cropsMirrored`: whether Human mirrored both crops before the model (it does when the backend has the
 * FlipLeftRight kernel). The crop to undo is the right one then, the left one otherwise.
 */
export function orientIrisCrops(model: Executable, tf: Tf, cropsMirrored: boolean): void {
  const execute = model.execute.bind(model);
  const toFlip = cropsMirrored ? RIGHT : LEFT;
  model.execute = (input: Tensor, outputs?: unknown) => {
    if (input.shape[0] !== 2) return execute(input, outputs); // not Human's pair of eyes
    const oriented = tf.tidy(() => {
      const crops = tf.split(input, 2, 0);
      crops[toFlip] = tf.reverse(crops[toFlip], 2); // NHWC: axis 2 is the width
      return tf.concat(crops, 0);
    });
    try {
      return execute(oriented, outputs);
    } finally {
      oriented.dispose();
    }
  };
}
