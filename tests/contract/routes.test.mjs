// The document describes exactly the routes the server registers: every (method, path) in
// src/api/*.cpp is in api/openapi.json, and nothing is documented that is not routed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadDocument } from "./lib/document.mjs";
import { documentedRoutes, routesInSource, serverRoutes } from "./lib/routes.mjs";

const doc = loadDocument();
const routed = serverRoutes();
const documented = documentedRoutes(doc);
const key = (r) => `${r.method} ${r.path}`;

test("the parser reads the forms the server uses", () => {
  const source = `
    router.add("GET", "/a", handler);
    router.add(
        "POST", "/b/{id}",
        [&s](const http::Request& req) { return f("x, y"); },
        http::Lane::expensive);
    for (bool on : {true, false}) {
      router.add(on ? "POST" : "DELETE", "/c/{id}/reminder",
                 id_route(s, "C", [](auto&&...) {}));
    }
    router.add_upload("PUT", "/d", check, handle, 10);
    router.add_deferred("GET", "/e/{id}/{file}", deferred);
    router.add_websocket("/f/{id}", [&s](const http::Request& req, const http::Fields& params) {});
    // router.add("GET", "/commented-out", handler);
    /* router.add("GET", "/also-commented-out", handler); */
    auto url = "ws://host//not-a-comment"; router.add("PATCH", "/g", h);
  `;
  assert.deepEqual(
    routesInSource(source).map(key),
    ["GET /a", "POST /b/{id}", "POST /c/{id}/reminder", "DELETE /c/{id}/reminder", "PUT /d", "GET /e/{id}/{file}", "GET /f/{id}", "PATCH /g"],
  );
  assert.throws(() => routesInSource(`router.add(method, "/x", h);`), /not a string literal/);
});

test("the server's route table is found", () => {
  assert.ok(routed.length >= 70, `only ${routed.length} routes parsed from src/api`);
  const duplicates = routed.map(key).filter((k, i, all) => all.indexOf(k) !== i);
  assert.deepEqual(duplicates, [], "a route registered twice");
  // The forms that need care: the reminder loop and the WebSocket upgrades.
  for (const expected of ["POST /api/scheduled-lives/{id}/reminder", "DELETE /api/scheduled-lives/{id}/reminder", "GET /ws"]) {
    assert.ok(routed.some((r) => key(r) === expected), `${expected} not parsed`);
  }
});

test("every route the server registers is documented", () => {
  const have = new Set(documented.map(key));
  const missing = routed.filter((r) => !have.has(key(r))).map((r) => `${key(r)} (${r.where})`);
  assert.deepEqual(missing, [], "routed but not in api/openapi.json");
});

test("nothing is documented that the server does not route", () => {
  const have = new Set(routed.map(key));
  const extra = documented.filter((r) => !have.has(key(r))).map(key);
  assert.deepEqual(extra, [], "in api/openapi.json but not routed");
});

test("WebSocket routes, and only they, are GET operations answering 101 with x-websocket", () => {
  const sockets = new Set(routed.filter((r) => r.kind === "add_websocket").map(key));
  for (const r of documented) {
    const isSocket = sockets.has(key(r));
    assert.equal("101" in r.operation.responses, isSocket, `${key(r)}: 101 response`);
    assert.equal("x-websocket" in r.operation, isSocket, `${key(r)}: x-websocket`);
    if (isSocket) assert.ok(r.operation["x-websocket"].serverMessages, `${key(r)}: x-websocket.serverMessages`);
  }
});

test("path parameters are named as in the server's patterns", () => {
  for (const r of documented) {
    const names = [...r.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
    const declared = (r.operation.parameters ?? [])
      .map((p) => (p.$ref ? p.$ref.split("/").reduce((at, k) => (k === "#" ? doc : at[k]), doc) : p))
      .filter((p) => p.in === "path")
      .map((p) => p.name)
      .sort();
    assert.deepEqual(declared, names, `${key(r)}: path parameters`);
  }
});
