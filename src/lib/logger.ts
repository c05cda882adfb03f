import { pino, type Logger } from 'pino';
import type { Config } from '../config/index.js';

export function createLogger(config: Pick<Config, 'logLevel' | 'env'>): Logger {
  return pino({
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'secret', '*.secret', 'password', '*.password'], censor: '[redacted]' },
  });
}
