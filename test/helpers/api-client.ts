/** A tiny HTTP client for the service under test (real HTTP on loopback). */
import fs from 'node:fs';
import path from 'node:path';
import { eventually } from './env';

export interface ApiResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  body: T;
}

export class ApiClient {
  constructor(readonly base: string) {}

  async request<T = Record<string, any>>(method: string, url: string, init: RequestInit = {}): Promise<ApiResponse<T>> {
    const res = await fetch(`${this.base}${url}`, { method, ...init });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
  }

  /** multipart upload of a file (or raw bytes with a name) plus form fields */
  post(file: string | { bytes: Buffer; name: string }, fields: Record<string, string> = {}, opts: { query?: string; headers?: Record<string, string>; field?: string } = {}) {
    const form = new FormData();
    const { bytes, name } = typeof file === 'string' ? { bytes: fs.readFileSync(file), name: path.basename(file) } : file;
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
