// Generates rules/k8s/api_fields_table.cpp: the field sets of the Kubernetes types a Job or
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

let cpp = `// clang-format off\n// GENERATED by scripts/gen-k8s-fields.sh from:\n`;
for (const v of ordered) cpp += `//   ${v}: ${versions.get(v).specVersion}\n`;
cpp += `// Do not edit; change the inputs or the generator and run it again.\n`;
cpp += `#include "rules/k8s/api_fields.hpp"\n\nnamespace jobwarden::k8s::api {\n\n`;
cpp += `const int kFirstMinor = ${minors[0]};\nconst int kLastMinor = ${minors[minors.length - 1]};\n\n`;
cpp += `namespace {\n\n`;
for (const { type, list } of rows) {
  cpp += `constexpr Field k${type}[] = {\n`;
  for (const { field, kind, since, until } of list) {
    cpp += `    {"${field}", ${cppKind(kind)}, ${since}, ${until}},\n`;
  }
  if (list.length === 0) cpp += `    {"", Kind::none, Kind::none, "", 0, -1},\n`;
  cpp += `};\n`;
}
cpp += `\n}  // namespace\n\nstd::span<const TypeFields> all_types() {\n  static const TypeFields kTypes[] = {\n`;
for (const { type, list } of rows) {
  cpp += `      {"${type}", std::span<const Field>(k${type}, ${list.length})},\n`;
}
cpp += `  };\n  return kTypes;\n}\n\n}  // namespace jobwarden::k8s::api\n`;
fs.writeFileSync(out, cpp);
console.log(`wrote ${out}: ${rows.length} types, versions ${ordered.join(" ")}`);
