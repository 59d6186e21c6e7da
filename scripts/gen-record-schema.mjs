// Writes schemas/isms-record.schema.json, the umbrella schema for generic YAML tooling, from the
// per-kind schemas: one definition per kind, their shared definitions hoisted (a name defined by
// two kinds must be the same schema), dispatched on `kind`. `node scripts/gen-record-schema.mjs
// --check` fails when the committed file is stale (the unit tests run it too).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');

/** Per-kind schema files in the order RECORD_KINDS lists the kinds. */
export const KIND_FILES = [
  'nonconformity', 'control', 'root-cause-analysis', 'management-review', 'audit', 'objective',
  'risk', 'improvement-plan', 'audit-programme',
];

export function recordSchema() {
  const definitions = {};
  const kinds = [];
  for (const name of KIND_FILES) {
    const schema = JSON.parse(readFileSync(join(dir, `${name}.schema.json`), 'utf8'));
    const kind = schema.properties.kind.const;
    kinds.push(kind);
    for (const [def, body] of Object.entries(schema.definitions ?? {})) {
      if (def in definitions && !isDeepStrictEqual(definitions[def], body)) throw new Error(`${name}.schema.json: definition '${def}' differs from another kind's`);
      definitions[def] = body;
    }
    const { $schema: _s, $id: _i, definitions: _d, ...body } = schema;
    definitions[kind] = body;
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://isms-as-code.dev/schemas/isms-record.schema.json',
    title: 'ISMS record',
    description: `Any ISMS as Code record (${kinds.join(', ')}); the schema is chosen by \`kind\`.`,
    type: 'object',
    required: ['kind', 'id'],
    properties: {
      kind: { type: 'string', description: `Record kind. One of: ${kinds.join(', ')}.`, enum: kinds },
      id: {
        type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
        description: "Unique id of this record, unique across the whole repository (letters, digits, '.', '_', '-'; starts with a letter or digit).",
        maxLength: 256,
      },
    },
    allOf: kinds.map((kind) => ({ if: { properties: { kind: { const: kind } }, required: ['kind'] }, then: { $ref: `#/definitions/${kind}` } })),
    definitions,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = join(dir, 'isms-record.schema.json');
  const text = `${JSON.stringify(recordSchema(), null, 2)}\n`;
  if (process.argv.includes('--check')) {
    if (readFileSync(file, 'utf8') !== text) {
      console.error('schemas/isms-record.schema.json is stale: run node scripts/gen-record-schema.mjs');
      process.exit(1);
    }
  } else {
    writeFileSync(file, text);
  }
}
