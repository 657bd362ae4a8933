// Evaluates webhook matchConditions the way the API server does, with the pinned CEL evaluator
// @bufbuild/cel (tests/tools, installed by scripts/install-test-tools.sh).
//   usage: node match_conditions.cjs INPUT.json
// INPUT: {"conditions": [{"name", "expression"}], "cases": [{"request", "object", "oldObject"}]}
// Prints one line of JSON: for each case, for each condition, {"name", "value"} when the
// expression evaluated to a value, or {"name", "error"} when it failed (the API server then
// applies failurePolicy). The webhook is called only when every value is true.
"use strict";
const fs = require("fs");
const path = require("path");
const { run, isCelError } = require(path.join(__dirname, "../tools/node_modules/@bufbuild/cel"));

// JSON -> CEL input: objects become maps, integral numbers ints (as the API server's
// unstructured JSON does), the rest as is.
function toCel(value) {
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === "object") {
    const map = new Map();
    for (const [key, item] of Object.entries(value)) map.set(key, toCel(item));
    return map;
  }
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  return value;
}

const input = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const results = input.cases.map((c) => {
  const bindings = {
    object: toCel(c.object ?? null),
    oldObject: toCel(c.oldObject ?? null),
    request: toCel(c.request),
  };
  return input.conditions.map(({ name, expression }) => {
    let value;
    try {
      value = run(expression, bindings);
    } catch (error) {
      return { name, error: String(error && error.message ? error.message : error) };
    }
    if (isCelError(value)) return { name, error: value.message };
    if (typeof value !== "boolean") return { name, error: "not a bool: " + String(value) };
    return { name, value };
  });
});
process.stdout.write(JSON.stringify(results) + "\n");
