#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands/commands.hpp"
#include "cli/config_flags.hpp"
#include "cli/flags.hpp"
#include "rules/vap/policy.hpp"

namespace jobwarden::cli {

namespace {

constexpr const char* kExportUsage =
    "Usage: jobwarden export vap [options]\n"
    "\n"
    "Prints ValidatingAdmissionPolicies and their bindings (YAML, for kubectl apply -f -) that\n"
    "make the API server itself enforce the rules CEL can express, without the webhook:\n"
    "configured severities and options baked in, webhook.mode and denySeverity as the\n"
    "bindings' validationActions (jobwarden-deny: Deny, jobwarden-warn: Warn, jobwarden-audit:\n"
    "Audit), exemptions as matchConditions. A header comment lists the rules left out and why,\n"
    "and the CEL cost estimate.\n"
    "\n"
    "Options:\n"
    "  --config FILE        config file (default: .jobwarden.yaml or .jobwarden.yml, searched\n"
    "                       from the current directory upwards)\n"
    "  --kube-version 1.N   target Kubernetes version (default: config kubeVersion, else 1.37;\n"
    "                       1.38, not released yet, works with a note);\n"
    "                       1.30 or later: admissionregistration.k8s.io/v1, 1.28-1.29: v1beta1\n"
    "  --info-as-audit      also export info-level rules, into jobwarden-audit\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit codes: 0 printed; 2 usage or config errors, or a version without the API.\n";

}  // namespace

int export_command(const std::vector<std::string>& args, Io& io) {
  std::vector<std::string> what;
  ConfigFlags config_flags;
  vap::ExportOptions options;
  FlagParser flags(kExportUsage);
  flags.positionals(what).flag("--info-as-audit", options.info_as_audit);
  config_flags.add_to(flags);
  if (auto exit = flags.parse(args, io)) return *exit;
  if (what.empty()) return flags.usage_error(io, "missing what to export (vap)");
  if (what.front() != "vap") {
    return flags.usage_error(io, "unknown export \"" + what.front() + "\" (expected vap)");
  }
  if (what.size() > 1) return flags.usage_error(io, "unexpected argument \"" + what[1] + "\"");

  const std::optional<core::Config> config = config_flags.load(io);
  if (!config) return 2;

  const vap::ExportResult result = vap::export_policy(*config, options);
  if (!result.error.empty()) {
    io.err << "jobwarden: " << result.error << '\n';
    return 2;
  }
  io.out << result.policy.yaml();
  io.out.flush();
  return 0;
}

}  // namespace jobwarden::cli
