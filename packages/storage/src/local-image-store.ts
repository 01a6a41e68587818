/**
 * The image store on local disk (the default): `DATA_DIR/images/ab/cd/<key>`.
 * Writes go to a temporary file and are renamed into place, so a crash never
 * leaves a half-written image.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@face/errors';
import { imageKeyOf, keyPath, type ImageStore, type LocalImage } from './image-store';

/** File-system errors of a store that cannot take writes now (read-only, full, permissions, missing volume). */
const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'ENOENT', 'EIO']);

export class LocalImageStore implements ImageStore {
  constructor(private readonly root: string) {}

  get location(): string {
    return this.root;
  }

  pathOf(key: string): string {
    return path.join(this.root, ...keyPath(key).split('/'));
  }

  async put(bytes: Buffer): Promise<string> {
    const key = imageKeyOf(bytes);
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
      if (code && UNWRITABLE.has(code))
        throw new AppError('STORAGE_UNAVAILABLE', 'The image store cannot take writes; try again shortly.', {
          reason: code,
        });
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

  async read(key: string): Promise<Buffer> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        throw new AppError('NOT_FOUND', 'The picture is no longer stored.');
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  /** The stored file itself: nothing to copy or release. */
  async localCopy(key: string): Promise<LocalImage> {
    if (!(await this.exists(key))) throw new AppError('NOT_FOUND', 'The picture is no longer stored.');
    return { path: this.pathOf(key), release: async () => undefined };
  }

  async checkWritable(): Promise<void> {
    await fs.mkdir(this.root, { recursive: true });
    await fs.access(this.root, fs.constants.W_OK);
  }
}
