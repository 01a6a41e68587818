/**
 * Content-addressed image store on local disk: images are stored by SHA-256
 * of their bytes, never by client file name (Korean names, `../`, duplicates
 * are all harmless). Writes go to a temporary file and are renamed into place,
 * so a crash never leaves a half-written image.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@face/errors';

const KEY = /^[0-9a-f]{64}$/;

/** File-system errors of a store that cannot take writes now (read-only, full, permissions, missing volume). */
const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'ENOENT', 'EIO']);

export class ImageStore {
  constructor(private readonly root: string) {}

  static keyOf(bytes: Buffer): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`invalid image key`);
    return path.join(this.root, key.slice(0, 2), key.slice(2, 4), key);
  }

  async put(bytes: Buffer): Promise<string> {
    const key = ImageStore.keyOf(bytes);
    const file = this.pathOf(key);
    if (await this.exists(key)) return key;
    const tmp = `${file}.${randomUUID()}.tmp`;
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(tmp, bytes, { mode: 0o600 });
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      const code = (e as NodeJS.ErrnoException).code;
      if (code && UNWRITABLE.has(code)) throw new AppError('STORAGE_UNAVAILABLE', 'The image store cannot take writes; try again shortly.', { reason: code });
      throw e;
    }
    return key;
  }

  async exists(key: string): Promise<boolean> {
    try {
      await fs.access(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }

  read(key: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(key));
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  /** Verifies the store is writable (readiness). */
  async checkWritable(): Promise<void> {
    await fs.mkdir(this.root, { recursive: true });
    await fs.access(this.root, fs.constants.W_OK);
  }
}
