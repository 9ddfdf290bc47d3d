// The server's route table, read from its source: every router.add / add_upload / add_deferred
// (method, pattern) and router.add_websocket (pattern, answered on GET) in src/api/*.cpp.
// The server prints no route list, so the calls are parsed; a call this cannot read is an error,
// never a silent omission.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const apiSourceDir = fileURLToPath(new URL("../../../src/api/", import.meta.url));

/** `source` without its comments (string and character literals kept as they are). */
export function stripComments(source) {
  let out = "";
  for (let i = 0; i < source.length; ) {
    const c = source[i];
    if (c === '"' || c === "'") {
      // A raw string R"delim(...)delim" is read whole.
      if (c === '"' && source[i - 1] === "R") {
        const open = source.indexOf("(", i);
        const delimiter = source.slice(i + 1, open);
        const close = source.indexOf(`)${delimiter}"`, open);
        const end = close + delimiter.length + 2;
        out += source.slice(i, end);
        i = end;
        continue;
      }
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === "\\" ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else if (source.startsWith("//", i)) {
      while (i < source.length && source[i] !== "\n") i++;
    } else if (source.startsWith("/*", i)) {
      const end = source.indexOf("*/", i + 2);
      out += source.slice(i, end + 2).replace(/[^\n]/g, " ");
      i = end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const lineOf = (text, index) => text.slice(0, index).split("\n").length;
const literals = (text) => [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);

/**
 * The routes of one source file: [{method, path, kind, where}]. `kind` is add, add_upload,
 * add_deferred or add_websocket. A method given as an expression (`on ? "POST" : "DELETE"`, the
 * reminder routes registered in a loop) yields one route per string literal in it.
 */
export function routesInSource(source, file = "<source>") {
  const text = stripComments(source);
  const routes = [];
  const call = /\brouter\s*\.\s*(add_websocket|add_upload|add_deferred|add)\s*\(/g;
  for (const match of text.matchAll(call)) {
    const kind = match[1];
    const where = `${file}:${lineOf(text, match.index)}`;
    const rest = text.slice(match.index + match[0].length);
    if (kind === "add_websocket") {
      const path = /^\s*"([^"]*)"/.exec(rest);
      if (!path) throw new Error(`${where}: cannot read the pattern of router.add_websocket(`);
      routes.push({ method: "GET", path: path[1], kind, where });
      continue;
    }
    // First argument (the method) up to the comma before the pattern literal.
    const args = /^\s*([^,;{}]*?)\s*,\s*"([^"]*)"/.exec(rest);
    if (!args) throw new Error(`${where}: cannot read the method and pattern of router.${kind}(`);
    const methods = literals(args[1]);
    if (methods.length === 0) throw new Error(`${where}: the method of router.${kind}( is not a string literal: ${args[1]}`);
    for (const method of methods) routes.push({ method, path: args[2], kind, where });
  }
  return routes;
}

/** Every route in `dir` (src/api), test files left out. */
export function serverRoutes(dir = apiSourceDir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".cpp") && !name.endsWith("_test.cpp"))
    .sort()
    .flatMap((name) => routesInSource(readFileSync(join(dir, name), "utf8"), `src/api/${name}`));
}

export const httpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/** [{method, path, operation}] of the OpenAPI document. */
export function documentedRoutes(doc) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    httpMethods.filter((m) => m in item).map((m) => ({ method: m.toUpperCase(), path, operation: item[m] })),
  );
}
