#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/core/json_lookup.hpp"
#include "rules/core/registry.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "job-total-resources-too-high",
    .title = "parallelism x per-pod requests exceeds the capacity caps",
    .severity = Severity::warning,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Multiplies the number of pods that can run at once (parallelism, capped by "
        "completions) by the CPU and memory one pod requests (the sum over containers and "
        "sidecars, or the largest init container if that is more; a container without "
        "requests counts its limits) and reports a total above the `maxCpu` or `maxMemory` "
        "option. Quantities use Kubernetes notation (500m, 2, 1.5Gi, 1e9, 128M).",
    .rationale =
        "A Job asks for all its parallel pods at once. A large parallelism times generous "
        "per-pod requests can exceed what the cluster (or the namespace's ResourceQuota) can "
        "give: pods sit Pending, trigger a cluster-autoscaler scale-up bill, or starve other "
        "workloads. The total is easy to overlook because it is never written down; this rule "
        "makes it a capacity-planning decision.",
    .remediation =
        "Lower parallelism or the per-pod requests, or raise the caps for this Job in "
        "`.jobwarden.yaml` after checking capacity.",
    .options = {{"maxCpu", "64", "Largest total CPU request (Kubernetes quantity, quoted)."},
                {"maxMemory", "256Gi",
                 "Largest total memory request (Kubernetes quantity, quoted)."}},
    .fixable = false,
    .bad_example =
        "spec:\n  parallelism: 200\n  template:\n    spec:\n      containers:\n"
        "      - resources: {requests: {cpu: \"1\", memory: 2Gi}}\n",
    .good_example =
        "spec:\n  parallelism: 20\n  template:\n    spec:\n      containers:\n"
        "      - resources: {requests: {cpu: \"1\", memory: 2Gi}}\n",
    .reference = "",
    .webhook_note =
        "The API server defaults a missing parallelism to 1 (completions 1 too when both are "
        "missing); the rule reads the defaulted values, and treats a missing parallelism in a "
        "CronJob's jobTemplate the same way, so both faces agree. LimitRange defaults are "
        "added after admission webhooks and are not counted."};

// Parses a Kubernetes resource.Quantity into base units (cores, bytes). nullopt if invalid.
// The value of a decimal mantissa: `digits` without the '.', `fraction` of them after it. Up to
// 19 digits and 10^27 (exact in a long double) it is one division of two exact numbers, so
// correctly rounded, as strtold is; longer ones go to strtold. (strtold and the substr for it
// were most of this rule's time: it runs for every container and resource.)
long double mantissa_value(std::string_view text, std::size_t digits, std::size_t fraction) {
  if (digits <= 19 && fraction <= 27) {
    std::uint64_t whole = 0;
    for (const char c : text) {
      if (c != '.') whole = whole * 10 + static_cast<std::uint64_t>(c - '0');
    }
    long double scale = 1;
    for (std::size_t k = 0; k < fraction; ++k) scale *= 10;
    return static_cast<long double>(whole) / scale;
  }
  return std::strtold(std::string(text).c_str(), nullptr);
}

std::optional<long double> parse_quantity(const nlohmann::json& value) {
  if (value.is_number()) return value.get<long double>();
  if (!value.is_string()) return std::nullopt;
  const std::string_view text = value.get_ref<const std::string&>();
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  const std::size_t number_start = i;
  std::size_t digits = 0;
  std::size_t fraction = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      ++i, ++digits, ++fraction;
    }
  }
  if (digits == 0) return std::nullopt;
  long double number =
      mantissa_value(text.substr(number_start, i - number_start), digits, fraction);
  if (negative) number = -number;
  const std::string_view suffix = text.substr(i);
  static constexpr std::pair<std::string_view, long double> kSuffixes[] = {
      {"", 1.0L},
      {"m", 1e-3L},
      {"k", 1e3L},
      {"M", 1e6L},
      {"G", 1e9L},
      {"T", 1e12L},
      {"P", 1e15L},
      {"E", 1e18L},
      {"Ki", 1024.0L},
      {"Mi", 1048576.0L},
      {"Gi", 1073741824.0L},
      {"Ti", 1099511627776.0L},
      {"Pi", 1125899906842624.0L},
      {"Ei", 1152921504606846976.0L}};
  for (const auto& [name, factor] : kSuffixes) {
    if (suffix == name) return number * factor;
  }
  // Decimal exponent: e or E followed by a signed integer ("1e3", "5E-2").
  if (suffix.size() >= 2 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    std::size_t j = 1;
    if (suffix[j] == '+' || suffix[j] == '-') ++j;
    if (j == suffix.size()) return std::nullopt;
    for (std::size_t k = j; k < suffix.size(); ++k) {
      if (!std::isdigit(static_cast<unsigned char>(suffix[k]))) return std::nullopt;
    }
    if (suffix.size() - j > 4) return std::nullopt;
    return number * std::pow(10.0L, std::stold(std::string(suffix.substr(1))));
  }
  return std::nullopt;
}

