// What the schemas say about a field, for hovers and completion in the editor: its
// description, allowed values and the fields a mapping may hold.
import auditSchema from '../../../schemas/audit.schema.json';
import controlSchema from '../../../schemas/control.schema.json';
import managementReviewSchema from '../../../schemas/management-review.schema.json';
import nonconformitySchema from '../../../schemas/nonconformity.schema.json';
import objectiveSchema from '../../../schemas/objective.schema.json';
import rcaSchema from '../../../schemas/root-cause-analysis.schema.json';
import type { NodePath, RecordKind } from '../model';

interface JsonSchema {
  $ref?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  definitions?: Record<string, JsonSchema>;
}

const SCHEMAS: Record<RecordKind, JsonSchema> = {
  Nonconformity: nonconformitySchema as unknown as JsonSchema,
  Control: controlSchema as unknown as JsonSchema,
  RootCauseAnalysis: rcaSchema as unknown as JsonSchema,
  ManagementReview: managementReviewSchema as unknown as JsonSchema,
  Audit: auditSchema as unknown as JsonSchema,
  Objective: objectiveSchema as unknown as JsonSchema,
};

export interface FieldInfo {
  description?: string;
  values: string[];
  fields: Array<{ name: string; description?: string; required: boolean }>;
  /** Fields of which at least one is required (an `anyOf` of `required`). */
  anyOfRequired: string[];
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 10; hops++) {
    const name = current.$ref.replace('#/definitions/', '');
    current = root.definitions?.[name] ?? {};
  }
  return current;
}

/** The schema of the field at `path` in a record of `kind` (list indexes are any item). */
export function fieldInfo(kind: RecordKind, path: NodePath): FieldInfo | undefined {
  const root = SCHEMAS[kind];
  let schema: JsonSchema | undefined = root;
  for (const segment of path) {
    schema = resolve(schema, root);
    if (typeof segment === 'number') {
      schema = schema.items;
    } else {
      schema = schema.properties?.[segment] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    }
    if (!schema) return undefined;
  }
  schema = resolve(schema, root);
  const values = (schema.enum ?? (schema.const !== undefined ? [schema.const] : [])).map(String);
  if (schema.type === 'boolean') values.push('true', 'false');
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, description: resolve(s, root).description ?? s.description, required: required.has(name) }));
  const anyOfRequired = (schema.anyOf ?? []).flatMap((branch) => branch.required ?? []);
  return { description: schema.description, values, fields, anyOfRequired };
}
