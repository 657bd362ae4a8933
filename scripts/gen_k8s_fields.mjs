// Generates rules/k8s/api_fields_table*.{cpp,hpp}: the field sets of the Kubernetes types a Job or
// CronJob contains (JobSpec, CronJobSpec, PodSpec, Container, ... down to every leaf), per
// Kubernetes minor version. Run through scripts/gen-k8s-fields.sh, which fetches the pinned
// inputs; see docs/kubernetes-sources.md for where each version comes from.
//
//   node gen_k8s_fields.mjs OUT.cpp 1.34=DIR 1.36=DIR 1.37=1.36+OVERLAY.json 1.35=1.34|1.36 1.38=1.37
//
// DIR is an unpacked @kubernetes/client-node package: its dist/gen/models/V1*.js files carry an
// attributeTypeMap (JSON field name, TypeScript type, OpenAPI format) generated from the
// Kubernetes OpenAPI description of one release. "A|B" is the union of two versions (for a
// release no package describes: a field of either neighbour is not reported as unknown).
import fs from "node:fs";
import path from "node:path";

const ROOTS = ["V1JobSpec", "V1CronJobSpec", "V1JobTemplateSpec", "V1ObjectMeta"];

// "number"+"int32" -> int32, "Array<V1EnvVar>" -> array:V1EnvVar, "{ [key: string]: string; }"
// -> map:string, ... The kinds the C++ side knows.
function kindOf(type, format) {
  type = type.trim();
  let m = type.match(/^Array<(.+)>$/);
  if (m) return "array:" + elementOf(m[1]);
  m = type.match(/^\{ \[key: string\]: (.+); \}$/);
  if (m) return "map:" + elementOf(m[1]);
  return elementOf(type, format);
}
function elementOf(type, format = "") {
  type = type.trim();
  if (type === "string" || type === "Date") return format === "int-or-string" ? "int_or_string" : "string";
  if (type === "IntOrString") return "int_or_string";
  if (type === "boolean") return "boolean";
  if (type === "number") {
    if (format === "int32") return "int32";
    if (format === "int64") return "int64";
    return "number";
  }
  if (type === "any" || type === "object") return "any";
  if (/^[A-Z]\w*$/.test(type)) return "object:" + type;
  if (type.startsWith("Array<") || type.startsWith("{")) return "any";  // nested containers
  throw new Error("unknown type " + type);
}

function readModels(dir) {
  const models = path.join(dir, "dist", "gen", "models");
  const types = new Map();
  let specVersion = "";
  for (const file of fs.readdirSync(models)) {
    if (!/^[A-Z]\w+\.js$/.test(file)) continue;
    const text = fs.readFileSync(path.join(models, file), "utf8");
    const name = file.slice(0, -3);
    const m = text.match(new RegExp(name + "\\.attributeTypeMap = (\\[[\\s\\S]*?\\n\\]);"));
    if (!m) continue;
    const v = text.match(/OpenAPI spec version: (\S+)/);
    if (v) specVersion = v[1];
    const fields = new Map();
    for (const attr of JSON.parse(m[1])) fields.set(attr.baseName, kindOf(attr.type, attr.format));
    types.set(name, fields);
  }
  if (types.size === 0) throw new Error("no models in " + models);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  return { types, specVersion: `${pkg.name}@${pkg.version} (OpenAPI spec version ${specVersion})` };
}

// Overlay kinds are written "array:V1Foo"; the generated ones say "array:object:V1Foo".
const normalise = (kind) => kind.replace(/^(array|map):([A-Z]\w*)$/, "$1:object:$2");

