// Runs every case of a corpus file through graphql-js (the reference
// implementation) and prints a JSON array of responses, one per case.
// usage: node run_js.mjs SCHEMA DATA CORPUS
import { readFileSync } from 'node:fs';
import { buildSchema, graphqlSync } from 'graphql';

const [schemaPath, dataPath, corpusPath] = process.argv.slice(2);
const schema = buildSchema(readFileSync(schemaPath, 'utf8'));
const data = JSON.parse(readFileSync(dataPath, 'utf8'));
const cases = JSON.parse(readFileSync(corpusPath, 'utf8'));

// The semantics both engines share (see README.md in this folder).
function fieldResolver(source, args, context, info) {
  const value = source !== null && typeof source === 'object' ? source[info.fieldName] : undefined;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    if ('$error' in value) throw new Error(value.$error);
    if ('$echo' in value) return JSON.stringify(args);
    if ('$lookup' in value) return value.table[String(args[value.$lookup])] ?? null;
  }
  return value;
}

const mutation = schema.getMutationType().getFields();
mutation.increment.resolve = (_s, args, ctx) => (ctx.counter += args.by);
mutation.createReview.resolve = (_s, args) => ({ episode: args.episode, ...args.review });
mutation.failMutation.resolve = () => { throw new Error('mutation failed'); };

const results = cases.map((c) => {
  const result = graphqlSync({
    schema,
    source: c.query,
    rootValue: data,
    contextValue: { counter: 0 },
    variableValues: c.variables,
    operationName: c.operationName,
    fieldResolver,
  });
  return JSON.parse(JSON.stringify(result));
});
process.stdout.write(JSON.stringify(results));
