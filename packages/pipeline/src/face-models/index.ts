/**
 * The face-model runtime (`@face/pipeline/face-models`): heavy — it loads Human and ONNX Runtime — so only
 * inference threads, harnesses and scripts import it. Everything else sees the port's types.
 */
export { FaceModelRuntime, type Device } from './runtime';
export * from './port';
