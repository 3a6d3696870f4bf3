import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const DOCUMENTS = { accounting: 'xero_accounting.yaml', identity: 'xero-identity.yaml' } as const;
export type DocumentName = keyof typeof DOCUMENTS;

/** Where Xero's OpenAPI documents are read from: never copied into this repository. */
export function openApiDir(): string {
  return resolve(process.env.XERO_OPENAPI_DIR ?? join(__dirname, '../../../shared/xero-openapi'));
}

export function missingDocuments(dir = openApiDir()): string[] {
  return Object.values(DOCUMENTS)
    .map((file) => join(dir, file))
    .filter((path) => !existsSync(path));
}

type Json = Record<string, unknown>;

interface Operation {
  pattern: RegExp;
  template: string;
  methods: Record<string, { responses?: Record<string, Json> }>;
}

/**
 * Validates response bodies with Ajv against the schema Xero's document declares for that path, method
 * and status (OpenAPI 3.0 schemas: `nullable`, `x-` extensions and the numeric formats are understood).
 */
export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly documents = new Map<DocumentName, Json>();
  private readonly operations = new Map<DocumentName, Operation[]>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(dir = openApiDir()) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    for (const format of ['double', 'float', 'int32', 'int64', 'decimal']) {
      this.ajv.addFormat(format, { type: 'number', validate: (n: number) => Number.isFinite(n) });
    }
    for (const name of Object.keys(DOCUMENTS) as DocumentName[]) {
      const doc = parse(readFileSync(join(dir, DOCUMENTS[name]), 'utf8'), { maxAliasCount: -1 }) as Json;
      this.documents.set(name, doc);
      this.ajv.addSchema({ components: doc.components }, name);
      const paths = doc.paths as Record<string, Operation['methods']>;
      this.operations.set(
        name,
        Object.entries(paths).map(([template, methods]) => ({
          template,
          methods,
          pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`, 'i'),
        })),
      );
    }
  }

  /** The documented operation for a request, e.g. `GET /Contacts/{ContactID}`; undefined when undocumented. */
  operation(name: DocumentName, method: string, path: string): string | undefined {
    const op = this.find(name, method, path);
    return op ? `${method.toUpperCase()} ${op.template}` : undefined;
  }

  /** Ajv's errors for this body (empty when it conforms); throws when the document lacks the operation. */
  validate(name: DocumentName, method: string, path: string, status: number, body: unknown): string[] {
    const op = this.find(name, method, path);
    if (!op) throw new Error(`${method} ${path} is not in ${DOCUMENTS[name]}`);
    const responses = op.methods[method.toLowerCase()].responses ?? {};
    let response = (responses[String(status)] ?? responses.default) as Json | undefined;
    if (!response) throw new Error(`${method} ${op.template} documents no ${status} response`);
    if (typeof response.$ref === 'string') response = this.resolve(name, response.$ref);
    const schema = (response.content as Record<string, { schema?: Json }> | undefined)?.['application/json']
      ?.schema;
    if (!schema)
      return body === undefined || body === '' || isEmpty(body) ? [] : ['a body where none is documented'];
    const key = `${name} ${method} ${op.template} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(this.rebase(name, schema));
      this.compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  }

  /** Ajv's errors for a body checked against one named schema of a document (e.g. identity's AccessToken). */
  validateSchema(name: DocumentName, schemaName: string, body: unknown): string[] {
    const key = `${name} #${schemaName}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${name}#/components/schemas/${schemaName}` });
      this.compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  }

  private find(name: DocumentName, method: string, path: string): Operation | undefined {
    return this.operations
      .get(name)!
      .find((op) => op.pattern.test(path) && op.methods[method.toLowerCase()] !== undefined);
  }

  private resolve(name: DocumentName, ref: string): Json {
    return ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<Json>((node, key) => node[key] as Json, this.documents.get(name)!);
  }

  /** Points the document's local `#/components/...` references at the schema registered under its name. */
  private rebase(name: DocumentName, schema: Json): Json {
    return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${name}#/`)) as Json;
  }
}

function isEmpty(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Object.keys(body).length === 0;
}
