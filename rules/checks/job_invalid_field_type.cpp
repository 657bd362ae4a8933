#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "rules/core/json_pointer.hpp"
#include "rules/core/registry.hpp"
#include "rules/k8s/api_fields.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;
using nlohmann::json;

const RuleInfo kInfo{
    .id = "job-invalid-field-type",
    .title = "Job and CronJob spec fields must have the right JSON type",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Reports Job and CronJob spec fields whose value has a JSON type Kubernetes cannot "
        "decode: a quoted number, a fraction or out-of-range number for an integer field, a "
        "string for a boolean, a scalar for an object.",
    .rationale =
        "The API server (and kubectl) refuses to decode such an object at all, e.g. "
        "\"cannot unmarshal string into Go struct field JobSpec.spec.parallelism of type "
        "int32\". In YAML this usually comes from quoting: `parallelism: \"3\"` is a "
        "string.",
    .remediation = "Write the value with the field's type (integers and booleans without quotes).",
    .options = {},
    .fixable = false,
    .bad_example = "spec:\n  parallelism: \"3\"\n  suspend: \"false\"\n",
    .good_example = "spec:\n  parallelism: 3\n  suspend: false\n",
    .reference = "",
    .webhook_note =
        "Objects with such fields never reach admission (the API server cannot decode "
        "them); the rule matters for files."};

enum class Type { int32, int64, boolean, string, object };

// The JSON type a field of the generated API table (rules/k8s/api_fields.hpp) must have, for the
// kinds this rule checks; nullopt for the others (arrays, maps, int-or-string, ...).
std::optional<Type> type_of(const k8s::api::Field& field) {
  switch (field.kind) {
    case k8s::api::Kind::int32:
      return Type::int32;
    case k8s::api::Kind::int64:
      return Type::int64;
    case k8s::api::Kind::boolean:
      return Type::boolean;
    case k8s::api::Kind::string:
      return Type::string;
    case k8s::api::Kind::object:
      return Type::object;
    default:
      return std::nullopt;
  }
}

// "string \"3\"", "number 1.5", "boolean true", "array", "object".
std::string describe(const json& value) {
  switch (value.type()) {
    case json::value_t::string:
      return "string " + value.dump();
    case json::value_t::boolean:
      return "boolean " + value.dump();
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return "number " + value.dump();
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    default:
      return value.type_name();
  }
}

// Kubernetes clients re-encode YAML/JSON numbers through float64, so 3.0 arrives as 3.
bool integral(const json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  const double number = value.get<double>();
  return std::isfinite(number) && std::trunc(number) == number;
}

bool in_range(const json& value, Type type) {
  const long double low = type == Type::int32 ? std::numeric_limits<std::int32_t>::min()
                                              : std::numeric_limits<std::int64_t>::min();
  const long double high = type == Type::int32 ? std::numeric_limits<std::int32_t>::max()
                                               : std::numeric_limits<std::int64_t>::max();
  long double number = 0;
  if (value.is_number_unsigned()) {
    number = static_cast<long double>(value.get<std::uint64_t>());
  } else if (value.is_number_integer()) {
    number = static_cast<long double>(value.get<std::int64_t>());
  } else {
    number = static_cast<long double>(value.get<double>());
  }
  return number >= low && number <= high;
}

bool looks_like_integer(const std::string& text) {
  if (text.empty()) return false;
  std::size_t start = text[0] == '-' || text[0] == '+' ? 1 : 0;
  if (start == text.size()) return false;
  return text.find_first_not_of("0123456789", start) == std::string::npos;
}

void check_field(const json& value, const std::string& parent_pointer,
                 const k8s::api::Field& api_field, Reporter& out) {
  const auto type = type_of(api_field);
  if (!type || value.is_null()) return;  // null is "not set"
  // Most fields have the right type: the pointer and name strings only for a finding.
  const auto pointer = [&] { return join_pointer(parent_pointer, api_field.name); };
  const auto name = [&] { return std::string(api_field.name); };
  switch (*type) {
    case Type::int32:
    case Type::int64: {
      if (integral(value)) {
        if (in_range(value, *type)) return;
        out.report(pointer(), name() + " must be a " +
                                  (*type == Type::int32 ? "32-bit" : "64-bit") + " integer, got " +
                                  value.dump() + " which is out of range");
        return;
      }
      std::string hint;
      if (value.is_string() && looks_like_integer(value.get<std::string>())) {
        hint = "Write " + name() + ": " + value.get<std::string>() + " (without quotes).";
      } else {
        hint = "Write " + name() + " as a whole number.";
      }
      out.report(pointer(), name() + " must be an integer, got " + describe(value), hint);
      return;
    }
    case Type::boolean: {
      if (value.is_boolean()) return;
      std::string hint = "Write " + name() + " as true or false without quotes.";
      out.report(pointer(), name() + " must be a boolean, got " + describe(value), hint);
      return;
    }
    case Type::string: {
      if (value.is_string()) return;
      out.report(pointer(), name() + " must be a string, got " + describe(value),
                 "Write " + name() + ": \"" +
                     (value.is_primitive() ? value.dump() : std::string("...")) + "\" (quoted).");
      return;
    }
    case Type::object: {
      if (value.is_object()) return;
      out.report(pointer(), name() + " must be an object, got " + describe(value),
                 "Write " + name() + " as a mapping of its fields.");
      return;
    }
  }
}

// Checks the fields of API type `type` (at the target version) of the object at parent[key];
// reports the spec itself when it is not an object.
void check_spec(const json& parent, const std::string& parent_pointer, const char* key,
                std::string_view type, KubeVersion target, Reporter& out) {
  if (!parent.is_object()) return;
  auto it = parent.find(key);
  if (it == parent.end() || it->is_null()) return;
  const std::string pointer = join_pointer(parent_pointer, key);
  if (!it->is_object()) {
    out.report(pointer, std::string(key) + " must be an object, got " + describe(*it),
               std::string("Write ") + key + " as a mapping of its fields.");
    return;
  }
  // The spec's own members, each looked up in the type's table (a spec sets a few of its
  // fields): in name order, as the table lists them.
  const k8s::api::TypeIndex* fields = k8s::api::find_type(type, target);
  if (fields == nullptr) return;
  for (const auto& [name, value] : it->get_ref<const json::object_t&>()) {
    const k8s::api::Member member = k8s::api::find_member(*fields, name);
    if (member.field != nullptr) check_field(value, pointer, *member.field, out);
  }
}

void check(const CheckContext& ctx, Reporter& out) {
  const json& object = ctx.object();
  if (!object.is_object()) return;
  if (k8s::is_cronjob(object)) {
    check_spec(object, "", "spec", "V1CronJobSpec", ctx.kube_version(), out);
    const json* job_template = find_at(object, "/spec/jobTemplate");
    if (job_template != nullptr && job_template->is_object()) {
      check_spec(*job_template, "/spec/jobTemplate", "spec", "V1JobSpec", ctx.kube_version(), out);
    }
  } else {
    check_spec(object, "", "spec", "V1JobSpec", ctx.kube_version(), out);
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
