#!/usr/bin/env node
// Plays the API server's ValidatingAdmissionPolicy plugin for the parity test
// (vap_parity_test.cpp), with a real CEL implementation: @bufbuild/cel 0.6.1 from tests/tools.
//
// Input (file argument): {"documents": [policies and bindings], "cases": [{"name", "object",
// "request"}]}. JSON integers are read as CEL ints (BigInt), other numbers as doubles, and null
// map members are dropped, as the API server's typed decoding gives them to CEL.
// Output (stdout): [{"name", "verdicts": [{"policy", "actions", "reason", "message"}],
// "errors": [...]}] in input order.
//
// Per binding: matchConstraints (resourceRules by kind and operation), then every
// matchCondition (false -> the policy does not apply), then variables (in order, each may use
// the earlier ones), then each validation: false -> a verdict with its messageExpression.
// Errors are reported, never turned into verdicts, so the test fails on them.
//
// CEL functions the policy may use beyond standard CEL: the strings extension (@bufbuild/cel/ext
// `strings`: indexOf, lastIndexOf, join, split, substring, lowerAscii, ...), and two Kubernetes
// libraries, implemented in kubernetes_cel.js after the Kubernetes sources: quantity
// (isQuantity, quantity(), sign, asApproximateFloat, ...) and lists (sum, max, min). All three
// are in the API server's CEL environment. Nothing else (no url(), format, optional types).
"use strict";
const fs = require("fs");
const path = require("path");
const tools = path.join(__dirname, "..", "tools", "node_modules", "@bufbuild", "cel");
const cel = require(tools);
const { strings } = require(path.join(tools, "dist", "cjs", "ext", "index.js"));
const kubernetes = require(path.join(__dirname, "kubernetes_cel.js"));

// JSON with integers as BigInt. Small and strict; the input is written by the test.
function parseJson(text) {
  let i = 0;
  const ws = () => { while (i < text.length && " \t\r\n".includes(text[i])) i++; };
  const value = () => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const out = {};
      ws();
      if (text[i] === "}") { i++; return out; }
      for (;;) {
        ws();
        const key = string();
        ws();
        if (text[i++] !== ":") throw new Error("expected : at " + i);
        const member = value();
        if (member !== null) out[key] = member;  // decoding drops null members
        ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i++] !== "}") throw new Error("expected } at " + i);
        return out;
      }
    }
    if (c === "[") {
      i++;
      const out = [];
      ws();
      if (text[i] === "]") { i++; return out; }
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ",") { i++; continue; }
        if (text[i++] !== "]") throw new Error("expected ] at " + i);
        return out;
      }
    }
    if (c === '"') return string();
    if (text.startsWith("true", i)) { i += 4; return true; }
    if (text.startsWith("false", i)) { i += 5; return false; }
    if (text.startsWith("null", i)) { i += 4; return null; }
    const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (!m) throw new Error("bad JSON at " + i);
    i += m[0].length;
    return m[1] === undefined && m[2] === undefined ? BigInt(m[0]) : Number(m[0]);
  };
  const string = () => {
    if (text[i] !== '"') throw new Error("expected string at " + i);
    let j = i + 1;
    while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
    const out = JSON.parse(text.slice(i, j + 1));
    i = j + 1;
    return out;
  };
  const out = value();
  ws();
  if (i !== text.length) throw new Error("trailing data at " + i);
  return out;
}

const env = cel.celEnv({ funcs: [...strings, ...kubernetes.funcs], registry: kubernetes.registry });
const plans = new Map();  // expression -> planned evaluator (each is parsed once)

function evaluate(expression, activation) {
  let planned = plans.get(expression);
  if (!planned) {
    try {
      planned = cel.plan(env, cel.parse(expression));
    } catch (e) {
      throw new Error("does not parse (" + e.message + "): " + expression);
    }
    plans.set(expression, planned);
  }
  let result;
  try {
    result = planned(activation);
  } catch (e) {
    result = cel.celError(e);
  }
  if (cel.isCelError(result) || result instanceof Error) {
    throw new Error(String(result.message || result) + " in: " + expression);
  }
  return result;
}

const kResources = { Job: "jobs", CronJob: "cronjobs" };

function matchesConstraints(spec, object, request) {
  const rules = (spec.matchConstraints && spec.matchConstraints.resourceRules) || [];
  const resource = kResources[object.kind];
  return rules.some((rule) =>
    rule.apiGroups.includes("batch") && rule.resources.includes(resource) &&
    rule.operations.includes(request.operation));
}

function runBinding(policy, binding, object, request, result) {
  const spec = policy.spec;
  if (!matchesConstraints(spec, object, request)) return;
  const activation = { object, oldObject: null, request, params: null };
  for (const condition of spec.matchConditions || []) {
    let matched;
    try {
      matched = evaluate(condition.expression, activation);
    } catch (e) {
      result.errors.push(policy.metadata.name + " matchCondition " + condition.name + ": " + e.message);
      return;
    }
    if (matched !== true) return;
  }
  const variables = {};
  activation.variables = variables;
  for (const variable of spec.variables || []) {
    try {
      variables[variable.name] = evaluate(variable.expression, activation);
    } catch (e) {
      result.errors.push(policy.metadata.name + " variable " + variable.name + ": " + e.message);
      return;
    }
  }
  for (const validation of spec.validations || []) {
    let passed;
    try {
      passed = evaluate(validation.expression, activation);
    } catch (e) {
      result.errors.push(policy.metadata.name + " validation: " + e.message);
      continue;
    }
    if (typeof passed !== "boolean") {
      result.errors.push(policy.metadata.name + " validation is not a bool: " + validation.expression);
      continue;
    }
    if (passed) continue;
    let message;
    try {
      message = evaluate(validation.messageExpression, activation);
    } catch (e) {
      result.errors.push(policy.metadata.name + " messageExpression: " + e.message);
      continue;
    }
    if (typeof message !== "string") {
      result.errors.push(policy.metadata.name + " messageExpression is not a string");
      continue;
    }
    result.verdicts.push({
      policy: policy.metadata.name,
      actions: binding.spec.validationActions,
      reason: validation.reason || "Invalid",
      message,
    });
  }
}

function main() {
  const input = parseJson(fs.readFileSync(process.argv[2], "utf8"));
  const policies = new Map();
  const bindings = [];
  for (const document of input.documents) {
    if (document.kind === "ValidatingAdmissionPolicy") policies.set(document.metadata.name, document);
    else if (document.kind === "ValidatingAdmissionPolicyBinding") bindings.push(document);
  }
  const output = [];
  for (const testCase of input.cases) {
    const result = { name: testCase.name, verdicts: [], errors: [] };
    for (const binding of bindings) {
      const policy = policies.get(binding.spec.policyName);
      if (!policy) {
        result.errors.push("binding " + binding.metadata.name + " names no policy");
        continue;
      }
      runBinding(policy, binding, testCase.object, testCase.request, result);
    }
    output.push(result);
  }
  process.stdout.write(JSON.stringify(output));
}

main();
