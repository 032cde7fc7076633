// Parse an RDF file with N3.js (strictly, in the given format) and print its quads as N-Quads.
// Usage: node n3-to-nquads.cjs FILE FORMAT BASE_IRI
//   FORMAT: Turtle, TriG, N-Triples or N-Quads.
// N3.js is found through NODE_PATH (the tests set it to .tools/node_modules).
// Exit status 1 with the parser's message on stderr when the file is not valid FORMAT.
'use strict';

const fs = require('fs');
const N3 = require('n3');

const [file, format, baseIRI] = process.argv.slice(2);
if (!file || !format || !baseIRI) {
  process.stderr.write('usage: node n3-to-nquads.cjs FILE FORMAT BASE_IRI\n');
  process.exit(2);
}
let quads;
try {
  quads = new N3.Parser({ format, baseIRI }).parse(fs.readFileSync(file, 'utf8'));
} catch (error) {
  process.stderr.write(`${file}: ${error.message}\n`);
  process.exit(1);
}
process.stdout.write(new N3.Writer({ format: 'N-Quads' }).quadsToString(quads));
