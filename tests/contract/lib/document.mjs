// api/openapi.json as JSON Schemas that Ajv can compile and validate with (2020-12, the dialect of
// OpenAPI 3.1). Component schemas are registered under kBase, so a `#/components/schemas/X`
// reference anywhere becomes `${kBase}#/$defs/X`.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export const documentPath = fileURLToPath(new URL("../../../api/openapi.json", import.meta.url));
export const kBase = "urn:onair:openapi";

export function loadDocument(path = documentPath) {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** A deep copy of `value` with every component schema reference made absolute. */
export function absoluteRefs(value) {
  if (Array.isArray(value)) return value.map(absoluteRefs);
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      key === "$ref" && typeof v === "string" && v.startsWith("#/components/schemas/")
        ? `${kBase}#/$defs/${v.slice("#/components/schemas/".length)}`
        : absoluteRefs(v);
  }
  return out;
}

/** Ajv in strict mode with the document's component schemas added. */
export function ajvFor(doc) {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: kBase, $defs: absoluteRefs(doc.components?.schemas ?? {}) });
  return ajv;
}

/** The validator of component schema `name`. */
export function componentValidator(ajv, name) {
  const validate = ajv.getSchema(`${kBase}#/$defs/${name}`);
  if (!validate) throw new Error(`no component schema ${name}`);
  return validate;
}

/** `{where, schema}` for every inline schema: parameters, bodies, responses, headers, x-websocket. */
export function inlineSchemas(doc) {
  const found = [];
  const walk = (node, where) => {
    if (Array.isArray(node)) return node.forEach((v, i) => walk(v, `${where}/${i}`));
    if (node === null || typeof node !== "object") return;
    for (const [key, v] of Object.entries(node)) {
      const here = `${where}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      if (key === "schema" && v && typeof v === "object") found.push({ where: here, schema: v });
      else if (key === "x-websocket") {
        for (const [side, s] of Object.entries(v)) {
          if (s && typeof s === "object" && "$ref" in s) found.push({ where: `${here}/${side}`, schema: s });
        }
      } else walk(v, here);
    }
  };
  walk(doc.paths, "#/paths");
  for (const part of ["parameters", "headers", "responses", "requestBodies"]) {
    walk(doc.components?.[part], `#/components/${part}`);
  }
  return found;
}

/** Follows a local `$ref` (`#/components/responses/X`) to what it points at. */
export function resolve(doc, node) {
  while (node && typeof node === "object" && typeof node.$ref === "string" && !node.$ref.startsWith("#/components/schemas/")) {
    node = node.$ref
      .slice(2)
      .split("/")
      .map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"))
      .reduce((at, key) => at?.[key], doc);
  }
  return node;
}

/** The JSON schema of the answer of `method path` (a documented template) with `status`. */
export function responseSchema(doc, method, path, status) {
  const operation = doc.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${path} is not documented`);
  const response = resolve(doc, operation.responses[String(status)]);
  if (!response) throw new Error(`${method} ${path} does not document status ${status}`);
  const schema = response.content?.["application/json"]?.schema;
  if (!schema) throw new Error(`${method} ${path} ${status} has no JSON body`);
  return absoluteRefs(schema);
}
