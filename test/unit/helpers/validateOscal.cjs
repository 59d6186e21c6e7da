// Validates OSCAL POA&M JSON files against the official OSCAL 1.1.2 schema (a copy in
// test/fixtures/oscal) with ajv; formats date-time, email, uri and uri-reference accepted as
// given (ajv has no built-in formats). Run as a child process: compiling a schema generates code,
// which the unit tests' own process forbids. Prints a JSON array of [file, errors] for failures.
const Ajv = require('ajv');
const fs = require('node:fs');
const path = require('node:path');

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'oscal', 'oscal_poam_schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false, formats: { 'date-time': true, email: true, uri: true, 'uri-reference': true } });
const validate = ajv.compile(schema);
const failures = [];
for (const file of process.argv.slice(2)) {
  if (!validate(JSON.parse(fs.readFileSync(file, 'utf8')))) failures.push([file, validate.errors.slice(0, 20)]);
}
process.stdout.write(JSON.stringify(failures));
