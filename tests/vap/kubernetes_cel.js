// The Kubernetes CEL libraries the exported policy uses beyond standard CEL and the strings
// extension, for @bufbuild/cel (tests/vap/evaluate_policy.js):
// - the quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go): isQuantity(string),
//   quantity(string), and the Quantity methods sign(), isGreaterThan(), isLessThan(),
//   compareTo(), asApproximateFloat(), isInteger(), asInteger(); parsing follows
//   k8s.io/apimachinery resource.ParseQuantity (parseQuantityString, the suffixer, the int64
//   fast path, rounding up to nano precision, the BinarySI cap), and asApproximateFloat
//   Quantity.AsApproximateFloat64 (unscaled value times math.Pow10(exponent), in float64);
// - the list library (library/lists.go): sum(), max(), min() of lists of ints or doubles.
// A Quantity is a protobuf message of this file's own type (kubernetes.Quantity: the exact value
// unscaled x 10^exponent), so CEL dispatches its methods by type.
"use strict";
const path = require("path");
const modules = path.join(__dirname, "..", "tools", "node_modules", "@bufbuild");
const cel = require(path.join(modules, "cel"));
const pb = require(path.join(modules, "protobuf"));
const wkt = require(path.join(modules, "protobuf", "dist", "cjs", "wkt", "index.js"));

const kTypeString = 9;
const kTypeInt32 = 5;
const kLabelOptional = 1;
const file = pb.create(wkt.FileDescriptorProtoSchema, {
  name: "jobwarden/tests/kubernetes_quantity.proto",
  package: "kubernetes",
  syntax: "proto3",
  messageType: [{
    name: "Quantity",
    field: [
      { name: "unscaled", number: 1, type: kTypeString, label: kLabelOptional, jsonName: "unscaled" },
      { name: "exponent", number: 2, type: kTypeInt32, label: kLabelOptional, jsonName: "exponent" },
    ],
  }],
});
const registry = pb.createFileRegistry(file, () => undefined);
const QuantitySchema = registry.getMessage("kubernetes.Quantity");
const QuantityType = cel.objectType(QuantitySchema);
const { STRING, INT, DOUBLE, BOOL, DYN } = cel.CelScalar;

const kInt64Max = (1n << 63n) - 1n;
const kInt64Min = -(1n << 63n);

// resource.parseQuantityString: sign, number (leading zeros dropped), fraction, suffix.
function parseQuantityString(str) {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (pos < end) {
    if (str[0] === "-") { positive = false; pos++; } else if (str[0] === "+") { pos++; }
  }
  const digit = (c) => c >= "0" && c <= "9";
  for (;;) {
    if (pos >= end) return { positive, value: "0", num: "0", denom: "", suffix: "" };
    if (str[pos] === "0") pos++; else break;
  }
  let num;
  let i = pos;
  while (i < end && digit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: "", suffix: "" };
  num = str.slice(pos, i);
  pos = i;
  if (num.length === 0) num = "0";
  let denom = "";
  if (pos < end && str[pos] === ".") {
    pos++;
    i = pos;
    while (i < end && digit(str[i])) i++;
    if (i >= end) return { positive, value: str, num, denom: str.slice(pos), suffix: "" };
    denom = str.slice(pos, i);
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  i = pos;
  while (i < end && "eEinumkKMGTP".includes(str[i])) i++;
  if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === "-" || str[pos] === "+") pos++;
  i = pos;
  while (i < end && digit(str[i])) i++;
  if (i >= end) return { positive, value, num, denom, suffix: str.slice(suffixStart) };
  return null;  // ErrFormatWrong
}

