/**
 * API keys (SPEC §4): `npm run keys -- <command>`
 *   create --name <name> [--scope client|admin] [--rate-limit <per minute>]   prints the secret once
 *   list                                                                       names, scopes, prefixes, last use
 *   revoke --name <name> | --id <uuid>
 * Talks to DATABASE_URL (or, when unset, the embedded Postgres `npm start` runs).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '@face/config';
import { ApiKeyRepository, openDatabase } from '@face/db';
import { embeddedUrl } from '@face/db/embedded-url';

const USAGE =
  'usage: npm run keys -- create --name <name> [--scope client|admin] [--rate-limit <n>] | list | revoke --name <name> | --id <uuid>';

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      id: { type: 'string' },
      scope: { type: 'string', default: 'client' },
      'rate-limit': { type: 'string' },
    },
  });
  const command = positionals[0];
  const config = loadConfig();
  const ds = await openDatabase({
    url: config.DATABASE_URL ?? embeddedUrl(config.EMBEDDED_PG_PORT),
    applicationName: 'face-keys',
  });
  const keys = new ApiKeyRepository(ds);
  try {
    if (command === 'create') {
      if (!values.name || !/^[\w.-]{1,64}$/.test(values.name))
        throw new Error('--name is required: 1–64 letters, digits, _ . -');
      if (values.scope !== 'client' && values.scope !== 'admin') throw new Error('--scope must be client or admin');
      const rate = values['rate-limit'] === undefined ? null : Number(values['rate-limit']);
      if (rate !== null && !(Number.isInteger(rate) && rate > 0))
        throw new Error('--rate-limit must be a positive whole number of requests per minute');
      const { key, secret } = await keys.create({ name: values.name, scope: values.scope, rateLimitPerMinute: rate });
      console.log(
        `created ${key.scope} key "${key.name}" (${key.id}), rate limit ${key.rate_limit_per_minute ?? `default (${config.RATE_LIMIT_PER_MINUTE})`}/min`,
      );
      console.log(`secret (shown once; send as Authorization: Bearer <secret>):\n${secret}`);
    } else if (command === 'list') {
      const rows = await keys.list();
      console.table(
        rows.map((k) => ({
          name: k.name,
          scope: k.scope,
          prefix: `${k.key_prefix}…`,
          rate_limit: k.rate_limit_per_minute ?? 'default',
          created: k.created_at.toISOString().slice(0, 16),
          last_used: k.last_used_at?.toISOString().slice(0, 16) ?? '',
          revoked: k.revoked_at?.toISOString().slice(0, 16) ?? '',
        })),
      );
    } else if (command === 'revoke') {
      const target = values.id ?? values.name;
      if (!target) throw new Error('revoke needs --name or --id');
      if (!(await keys.revoke(target))) throw new Error(`no live key ${target}`);
      console.log(
        `revoked ${target}; API processes stop accepting it within API_KEY_CACHE_MS (${config.API_KEY_CACHE_MS} ms)`,
      );
    } else {
      throw new Error(USAGE);
    }
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
