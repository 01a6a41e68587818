/** Every migration, in order. Listed explicitly so every runtime (tsx, jest) loads the same set. */
import { InitialSchema1763800000000 } from './1763800000000-initial-schema';
import { TextureMetrics1763900000000 } from './1763900000000-texture-metrics';
import { ColorMetrics1764000000000 } from './1764000000000-color-metrics';
import { OverlayPicture1764100000000 } from './1764100000000-overlay-picture';
import { ContextAndCalibration1764200000000 } from './1764200000000-context-and-calibration';
import { ApiKeys1764300000000 } from './1764300000000-api-keys';
import { WebhookDeliveries1764400000000 } from './1764400000000-webhook-deliveries';
import { WorkerHeartbeats1764500000000 } from './1764500000000-worker-heartbeats';
import { ObservationFeatureSet1764600000000 } from './1764600000000-observation-feature-set';
import { UndertoneCalibration1764700000000 } from './1764700000000-undertone-calibration';
import { DeploymentIdentity1764800000000 } from './1764800000000-deployment-identity';
import { IlluminantCct1764900000000 } from './1764900000000-illuminant-cct';
import { RequestFingerprint1765000000000 } from './1765000000000-request-fingerprint';
import { Norms1765100000000 } from './1765100000000-norms';
import { DrapePicture1765200000000 } from './1765200000000-drape-picture';

export const MIGRATIONS = [
  InitialSchema1763800000000,
  TextureMetrics1763900000000,
  ColorMetrics1764000000000,
  OverlayPicture1764100000000,
  ContextAndCalibration1764200000000,
  ApiKeys1764300000000,
  WebhookDeliveries1764400000000,
  WorkerHeartbeats1764500000000,
  ObservationFeatureSet1764600000000,
  UndertoneCalibration1764700000000,
  DeploymentIdentity1764800000000,
  IlluminantCct1764900000000,
  RequestFingerprint1765000000000,
  Norms1765100000000,
  DrapePicture1765200000000,
];
