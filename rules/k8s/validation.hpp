#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/core/text.hpp"
#include "rules/k8s/cron.hpp"
#include "rules/k8s/workload.hpp"

// Re-implementations of the API server's validators that the "will be rejected" rules need
// (apimachinery's util/validation, batch validation, robfig/cron's ParseStandard, Go's
// time.ParseDuration). Every function returns the API server's own wording, so rule messages
// can quote it: "the API server rejects this: spec.parallelism: Invalid value: -1: must be
// greater than or equal to 0".
namespace jobwarden::k8s {

// "/spec/template/spec/containers/0/name" -> "spec.template.spec.containers[0].name".
// Tokens made only of digits are rendered as indexes.
std::string field_path(std::string_view pointer);

// "the API server rejects this: <field_path(pointer)>: <body>".
std::string rejects(std::string_view pointer, std::string_view body);

// Go's %q of a string (double quotes, backslash escapes).
std::string go_quote(std::string_view text);
// A scalar as field.Error prints it: strings quoted, numbers and booleans plain.
std::string go_value(const nlohmann::json& value);

// The value as an integer when it is one (integral floats included, as Kubernetes clients
// re-encode numbers through float64); nullopt for null, absent, other types or fractions.
std::optional<std::int64_t> as_integer(const nlohmann::json* value);
// as_integer(member(parent, key)) (member: workload.hpp).
std::optional<std::int64_t> get_integer(const Node& parent, std::string_view key);
// "Job" or "CronJob" (for messages).
std::string kind_name(const nlohmann::json& object);

// Field-error bodies, in apimachinery's words.
std::string invalid(const std::string& value, std::string_view detail);  // value already printed
std::string unsupported(const std::string& value, const std::vector<std::string>& supported);
std::string required(std::string_view detail = {});
std::string too_many(std::size_t actual, std::size_t max);
std::string too_long(std::size_t max);
std::string duplicate(const std::string& value);

// apimachinery util/validation: each returns the error details, empty when valid.
std::vector<std::string> dns1123_label_errors(std::string_view value);
std::vector<std::string> dns1123_subdomain_errors(std::string_view value);
std::vector<std::string> qualified_name_errors(std::string_view value);
std::vector<std::string> label_value_errors(std::string_view value);
// IsDomainPrefixedPath: full error bodies ("Required value", "Invalid value: \"x\": ...").
std::vector<std::string> domain_prefixed_path_errors(std::string_view value);

// batch validation's validateIndexesFormat ("1,3-5,7" against completions).
struct IndexesResult {
  std::int64_t total = 0;  // number of indexes listed
  std::string error;       // empty when valid; else e.g. `too large index: "9"`
  bool ok() const { return error.empty(); }
};
IndexesResult parse_indexes(std::string_view text, std::int64_t completions);

// Go's time.ParseDuration: nullopt when valid, else Go's error text. When valid and
// `nanoseconds` is given, stores the duration there.
std::optional<std::string> go_duration_error(std::string_view text,
                                             long double* nanoseconds = nullptr);

// Go's strconv.Atoi (optional sign, decimal digits, int64 range) and its error text.
std::optional<std::int64_t> go_atoi(std::string_view text);
std::string go_atoi_error(std::string_view text);
using core::go_fields;  // Go's strings.Fields

// CronJob timeZone syntax checks of batch validation (not the tz database lookup): nullopt
// when acceptable, else the detail the API server reports.
std::optional<std::string> time_zone_error(std::string_view zone);

}  // namespace jobwarden::k8s