function applyOverlay(base, file) {
  const overlay = JSON.parse(fs.readFileSync(file, "utf8"));
  for (const group of [overlay.types ?? {}, overlay.add ?? {}]) {
    for (const fields of Object.values(group)) {
      for (const field of Object.keys(fields)) fields[field] = normalise(fields[field]);
    }
  }
  const types = new Map([...base.types].map(([k, v]) => [k, new Map(v)]));
  for (const [type, fields] of Object.entries(overlay.types ?? {})) {
    types.set(type, new Map(Object.entries(fields)));
  }
  for (const [type, fields] of Object.entries(overlay.add ?? {})) {
    if (!types.has(type)) throw new Error("overlay adds to unknown type " + type);
    for (const [field, kind] of Object.entries(fields)) types.get(type).set(field, kind);
  }
  return { types, specVersion: base.specVersion + " + " + path.basename(file) };
}

function union(a, b) {
  const types = new Map([...a.types].map(([k, v]) => [k, new Map(v)]));
  for (const [type, fields] of b.types) {
    if (!types.has(type)) types.set(type, new Map());
    for (const [field, kind] of fields) if (!types.get(type).has(field)) types.get(type).set(field, kind);
  }
  return { types, specVersion: a.specVersion + " | " + b.specVersion };
}

// Only the types reachable from the roots.
function reachable(types) {
  const seen = new Set();
  const todo = [...ROOTS];
  while (todo.length) {
    const name = todo.pop();
    if (seen.has(name) || !types.has(name)) continue;
    seen.add(name);
    for (const kind of types.get(name).values()) {
      const m = kind.match(/object:(\w+)$/);
      if (m) todo.push(m[1]);
    }
  }
  return seen;
}

const [out, ...specs] = process.argv.slice(2);
const versions = new Map();  // "1.36" -> {types, specVersion}
for (const spec of specs) {
  const [version, source] = spec.split("=");
  let data;
  if (source.includes("|")) {
    const [a, b] = source.split("|");
    data = union(versions.get(a), versions.get(b));
  } else if (source.includes("+")) {
    const [base, overlay] = source.split("+");
    data = applyOverlay(versions.get(base), overlay);
  } else if (versions.has(source)) {
    data = versions.get(source);
  } else {
    data = readModels(source);
  }
  versions.set(version, data);
}
const ordered = [...versions.keys()].sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]));
const minors = ordered.map((v) => Number(v.split(".")[1]));

// Every (type, field) with the versions that have it, as a since..until range of minors.
const allTypes = new Set();
for (const v of ordered) for (const t of reachable(versions.get(v).types)) allTypes.add(t);
const rows = [];
for (const type of [...allTypes].sort()) {
  const fields = new Map();  // field -> {kind, minors: []}
  ordered.forEach((v, i) => {
    const t = versions.get(v).types.get(type);
    if (!t || !reachable(versions.get(v).types).has(type)) return;
    for (const [field, kind] of t) {
      if (!fields.has(field)) fields.set(field, { kinds: new Set(), minors: [] });
      fields.get(field).kinds.add(kind);
      fields.get(field).minors.push(minors[i]);
    }
  });
  const list = [];
  for (const [field, { kinds, minors: have }] of [...fields].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (kinds.size !== 1) throw new Error(`${type}.${field} changes kind: ${[...kinds]}`);
    const since = Math.min(...have);
    const until = Math.max(...have);
    if (have.length !== minors.filter((m) => m >= since && m <= until).length) {
      throw new Error(`${type}.${field} is not in a contiguous range of versions`);
    }
    list.push({ field, kind: [...kinds][0], since, until });
  }
  rows.push({ type, list });
}

const cppKind = (kind) => {
  const [k, rest] = kind.includes(":") ? kind.split(/:(.*)/s) : [kind, ""];
  if (k === "array" || k === "map") {
    const element = rest.startsWith("object:") ? "object" : rest;
    const type = rest.startsWith("object:") ? rest.slice(7) : "";
    return `Kind::${k}, Kind::${element}, "${type}"`;
  }
  if (k === "object") return `Kind::object, Kind::none, "${rest}"`;
  return `Kind::${k}, Kind::none, ""`;
};

