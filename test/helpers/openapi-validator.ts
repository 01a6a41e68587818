/**
 * Validates a response against the published OpenAPI document (ajv, JSON Schema 2020-12, as OpenAPI 3.1 uses), so
 * the document and the API cannot drift: every JSON answer the end-to-end suite receives through ApiClient passes
 * here or the test fails. Paths the document does not describe (/metrics, /ops, the docs page) are not checked; a
 * described operation answering a status it does not list is a failure.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

type Json = Record<string, any>;

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  /** documented paths, literal ones first so /v1/analyses/sample is not read as /v1/analyses/{id} */
  private readonly routes: Array<{ template: string; pattern: RegExp }>;

  constructor(private readonly doc: Json) {
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
    this.ajv.addSchema(doc, 'openapi');
    this.routes = Object.keys(doc.paths)
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      }))
      .sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  }

  /** Problems with a value against a named component schema (a webhook message, which no operation answers with). */
  checkComponent(name: string, value: unknown): string[] {
    const validate = this.ajv.getSchema(`openapi#/components/schemas/${escapePointer(name)}`);
    if (!validate) return [`no component ${name}`];
    if (validate(value)) return [];
    return [...(validate.errors ?? [])]
      .sort((a, b) => b.instancePath.length - a.instancePath.length)
      .slice(0, 8)
      .map((e) => `${name}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
  }

  /** Problems with this response, or [] when it is what the document says (or the path is not documented). */
  check(method: string, url: string, status: number, contentType: string | null, body: unknown): string[] {
    const path = new URL(url, 'http://x').pathname;
    const route = this.routes.find((r) => r.pattern.test(path));
    const operation = route && (this.doc.paths[route.template][method.toLowerCase()] as Json | undefined);
    if (!route || !operation) return [];
    const documented = operation.responses[String(status)] ?? operation.responses.default;
    const where = `${method} ${route.template} → ${status}`;
    if (!documented) return [`${where}: status not in the document (${Object.keys(operation.responses).join(', ')})`];
    if (!contentType?.includes('application/json')) return [];
    if (!documented.content?.['application/json']) return [`${where}: answered JSON, the document describes none`];
    const pointer = `openapi#/paths/${escapePointer(route.template)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
    const validate = this.ajv.getSchema(pointer);
    if (!validate) return [`${where}: no schema at ${pointer}`];
    if (validate(body)) return [];
    // under oneOf every branch reports; the deepest errors name the field that is wrong
    const errors = [...(validate.errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length);
    return errors
      .slice(0, 8)
      .map((e) => `${where}: ${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`);
  }
}

const byBase = new Map<string, Promise<OpenApiValidator>>();

/** The validator for a running API, from the document it serves (fetched once per base URL). */
export function validatorFor(base: string): Promise<OpenApiValidator> {
  let v = byBase.get(base);
  if (!v) {
    v = fetch(`${base}/openapi.json`).then(async (res) => {
      if (!res.ok) throw new Error(`${base}/openapi.json answered ${res.status}`);
      return new OpenApiValidator((await res.json()) as Json);
    });
    v.catch(() => byBase.delete(base));
    byBase.set(base, v);
  }
  return v;
}
