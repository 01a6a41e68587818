/** Where the embedded default's Postgres listens (embedded-postgres.ts starts it); CommonJS-safe for CLIs. */
export const EMBEDDED_DB_NAME = 'face_analysis';
export const EMBEDDED_USER = 'postgres';

export function embeddedUrl(port: number): string {
  return `postgres://${EMBEDDED_USER}:embedded@127.0.0.1:${port}/${EMBEDDED_DB_NAME}`;
}
