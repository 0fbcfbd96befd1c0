// Writes the corpus with graphql-js's full introspection query appended.
// usage: node make_corpus.mjs CORPUS OUT
import { readFileSync, writeFileSync } from 'node:fs';
import { getIntrospectionQuery } from 'graphql';

const [inPath, outPath] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(inPath, 'utf8'));
cases.push({
  name: 'introspection-full',
  query: getIntrospectionQuery({
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
    schemaDescription: true,
    inputValueDeprecation: true,
  }),
});
writeFileSync(outPath, JSON.stringify(cases));
