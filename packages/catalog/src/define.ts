/** Typing for the group files: each definition keeps its key's literal type, so a group's key union can be derived from it. */
import type { MetricDefinition } from './types';

/** A definition before its group is attached, its key typed as the literal `K`. */
export type Def<K extends string = string> = Omit<MetricDefinition, 'group' | 'key'> & { key: K };

/** Types a definition with its key's literal type. */
export const def = <K extends string>(d: Def<K>): Def<K> => d;
