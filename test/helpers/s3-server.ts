/** An S3-protocol server on loopback (test/helpers/s3-server-process.ts) that a test can take down and bring back. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { freePort } from './env';
import { startProcess, type RunningProcess } from './processes';

/** s3rver's fixed credentials */
export const S3RVER_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

export class S3Server {
  private process?: RunningProcess;
  private constructor(
    readonly port: number,
    readonly bucket: string,
    private readonly directory: string,
  ) {}

  static async start(bucket = 'face-photos'): Promise<S3Server> {
    const server = new S3Server(await freePort(), bucket, fs.mkdtempSync(path.join(os.tmpdir(), 'face-s3-')));
    await server.up();
    return server;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The service's environment for this bucket under `prefix`. */
  env(prefix: string): Record<string, string> {
    return {
      STORAGE_URL: `s3://${this.bucket}/${prefix}`,
      S3_ENDPOINT: this.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_REGION: 'us-east-1',
      ...S3RVER_CREDENTIALS,
    };
  }

  async up(): Promise<void> {
    this.process = startProcess('s3', 'test/helpers/s3-server-process.ts', {}, [
      this.directory,
      String(this.port),
      this.bucket,
    ]);
    await this.process.waitForLog(/^ready/m, 30_000);
  }

  /** Killed outright: connections reset, nothing answers (an outage, not a shutdown). */
  async down(): Promise<void> {
    await this.process?.kill();
  }

  /** Object keys under `prefix`. */
  async keys(prefix: string): Promise<string[]> {
    const client = new S3Client({
      endpoint: this.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    try {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${prefix}/` }));
      return (listed.Contents ?? []).map((o) => o.Key!).sort();
    } finally {
      client.destroy();
    }
  }

  async remove(): Promise<void> {
    await this.down();
    fs.rmSync(this.directory, { recursive: true, force: true });
  }
}
