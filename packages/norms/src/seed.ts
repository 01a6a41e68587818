/** The seed norms (npm run seed:norms writes seed-norms.json): stored by the worker at start-up when absent. */
import type { NormsVersion } from './index';
import seed from './seed-norms.json';

export const SEED_NORMS = seed as NormsVersion;
