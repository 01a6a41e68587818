/** Who is calling: the API key a request authenticated with (http/authenticate.ts). */
import type { ApiKeyScope } from '@face/db';

export interface Caller {
  keyId: string;
  name: string;
  /** client: its own analyses only; admin: operations and all data */
  scope: ApiKeyScope;
  rateLimitPerMinute: number | null;
}
