/**
 * Structured JSON logs (winston). Log ids and context only: never image bytes,
 * landmarks or profile fields — a face is biometric data.
 */
import winston from 'winston';

export type Logger = winston.Logger;

export function createLogger(service: string, level = 'info'): Logger {
  return winston.createLogger({
    level,
    defaultMeta: { service, pid: process.pid },
    format: winston.format.combine(
      winston.format.timestamp(),
      winston.format.errors({ stack: true }),
      winston.format.json(),
    ),
    transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn'] })],
  });
}
