/** Every queue name, in one place. Job names live in their definitions (jobs/*.definition.ts). */
export const QueueName = {
  Analysis: 'analysis',
  /** webhook deliveries (SPEC §6): their own queue, so slow receivers never hold up analyses */
  Webhooks: 'webhooks',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