// The object member `key` of `parent`, or nullptr (no Node: this runs per container and
// resource, and needs no pointer).
const nlohmann::json* object_member(const nlohmann::json* parent, const char* key) {
  if (parent == nullptr) return nullptr;
  const nlohmann::json* member = core::find_member(*parent, key);
  return member != nullptr && member->is_object() ? member : nullptr;
}

// requests[name], else limits[name] (Kubernetes uses the limit as the request when only the
// limit is set); 0 when neither or unparsable.
long double request_of(const nlohmann::json& container, const char* name) {
  const nlohmann::json* resources = object_member(&container, "resources");
  for (const char* section : {"requests", "limits"}) {
    const nlohmann::json* node = object_member(resources, section);
    if (node == nullptr) continue;
    const nlohmann::json* quantity_text = core::find_member(*node, name);
    if (quantity_text == nullptr) continue;
    if (auto quantity = parse_quantity(*quantity_text); quantity && *quantity > 0) return *quantity;
    return 0;
  }
  return 0;
}

// The object entries of the pod spec's list `key` (none when it is not an array). Read in
// place: the sums need no pointers, and the rule runs on every manifest.
template <typename Visit>
void for_each_container(const nlohmann::json* pod_spec, const char* key, Visit visit) {
  const nlohmann::json* list = pod_spec == nullptr ? nullptr : core::find_member(*pod_spec, key);
  if (list == nullptr || !list->is_array()) return;
  for (const nlohmann::json& entry : list->get_ref<const nlohmann::json::array_t&>()) {
    if (entry.is_object()) visit(entry);
  }
}

long double per_pod(const nlohmann::json* pod_spec, const char* name) {
  long double sum = 0;
  long double init_max = 0;
  for_each_container(pod_spec, "containers",
                     [&](const nlohmann::json& container) { sum += request_of(container, name); });
  for_each_container(pod_spec, "initContainers", [&](const nlohmann::json& init) {
    const nlohmann::json* restart = core::find_member(init, "restartPolicy");
    if (restart != nullptr && restart->is_string() &&
        restart->get_ref<const std::string&>() == "Always") {
      sum += request_of(init, name);  // sidecar: runs next to the main containers
    } else {
      init_max = std::max(init_max, request_of(init, name));
    }
  });
  return std::max(sum, init_max);
}

std::string format_number(long double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.4Lg", value);
  return buffer;
}

std::string format_cpu(long double cores) {
  if (cores < 1 && cores > 0) return format_number(cores * 1000) + "m";
  return format_number(cores);
}

std::string format_memory(long double bytes) {
  static const std::vector<std::pair<const char*, long double>> kUnits = {
      {"Ei", 1152921504606846976.0L}, {"Pi", 1125899906842624.0L}, {"Ti", 1099511627776.0L},
      {"Gi", 1073741824.0L},          {"Mi", 1048576.0L},          {"Ki", 1024.0L}};
  for (const auto& [unit, factor] : kUnits) {
    if (bytes >= factor) return format_number(bytes / factor) + unit;
  }
  return format_number(bytes);
}

void check(const CheckContext& ctx, Reporter& out) {
  const auto spec = k8s::job_spec(ctx.object());
  if (!ctx.written_object(spec.value)) return;
  std::int64_t pods = k8s::get_int(spec, "parallelism").value_or(1);
  if (const auto completions = k8s::get_int(spec, "completions")) {
    pods = std::min(pods, *completions);
  }
  if (pods <= 0) return;
  const nlohmann::json* pod_spec = k8s::pod_spec_object(ctx.object());

  struct Resource {
    const char* name;
    const char* option;
    std::string (*format)(long double);
  };
  for (const Resource& resource :
       {Resource{"cpu", "maxCpu", format_cpu}, Resource{"memory", "maxMemory", format_memory}}) {
    const auto max = parse_quantity(ctx.option(resource.option));
    if (!max) continue;
    const long double pod = per_pod(pod_spec, resource.name);
    const long double total = pod * static_cast<long double>(pods);
    // Compare with a relative tolerance so that 64 x 1 does not exceed "64" by rounding.
    if (pod <= 0 || total <= *max * (1 + 1e-12L)) continue;
    out.report(pods > 1 ? spec.child_pointer("parallelism") : spec.pointer,
               std::to_string(pods) + " pods at once x " + resource.format(pod) + " " +
                   resource.name + " each request " + resource.format(total) + " " + resource.name +
                   " in total, above " + resource.option + " " + resource.format(*max));
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
