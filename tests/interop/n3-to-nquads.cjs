// Parse an RDF file with N3.js (strictly, in the given format) and print its quads as N-Quads.
// Usage: node n3-to-nquads.cjs FILE FORMAT BASE_IRI
//   FORMAT: Turtle, TriG, N-Triples or N-Quads.
//   Exit status 1 with the parser's message on stderr when the file is not valid FORMAT.
// Or: node n3-to-nquads.cjs --each-line
//   Reads one request a line on stdin, a JSON array [FILE, FORMAT, BASE_IRI], and answers each
//   in turn on stdout: "ok LENGTH\n" then the N-Quads, or "refused LENGTH\n" then the parser's
//   message, LENGTH being the byte length of what follows in UTF-8. Each file gets a parser of
//   its own, as with one process per file; the tests start N3.js once and parse many files.
// N3.js is found through NODE_PATH (the tests set it to .tools/node_modules).
'use strict';

const fs = require('fs');
const readline = require('readline');
const N3 = require('n3');

// The file as N-Quads, or throws the parser's error.
function toNQuads(file, format, baseIRI) {
  const quads = new N3.Parser({ format, baseIRI }).parse(fs.readFileSync(file, 'utf8'));
  return new N3.Writer({ format: 'N-Quads' }).quadsToString(quads);
}

function answer(status, text) {
  const bytes = Buffer.from(text, 'utf8');
  process.stdout.write(`${status} ${bytes.length}\n`);
  process.stdout.write(bytes);
}

if (process.argv[2] === '--each-line') {
  readline.createInterface({ input: process.stdin, crlfDelay: Infinity }).on('line', (line) => {
    const [file, format, baseIRI] = JSON.parse(line);
    let nquads;
    try {
      nquads = toNQuads(file, format, baseIRI);
    } catch (error) {
      answer('refused', `${file}: ${error.message}`);
      return;
    }
    answer('ok', nquads);
  });
} else {
  const [file, format, baseIRI] = process.argv.slice(2);
  if (!file || !format || !baseIRI) {
    process.stderr.write('usage: node n3-to-nquads.cjs FILE FORMAT BASE_IRI\n' +
                         '       node n3-to-nquads.cjs --each-line\n');
    process.exit(2);
  }
  let nquads;
  try {
    nquads = toNQuads(file, format, baseIRI);
  } catch (error) {
    process.stderr.write(`${file}: ${error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(nquads);
}
