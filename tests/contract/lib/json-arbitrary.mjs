// JSON Schema (the subset api/openapi.json uses for requests) → fast-check arbitraries: values the
// schema describes ("valid" as far as types, bounds, enums and formats go), and mutations of them
// that break one rule each (a required field missing, a wrong type, a string too long, a number out
// of range, junk fields).
//
// Understood: $ref (#/components/schemas/…), const, enum, oneOf/anyOf, allOf (merged), type (also
// arrays of types, "null"), object (properties, required, additionalProperties, propertyNames),
// string (minLength, maxLength, pattern, format date-time), integer/number (minimum, maximum),
// boolean, array (items, minItems, maxItems). `not` and if/then/else are left to the caller, who
// may filter with a validator of the whole schema.
import fc from "fast-check";

/** Text as people and attackers type it: mostly printable ASCII, some unicode, some control and bidi characters. */
export function textArbitrary({ minLength = 0, maxLength = 40 } = {}) {
  const max = Math.max(minLength, Math.min(maxLength, 64));
  const odd = fc.constantFrom("\n", "\t", "\u0000", "\u0007", "\u007f", "\u202e", "\u2066", "\u200b", "\ufeff", "é", "ß", "ﬁ", "😀", "👩‍👩‍👧", "\u0301", "İ", "ｆｕｌｌ");
  return fc.oneof(
    { weight: 12, arbitrary: fc.string({ unit: "grapheme-ascii", minLength, maxLength: max }) },
    { weight: 4, arbitrary: fc.string({ unit: "grapheme", minLength, maxLength: max }) },
    // Any code point, lone surrogates too (JSON.stringify writes them as \ud800 escapes).
    { weight: 1, arbitrary: fc.string({ unit: "binary", minLength, maxLength: max }) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.oneof(fc.string({ unit: "grapheme-ascii", maxLength: 3 }), odd), { minLength: Math.max(1, minLength), maxLength: Math.max(1, Math.min(max, 12)) })
        .map((parts) => parts.join("")),
    },
  );
}

/** A time as RFC 3339 allows writing it (offsets, fractions, lower case), or not quite. */
export function dateTimeText(date) {
  return fc
    .constantFrom("iso", "seconds", "offset", "negative-offset", "micro", "lower", "no-zone", "space", "date-only", "leap")
    .map((form) => {
      const iso = date.toISOString();
      switch (form) {
        case "iso":
          return iso;
        case "seconds":
          return iso.replace(/\.\d{3}Z$/, "Z");
        case "offset": {
          const shifted = new Date(date.getTime() + 2 * 3600_000).toISOString();
          return shifted.replace("Z", "+02:00");
        }
        case "negative-offset": {
          const shifted = new Date(date.getTime() - 5.5 * 3600_000).toISOString();
          return shifted.replace("Z", "-05:30");
        }
        case "micro":
          return iso.replace("Z", "123Z");
        case "lower":
          return iso.replace("T", "t").replace("Z", "z");
        case "no-zone":
          return iso.replace("Z", "");
        case "space":
          return iso.replace("T", " ");
        case "date-only":
          return iso.slice(0, 10);
        default:
          return `${iso.slice(0, 11)}23:59:60Z`;
      }
    });
}

/** The same value with each schema reference followed (one level). */
export function deref(doc, schema) {
  let s = schema;
  for (let i = 0; i < 20 && s && typeof s === "object" && typeof s.$ref === "string"; i++) {
    const name = s.$ref.replace("#/components/schemas/", "");
    s = doc.components.schemas[name];
  }
  return s ?? {};
}

function typesOf(schema) {
  if (Array.isArray(schema.type)) return schema.type;
  if (typeof schema.type === "string") return [schema.type];
  if (schema.properties || schema.required || schema.additionalProperties !== undefined) return ["object"];
  if (schema.items) return ["array"];
  if (schema.minLength !== undefined || schema.maxLength !== undefined || schema.pattern || schema.format) return ["string"];
  if (schema.minimum !== undefined || schema.maximum !== undefined) return ["number"];
  return [];
}

