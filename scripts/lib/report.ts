/**
 * Published figures: each benchmark or suite owns one section of a document in
 * docs/ (between `<!-- begin:id -->` and `<!-- end:id -->`) and rewrites only
 * that section, stamped with the machine and date it was measured on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DOCS_DIR = path.resolve(__dirname, '..', '..', 'docs');

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, node ${process.version}`;
}

/** Replaces (or appends) the section `id` of docs/<doc>; the heading and the stamp are added here. */
export function publishSection(doc: string, id: string, heading: string, body: string, command: string): void {
  const file = path.join(DOCS_DIR, doc);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# ${doc.replace(/\.md$/, '')}\n`;
  const section = [
    `<!-- begin:${id} -->`,
    `## ${heading}`,
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine()} with \`${command}\` (generated; do not edit by hand).`,
    '',
    body.trim(),
    `<!-- end:${id} -->`,
  ].join('\n');
  const pattern = new RegExp(`<!-- begin:${id} -->[\\s\\S]*?<!-- end:${id} -->`);
  const next = pattern.test(current) ? current.replace(pattern, section) : `${current.trimEnd()}\n\n${section}\n`;
  fs.mkdirSync(DOCS_DIR, { recursive: true });
  fs.writeFileSync(file, next);
  console.log(`(published in docs/${doc}, section "${heading}")`);
}

/** A Markdown table. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}