const kDecimalSuffixes = { "": 0, n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const kBinarySuffixes = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

// The suffixer's interpret: [base, exponent, format] or null.
function interpret(suffix) {
  if (suffix in kDecimalSuffixes) return [10, kDecimalSuffixes[suffix], "DecimalSI"];
  if (suffix in kBinarySuffixes) return [2, kBinarySuffixes[suffix], "BinarySI"];
  if (suffix.length > 1 && (suffix[0] === "e" || suffix[0] === "E")) {
    const text = suffix.slice(1);
    if (!/^[+-]?[0-9]+$/.test(text)) return null;
    const exponent = BigInt(text);
    if (exponent > kInt64Max || exponent < kInt64Min) return null;  // strconv.ParseInt
    return [10, Number(BigInt.asIntN(32, exponent)), "DecimalExponent"];  // int32(parsed)
  }
  return null;
}

// resource.ParseQuantity: {unscaled: BigInt, exponent: int} (value = unscaled x 10^exponent),
// or null when the string is not a quantity.
function parseQuantity(str) {
  if (str.length === 0) return null;
  if (str === "0") return { unscaled: 0n, exponent: 0 };
  const parts = parseQuantityString(str);
  if (parts === null) return null;
  const interpreted = interpret(parts.suffix);
  if (interpreted === null) return null;
  const [base, exponent, format] = interpreted;
  const { positive, value, num, denom } = parts;
  let precision = 0;
  let scale = 0;
  let mantissa = 1n;
  if (format === "BinarySI") {
    if (exponent >= 0 && denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      precision = 15 - num.length - Math.trunc(Math.fround(Math.fround(exponent) * 3 / 10)) - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = BigInt(num + denom);
      if (shifted > kInt64Max) return null;  // strconv.ParseInt: ErrNumeric
      const result = shifted * mantissa;
      if (result <= kInt64Max) return { unscaled: positive ? result : -result, exponent: scale };
    }
  }
  // The inf.Dec path: the digits of `value` with the suffix applied, rounded up (away from
  // zero) to nano precision when not zero; BinarySI capped at 2^63-1.
  const match = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(value);
  if (match === null || (match[2] === "" && (match[3] === undefined || match[3] === ""))) {
    return null;  // inf.Dec SetString fails
  }
  const fraction = match[3] || "";
  let unscaled = BigInt((match[2] || "0") + fraction);
  let decScale = fraction.length;  // value = unscaled x 10^-decScale
  if (base === 10) {
    decScale -= exponent;
  } else {
    unscaled *= 1n << BigInt(exponent);
  }
  if (unscaled !== 0n) {
    if (decScale > 9) {
      const divisor = 10n ** BigInt(decScale - 9);
      const rounded = unscaled / divisor;
      unscaled = rounded * divisor === unscaled ? rounded : rounded + 1n;
    } else {
      unscaled *= 10n ** BigInt(9 - decScale);
    }
    decScale = 9;
  }
  if (format === "BinarySI" && unscaled > kInt64Max * 10n ** BigInt(decScale)) {
    unscaled = kInt64Max;  // amount.Set(maxAllowed): 2^63-1 at scale 0
    decScale = 0;
  }
  return { unscaled: match[1] === "-" ? -unscaled : unscaled, exponent: -decScale };
}

function quantityMessage(parsed) {
  return pb.create(QuantitySchema, { unscaled: parsed.unscaled.toString(), exponent: parsed.exponent });
}

function valueOf(message) {
  const quantity = message.message || message;
  return { unscaled: BigInt(quantity.unscaled), exponent: quantity.exponent };
}

// Exact comparison of unscaled x 10^exponent values.
function compare(a, b) {
  const exponent = Math.min(a.exponent, b.exponent);
  const x = a.unscaled * 10n ** BigInt(a.exponent - exponent);
  const y = b.unscaled * 10n ** BigInt(b.exponent - exponent);
  return x < y ? -1n : x > y ? 1n : 0n;
}

// Go's math.Pow10 (its tables of exact powers, so 1e-3 is 1/1e3 as in Go).
function pow10(n) {
  const table = (k) => Number("1e" + k);
  if (n >= 0 && n <= 308) return table(32 * Math.floor(n / 32)) * table(n % 32);
  if (n < 0 && n >= -323) return table(-32 * Math.floor(-n / 32)) / table(-n % 32);
  return n > 0 ? Infinity : 0;
}

function asApproximateFloat(q) {
  const base = Number(q.unscaled);
  return q.exponent === 0 ? base : base * pow10(q.exponent);
}

// The integer value when it has no fraction and fits int64; else null.
function asInteger(q) {
  let value;
  if (q.exponent >= 0) {
    value = q.unscaled * 10n ** BigInt(q.exponent);
  } else {
    const divisor = 10n ** BigInt(-q.exponent);
    if (q.unscaled % divisor !== 0n) return null;
    value = q.unscaled / divisor;
  }
  return value >= kInt64Min && value <= kInt64Max ? value : null;
}

function parsed(str) {
  const q = parseQuantity(str);
  if (q === null) throw new Error("quantity: invalid quantity: " + JSON.stringify(str));
  return quantityMessage(q);
}

function numbers(list) {
  const out = [];
  for (const item of list) {
    if (typeof item !== "bigint" && typeof item !== "number") {
      throw new Error("sum/max/min of a list that holds a " + typeof item);
    }
    out.push(item);
  }
  if (out.some((x) => typeof x !== typeof out[0])) throw new Error("mixed int and double list");
  return out;
}

const quantityFuncs = [
  cel.celFunc("isQuantity", [STRING], BOOL, (s) => parseQuantity(s) !== null),
  cel.celFunc("quantity", [STRING], QuantityType, parsed),
  cel.celMethod("sign", QuantityType, [], INT, function () { return compare(valueOf(this), { unscaled: 0n, exponent: 0 }); }),
  cel.celMethod("isGreaterThan", QuantityType, [QuantityType], BOOL, function (other) { return compare(valueOf(this), valueOf(other)) > 0n; }),
  cel.celMethod("isLessThan", QuantityType, [QuantityType], BOOL, function (other) { return compare(valueOf(this), valueOf(other)) < 0n; }),
  cel.celMethod("compareTo", QuantityType, [QuantityType], INT, function (other) { return compare(valueOf(this), valueOf(other)); }),
  cel.celMethod("asApproximateFloat", QuantityType, [], DOUBLE, function () { return asApproximateFloat(valueOf(this)); }),
  cel.celMethod("isInteger", QuantityType, [], BOOL, function () { return asInteger(valueOf(this)) !== null; }),
  cel.celMethod("asInteger", QuantityType, [], INT, function () {
    const value = asInteger(valueOf(this));
    if (value === null) throw new Error("cannot convert value to integer");
    return value;
  }),
];

const listFuncs = [
  cel.celMethod("sum", cel.listType(DYN), [], DYN, function () {
    const items = numbers(this);
    if (items.length === 0) return 0n;
    return items.reduce((a, b) => a + b);
  }),
  cel.celMethod("max", cel.listType(DYN), [], DYN, function () {
    const items = numbers(this);
    if (items.length === 0) throw new Error("max called on empty list");
    return items.reduce((a, b) => (b > a ? b : a));
  }),
  cel.celMethod("min", cel.listType(DYN), [], DYN, function () {
    const items = numbers(this);
    if (items.length === 0) throw new Error("min called on empty list");
    return items.reduce((a, b) => (b < a ? b : a));
  }),
];

module.exports = { funcs: [...quantityFuncs, ...listFuncs], registry, parseQuantity, asApproximateFloat };