// Output: OUT.cpp (the version range and all_types()), OUT.hpp (the arrays' declarations) and
// OUT_partN.cpp (the field arrays, in type-name order, split so that no file reaches 500 lines:
// the project's limit for source files).
const MAX_PART_LINES = 400;
const base = out.replace(/\.cpp$/, "");
const stem = path.basename(base);
const header = (what) => {
  let text = `// clang-format off\n// GENERATED by scripts/gen-k8s-fields.sh (${what}) from:\n`;
  for (const v of ordered) text += `//   ${v}: ${versions.get(v).specVersion}\n`;
  return text + `// Do not edit; change the inputs or the generator and run it again.\n`;
};
const arrayText = ({ type, list }) => {
  let text = `constinit const Field k${type}[] = {\n`;
  for (const { field, kind, since, until } of list) {
    text += `    {"${field}", ${cppKind(kind)}, ${since}, ${until}},\n`;
  }
  if (list.length === 0) text += `    {"", Kind::none, Kind::none, "", 0, -1},\n`;
  return text + `};\n`;
};
const arraySize = ({ list }) => Math.max(list.length, 1);

const files = new Map();  // path -> text
let hpp = header("declarations of the field arrays");
hpp += `#pragma once\n\n#include "rules/k8s/api_fields.hpp"\n\n`;
hpp += `namespace jobwarden::k8s::api::table {\n\n`;
for (const row of rows) hpp += `extern const Field k${row.type}[${arraySize(row)}];\n`;
hpp += `\n}  // namespace jobwarden::k8s::api::table\n`;
files.set(`${base}.hpp`, hpp);

const partOpen = (n) =>
  header(`field arrays, part ${n}`) +
  `#include "rules/k8s/${stem}.hpp"\n\nnamespace jobwarden::k8s::api::table {\n\n`;
const partClose = `\n}  // namespace jobwarden::k8s::api::table\n`;
const lines = (text) => text.split("\n").length - 1;
// As many parts as the limit needs, of about equal size.
const arrayLines = rows.reduce((sum, row) => sum + lines(arrayText(row)), 0);
const overhead = lines(partOpen(1)) + lines(partClose);
const parts = Math.ceil(arrayLines / (MAX_PART_LINES - overhead));
const perPart = Math.ceil(arrayLines / parts);
let part = 1;
let text = partOpen(part);
for (const row of rows) {
  const array = arrayText(row);
  const body = lines(text) - lines(partOpen(part));
  if (body > 0 && (body >= perPart || lines(text) + lines(array) + lines(partClose) > MAX_PART_LINES)) {
    files.set(`${base}_part${part}.cpp`, text + partClose);
    part += 1;
    text = partOpen(part);
  }
  text += array;
}
files.set(`${base}_part${part}.cpp`, text + partClose);

let cpp = header("version range and type list");
cpp += `#include "rules/k8s/${stem}.hpp"\n\nnamespace jobwarden::k8s::api {\n\n`;
cpp += `const int kFirstMinor = ${minors[0]};\nconst int kLastMinor = ${minors[minors.length - 1]};\n\n`;
cpp += `std::span<const TypeFields> all_types() {\n  static const TypeFields kTypes[] = {\n`;
for (const { type, list } of rows) {
  cpp += `      {"${type}", std::span<const Field>(table::k${type}, ${list.length})},\n`;
}
cpp += `  };\n  return kTypes;\n}\n\n}  // namespace jobwarden::k8s::api\n`;
files.set(out, cpp);

// Parts of an earlier run that this run does not write are stale.
const dir = path.dirname(out);
for (const name of fs.readdirSync(dir)) {
  const full = path.join(dir, name);
  if (name.startsWith(`${stem}_part`) && name.endsWith(".cpp") && !files.has(full)) fs.unlinkSync(full);
}
for (const [file, content] of files) {
  if (lines(content) >= 500) throw new Error(`${file}: ${lines(content)} lines`);
  fs.writeFileSync(file, content);
}
console.log(`wrote ${out}, ${base}.hpp and ${part} parts: ${rows.length} types, versions ${ordered.join(" ")}`);
