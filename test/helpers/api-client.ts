/** A tiny HTTP client for the service under test (real HTTP on loopback). */
import fs from 'node:fs';
import path from 'node:path';
import { eventually } from './env';
import { validatorFor } from './openapi-validator';

export interface ApiResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  body: T;
}

/** The admin key the test and bench stacks bootstrap with ADMIN_API_KEY. */
export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export class ApiClient {
  /** `key`: the API key sent as a Bearer token (none: the request goes without one) */
  constructor(
    readonly base: string,
    readonly key: string | null = TEST_ADMIN_KEY,
  ) {}

  /** The same service with another key (or none). */
  as(key: string | null): ApiClient {
    return new ApiClient(this.base, key);
  }

  async request<T = Record<string, any>>(method: string, url: string, init: RequestInit = {}): Promise<ApiResponse<T>> {
    const headers = new Headers(init.headers);
    if (this.key && !headers.has('authorization')) headers.set('authorization', `Bearer ${this.key}`);
    const res = await fetch(`${this.base}${url}`, { method, ...init, headers });
    const text = await res.text();
    const body = (text ? JSON.parse(text) : null) as T;
    // every answer is what the published document says (test/helpers/openapi-validator.ts)
    const problems = (await validatorFor(this.base)).check(
      method,
      url,
      res.status,
      res.headers.get('content-type'),
      body,
    );
    if (problems.length > 0)
      throw new Error(
        `the response does not match /openapi.json:\n${problems.join('\n')}\nbody: ${text.slice(0, 600)}`,
      );
    return { status: res.status, headers: res.headers, body };
  }

  /** multipart upload of a file (or raw bytes with a name) plus form fields */
  post(
    file: string | { bytes: Buffer; name: string },
    fields: Record<string, string> = {},
    opts: { query?: string; headers?: Record<string, string>; field?: string } = {},
  ) {
    const form = new FormData();
    const { bytes, name } =
      typeof file === 'string' ? { bytes: fs.readFileSync(file), name: path.basename(file) } : file;
    form.append(opts.field ?? 'image', new Blob([new Uint8Array(bytes)]), name);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return this.request('POST', `/v1/analyses${opts.query ?? ''}`, { body: form, headers: opts.headers });
  }

  get(id: string, query = '') {
    return this.request('GET', `/v1/analyses/${id}${query}`);
  }

  async waitForStatus(id: string, statuses: string[], timeoutMs = 60_000) {
    return eventually(async () => {
      const r = await this.get(id);
      return statuses.includes(r.body.status) ? r : null;
    }, timeoutMs);
  }
}