/** A merge of allOf parts (enough for the document's simple uses). */
function merged(doc, schema) {
  if (!schema.allOf) return schema;
  const out = { ...schema };
  delete out.allOf;
  for (const part of schema.allOf.map((p) => deref(doc, p))) {
    for (const [k, v] of Object.entries(part)) {
      if (k === "properties") out.properties = { ...(out.properties ?? {}), ...v };
      else if (k === "required") out.required = [...new Set([...(out.required ?? []), ...v])];
      else out[k] ??= v;
    }
  }
  return out;
}

/**
 * An arbitrary of the values `schema` describes.
 * `hint(name, schema)` may return an arbitrary of meaningful values for a property `name`
 * (real ids, handles, times): they are mixed in, three to one.
 */
export function arbitraryFor(doc, schema, { hint = () => undefined, name = "", depth = 0 } = {}) {
  const s = merged(doc, deref(doc, schema));
  const sub = (child, childName = name) => arbitraryFor(doc, child, { hint, name: childName, depth: depth + 1 });
  const hinted = name ? hint(name, s) : undefined;
  const plain = (() => {
    if ("const" in s) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    if (s.oneOf || s.anyOf) return fc.oneof(...(s.oneOf ?? s.anyOf).map((option) => sub(option)));
    const types = typesOf(s);
    if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
    if (types.length > 1) return fc.oneof(...types.map((type) => sub({ ...s, type })));
    switch (types[0]) {
      case "null":
        return fc.constant(null);
      case "boolean":
        return fc.boolean();
      case "integer": {
        const min = s.minimum ?? -1e9, max = s.maximum ?? 1e9;
        return fc.oneof({ weight: 4, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: fc.constantFrom(min, max) });
      }
      case "number":
        return fc.double({ min: s.minimum ?? -1e9, max: s.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
      case "string": {
        const minLength = s.minLength ?? 0, maxLength = s.maxLength ?? 64;
        if (s.format === "date-time") {
          return fc
            .date({ min: new Date(Date.now() - 30 * 86400_000), max: new Date(Date.now() + 120 * 86400_000), noInvalidDate: true })
            .chain(dateTimeText);
        }
        if (s.pattern) {
          return fc.stringMatching(new RegExp(s.pattern)).filter((v) => [...v].length >= minLength && [...v].length <= maxLength);
        }
        return fc.oneof(
          { weight: 8, arbitrary: textArbitrary({ minLength, maxLength }) },
          // At the bounds: exactly maxLength code points.
          { weight: 1, arbitrary: fc.constantFrom("x", "é", "😀").map((c) => c.repeat(Math.max(minLength, maxLength))) },
        );
      }
      case "array": {
        const item = sub(s.items ?? {}, `${name}[]`);
        return fc.array(item, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 8, 8) });
      }
      case "object": {
        const model = {};
        for (const [key, child] of Object.entries(s.properties ?? {})) model[key] = sub(child, key);
        let arb = fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in model) });
        const extra = s.additionalProperties;
        if (extra && typeof extra === "object") {
          const names = s.propertyNames ? sub(s.propertyNames, `${name}{}`) : fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 12 });
          const dict = fc.dictionary(names, sub(extra), { maxKeys: 4 });
          arb = fc.tuple(arb, dict).map(([known, more]) => ({ ...more, ...known }));
        }
        return arb;
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return hinted ? fc.oneof({ weight: 3, arbitrary: hinted }, { weight: 1, arbitrary: plain }) : plain;
}

/** The object schema a request body schema stands for (the first object of a oneOf), or null. */
export function objectSchemaOf(doc, schema) {
  const s = merged(doc, deref(doc, schema));
  if (s.oneOf || s.anyOf) return objectSchemaOf(doc, (s.oneOf ?? s.anyOf)[0]);
  return typesOf(s).includes("object") ? s : null;
}

// Values of every JSON type, to put where another type belongs.
const wrongTypedValues = {
  string: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("", "true", "1", "null", "[]", "{}")),
  integer: fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 53, -(2 ** 63), 1e300)),
  number: fc.constantFrom(1.5, -0.5, 1e-300, 3.141592653589793),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
};

