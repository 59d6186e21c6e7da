// One stage of the cost ladder (bench/ladder.mjs): read every ISMS file of a generated repository
// and take it as far as STAGE, in a fresh process, so each rung is the whole-process cost (Node's
// start, the load, V8's compilation and garbage collection included) of the engine up to there.
//   lex    yaml's lexer and parser only (tokens dropped): what no reader built on yaml can avoid
//   cst    + our CST reader (parse/cstDocuments.ts): plain values and range tables
//   events-lex  js-yaml's event parser only (parse/jsYaml.ts; events dropped): the other parser's floor
//   events + our event reader (parse/eventDocuments.ts) on it, and the CST reader for the files it
//          declines, as reading does: plain values and range tables
//   read   (events +) records, schema validation and the reading stage's diagnostics (reading/ismsFile.ts)
//   index  + the repository index (every file added)
//   rules  + every rule, diagnostics of every file
import { readFileSync } from 'node:fs';
import { Parser } from 'yaml';
import { RepositoryIndex } from '../src/core/index/repositoryIndex';
import { parseDate } from '../src/core/model/dates';
import { readCstDocuments } from '../src/core/parse/cstDocuments';
import { readEventDocuments } from '../src/core/parse/eventDocuments';
import { parseEvents } from '../src/core/parse/jsYaml';
import { readIsmsFile } from '../src/core/reading/ismsFile';
import { ismsFiles } from './ismsFiles.mjs';

const [repo, stage, asOf] = process.argv.slice(2);
const files = ismsFiles(repo);
const relative = (file: string) => file.slice(repo.length + 1);
let outcome = 0;
const kept: unknown[] = []; // results stay reachable, as the engine keeps them
switch (stage) {
  case 'lex':
    for (const file of files) for (const _token of new Parser().parse(readFileSync(file, 'utf8'))) outcome++;
    break;
  case 'cst':
    for (const file of files) kept.push(readCstDocuments(readFileSync(file, 'utf8')));
    break;
  case 'events-lex':
    for (const file of files) {
      try {
        outcome += parseEvents(readFileSync(file, 'utf8'), {}).length;
      } catch {
        outcome--; // a planted syntax error
      }
    }
    break;
  case 'events':
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      kept.push(readEventDocuments(text) ?? readCstDocuments(text));
    }
    break;
  case 'read':
    for (const file of files) kept.push(readIsmsFile(relative(file), readFileSync(file, 'utf8')));
    break;
  case 'index':
  case 'rules': {
    const index = new RepositoryIndex(undefined, parseDate(asOf)!);
    for (const file of files) index.addFile(relative(file), readFileSync(file, 'utf8'));
    if (stage === 'rules') for (const file of files) outcome += index.diagnosticsFor(relative(file)).length;
    kept.push(index);
    break;
  }
  default:
    throw new Error(`unknown stage ${stage}`);
}
process.stdout.write(`${stage} ${files.length} files ${outcome} ${kept.length}\n`);
