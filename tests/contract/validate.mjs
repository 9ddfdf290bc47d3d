// Validates api/openapi.json with @readme/openapi-parser (OpenAPI 3.1 schema and its rules), then
// compiles every schema in it with Ajv in strict mode (JSON Schema 2020-12), so a schema that is
// wrong but still valid OpenAPI fails too. Exits non-zero with the messages on any failure.
import { validate, compileErrors } from "@readme/openapi-parser";
import { absoluteRefs, ajvFor, documentPath, inlineSchemas, kBase, loadDocument } from "./lib/document.mjs";

const doc = loadDocument();
let failed = false;

if (doc.openapi !== "3.1.0") {
  console.error(`openapi is ${doc.openapi}, not 3.1.0`);
  failed = true;
}

const result = await validate(structuredClone(doc), { validate: { errors: { colorize: false } } });
if (!result.valid) {
  console.error(`${documentPath} is not a valid OpenAPI document:\n${compileErrors(result)}`);
  failed = true;
}
for (const warning of result.warnings ?? []) console.warn(`warning: ${warning.message}`);

// OpenAPI 3.0 spellings that 3.1 replaced (Ajv would even accept `nullable` silently).
function oldKeywords(node, where, inProperties = false) {
  if (Array.isArray(node)) return node.forEach((v, i) => oldKeywords(v, `${where}/${i}`));
  if (node === null || typeof node !== "object") return;
  for (const [key, v] of Object.entries(node)) {
    if (!inProperties && (key === "nullable" || key === "x-nullable")) {
      console.error(`${where}: \`${key}\` is OpenAPI 3.0; write type: [..., "null"]`);
      failed = true;
    }
    oldKeywords(v, `${where}/${key}`, !inProperties && (key === "properties" || key === "patternProperties"));
  }
}
oldKeywords(doc.components?.schemas, "#/components/schemas");
for (const { where, schema } of inlineSchemas(doc)) oldKeywords(schema, where);

let compiled = 0;
let ajv;
try {
  ajv = ajvFor(doc);
} catch (error) {
  console.error(`components.schemas do not load into Ajv: ${error.message}`);
  process.exit(1);
}
for (const name of Object.keys(doc.components?.schemas ?? {})) {
  try {
    if (!ajv.getSchema(`${kBase}#/$defs/${name}`)) throw new Error("did not compile");
    compiled++;
  } catch (error) {
    console.error(`#/components/schemas/${name}: ${error.message}`);
    failed = true;
  }
}
for (const { where, schema } of inlineSchemas(doc)) {
  try {
    ajv.compile(absoluteRefs(schema));
    compiled++;
  } catch (error) {
    console.error(`${where}: ${error.message}`);
    failed = true;
  }
}

const operations = Object.values(doc.paths).reduce(
  (n, item) => n + Object.keys(item).filter((k) => ["get", "put", "post", "delete", "patch", "head", "options", "trace"].includes(k)).length,
  0,
);
if (failed) {
  console.error("api/openapi.json: FAILED");
  process.exit(1);
}
console.log(
  `api/openapi.json: valid OpenAPI ${doc.openapi} (@readme/openapi-parser); ${Object.keys(doc.paths).length} paths, ${operations} operations; ${compiled} schemas compiled (Ajv 2020-12, strict)`,
);
