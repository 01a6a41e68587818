/** Reads a data set's labels.csv (header row; first column = file). */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';

export function parseLabels(file: string): Array<Record<string, string> & { file: string }> {
  return parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true, trim: true });
}
