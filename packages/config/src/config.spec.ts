import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, configSchema, loadConfig } from './index';

describe('configuration', () => {
  test('defaults need no environment at all (the embedded default)', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(8080);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.REDIS_URL).toBeUndefined();
    expect(c.WORKER_DEVICE).toBe('cpu');
    expect(path.isAbsolute(c.imageDir)).toBe(true);
  });

  test('a bad value stops start-up with a message naming the variable', () => {
    expect(() => loadConfig({ WORKER_DEVICE: 'tpu' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ WAIT_MAX_SECONDS: '60' })).toThrow(/WAIT_MAX_SECONDS/);
  });

  test('.env.example documents every variable', () => {
    const example = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));
    expect(Object.keys(configSchema.shape).filter((k) => !documented.has(k))).toEqual([]);
  });
});
