/** A real local HTTP receiver acting as Bubble's backend workflow: records every webhook it is sent. */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  id: string;
  path: string;
  body: string;
  status: number;
}

export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server?: http.Server;

  /** `port` 0 picks a free one; a receiver can be stopped and listen again on the same port (an outage). */
  constructor(public port = 0) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async listen(): Promise<this> {
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        this.received.push({ id: String(req.headers['webhook-id']), path: req.url ?? '', body, status: 200 });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** analysis id → how many deliveries carried it */
  deliveriesByAnalysis(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.received) {
      const id = (JSON.parse(r.body) as { id?: string }).id ?? '';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }
}

/** Worker settings that send every finished analysis's webhook to `receiver` (signed; loopback allowed). */
export function webhookEnv(receiver: WebhookReceiver): Record<string, string> {
  return {
    WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
    WEBHOOK_DEFAULT_URL: receiver.url,
    OUTBOUND_ALLOWLIST: '127.0.0.1',
  };
}