/** An arbitrary of values that break what `schema` (a property's schema) allows: a wrong type, or out of bounds. */
export function invalidValueFor(doc, schema) {
  const s = merged(doc, deref(doc, schema));
  const types = typesOf(s);
  const options = [];
  // (An integer is a number too.)
  const others = Object.keys(wrongTypedValues).filter((t) => !types.includes(t) && !(t === "integer" && types.includes("number")));
  if (types.length) options.push(fc.constantFrom(...others).chain((t) => wrongTypedValues[t]));
  if (s.enum) options.push(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...s.enum.map((v) => (typeof v === "string" ? v.toUpperCase() + " " : v)))).filter((v) => !s.enum.includes(v)));
  if ("const" in s) options.push(fc.jsonValue({ maxDepth: 1 }).filter((v) => JSON.stringify(v) !== JSON.stringify(s.const)));
  if (types.includes("string")) {
    if (s.maxLength !== undefined) {
      options.push(fc.integer({ min: 1, max: 4000 }).chain((over) => fc.constantFrom("x", "é", "😀").map((c) => c.repeat(s.maxLength + over))));
    }
    if ((s.minLength ?? 0) > 0) options.push(fc.constant("x".repeat(s.minLength - 1)));
    if (s.pattern) options.push(fc.string({ maxLength: 12 }).filter((v) => !new RegExp(s.pattern).test(v)));
    if (s.format === "date-time") options.push(fc.constantFrom("tomorrow", "2026-13-40T25:61:00Z", "2026-01-01", "1e9", "", "0000-00-00T00:00:00Z", "+275760-09-13T00:00:00.000Z"));
  }
  if (types.includes("integer") || types.includes("number")) {
    const bad = [];
    if (s.minimum !== undefined) bad.push(s.minimum - 1, s.minimum - 1e12);
    if (s.maximum !== undefined) bad.push(s.maximum + 1, s.maximum * 1000 + 7);
    if (types.includes("integer")) bad.push(1.5, 1e21, -1e21);
    if (bad.length) options.push(fc.constantFrom(...bad));
  }
  if (types.includes("array")) {
    if (s.maxItems !== undefined) {
      options.push(fc.constant(null).map(() => Array.from({ length: s.maxItems + 1 }, (_, i) => `w${i}`)));
    }
    if (s.items) options.push(invalidValueFor(doc, s.items).map((v) => [v]));
  }
  if (types.includes("object") && s.propertyNames) {
    options.push(fc.string({ maxLength: 10 }).filter((k) => !(deref(doc, s.propertyNames).enum ?? []).includes(k)).map((k) => ({ [k]: {} })));
  }
  if (types.includes("object") && s.additionalProperties && typeof s.additionalProperties === "object") {
    const names = deref(doc, s.propertyNames ?? {}).enum;
    if (names) options.push(fc.tuple(fc.constantFrom(...names), invalidValueFor(doc, s.additionalProperties)).map(([k, v]) => ({ [k]: v })));
  }
  if (options.length === 0) return fc.constantFrom([], {}, 1.5);
  return fc.oneof(...options);
}

/**
 * An arbitrary of `{mutation, value}`: `valid` (an object of `objectSchema`) with one rule broken.
 */
export function invalidObjectFor(doc, objectSchema, valid) {
  const props = Object.entries(objectSchema.properties ?? {});
  const required = objectSchema.required ?? [];
  const mutations = [];
  if (required.length) {
    mutations.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([v, key]) => {
        const copy = { ...v };
        delete copy[key];
        return { mutation: `without ${key}`, value: copy };
      }),
    );
  }
  if (props.length) {
    mutations.push(
      fc
        .constantFrom(...props)
        .chain(([key, child]) => fc.tuple(valid, fc.constant(key), invalidValueFor(doc, child)))
        .map(([v, key, bad]) => ({ mutation: `bad ${key}`, value: { ...v, [key]: bad } })),
    );
  }
  const junkKey = fc.oneof(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.constantFrom("__proto__", "constructor", "prototype", "id", "isAdmin", "userId", "authorId", "status", "balanceCredits", "", "\u0000", "é"),
  );
  mutations.push(
    fc
      .tuple(valid, fc.dictionary(junkKey, fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 4 }))
      .map(([v, more]) => ({ mutation: "extra fields", value: { ...v, ...more } })),
  );
  return fc.oneof(...mutations);
}
