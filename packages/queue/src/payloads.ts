/**
 * Job payloads: ids only, never image bytes. Validated when enqueuing and
 * again when a handler starts (a malformed payload is unrecoverable).
 */
import { z } from 'zod';

export const analyzePayloadSchema = z.object({
  analysisId: z.uuid(),
  imageKey: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 hex'),
  /** the enqueuing deployment's identity (QueueRegistry.bindDeployment); absent on jobs queued before it existed */
  deployment: z.uuid().optional(),
});
export type AnalyzePayload = z.infer<typeof analyzePayloadSchema>;

export const calibratePayloadSchema = z.object({
  /** who asked (operator name, "schedule"), for the model version's record */
  requestedBy: z.string().min(1).max(100),
});
export type CalibratePayload = z.infer<typeof calibratePayloadSchema>;

export const retentionPayloadSchema = z.object({}).strict();

export const deliverPayloadSchema = z.object({
  /** webhook_deliveries.id, which is also the `webhook-id` header */
  deliveryId: z.string().min(1).max(100),
});
export type DeliverPayload = z.infer<typeof deliverPayloadSchema>;
