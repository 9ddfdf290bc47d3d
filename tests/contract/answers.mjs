// Checks the answers the HTTP integration suite received (tests/support/http_client.cpp writes
// them to ONAIR_CONTRACT_LOG as JSON lines) against api/openapi.json: each status documented for
// its operation, each JSON body matching the documented schema. Usage: node answers.mjs DIR
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { absoluteRefs, ajvFor, componentValidator, loadDocument, resolve } from "./lib/document.mjs";

const dir = process.argv[2] ?? process.env.ONAIR_CONTRACT_LOG;
if (!dir) {
  console.error("usage: node answers.mjs DIR (the ONAIR_CONTRACT_LOG of the suite)");
  process.exit(2);
}
const doc = loadDocument();
const ajv = ajvFor(doc);
const errorSchema = componentValidator(ajv, "Error");

// Documented path templates, most literal segments first, as matchers.
const templates = Object.keys(doc.paths)
  .map((template) => {
    const parts = template.split("/");
    return { template, parts, literals: parts.filter((p) => !p.startsWith("{")).length };
  })
  .sort((a, b) => b.literals - a.literals);
function templateOf(path) {
  const segments = path.split("/");
  for (const t of templates) {
    if (t.parts.length !== segments.length) continue;
    if (t.parts.every((p, i) => p.startsWith("{") || p === decodeURIComponent(segments[i]))) return t.template;
  }
  return null;
}

const compiled = new Map();
function validatorFor(key, schema) {
  if (!compiled.has(key)) compiled.set(key, ajv.compile(absoluteRefs(schema)));
  return compiled.get(key);
}

const failures = new Map(); // what failed → {count, example}
let passed = 0;
function fail(what, example) {
  const f = failures.get(what) ?? { count: 0, example };
  f.count += 1;
  failures.set(what, f);
}

const files = readdirSync(dir).filter((f) => f.endsWith(".jsonl"));
for (const file of files) {
  for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
    if (!line) continue;
    const answer = JSON.parse(line);
    const { method, path, status } = answer;
    const template = templateOf(path);
    const operation = template ? doc.paths[template][method.toLowerCase()] : null;
    if (!operation) {
      // Not a documented operation: a refusal in the error shape (404 / 405), or a static file.
      if (status >= 400 && "body" in answer && !errorSchema(answer.body)) {
        fail(`${method} (undocumented) ${status}: not the error shape`, { path, body: answer.body });
      } else passed += 1;
      continue;
    }
    const response = resolve(doc, operation.responses[String(status)] ?? operation.responses.default);
    if (!response) {
      fail(`${method} ${template} ${status}: status not documented`, { path, body: answer.body });
      continue;
    }
    const schema = response.content?.["application/json"]?.schema;
    if ("body" in answer && schema) {
      const validate = validatorFor(`${method} ${template} ${status}`, schema);
      if (!validate(answer.body)) {
        fail(`${method} ${template} ${status}: ${ajv.errorsText(validate.errors)}`, { path, body: answer.body });
        continue;
      }
    } else if ("body" in answer && !schema && answer.body !== null) {
      fail(`${method} ${template} ${status}: a JSON body where none is documented`, { path, body: answer.body });
      continue;
    }
    passed += 1;
  }
}
for (const [what, { count, example }] of failures) {
  console.log(`MISMATCH (${count}×) ${what}\n    ${JSON.stringify(example).slice(0, 400)}`);
}
const failed = [...failures.values()].reduce((n, f) => n + f.count, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
