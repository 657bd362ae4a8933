#include <arpa/inet.h>

#include <string>
#include <vector>

#include "rules/core/registry.hpp"
#include "rules/k8s/text.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;
using nlohmann::json;

const RuleInfo kInfo{
    .id = "job-pod-ip-invalid",
    .title = "IP addresses in the pod template the API server rejects",
    .severity = Severity::error,
    .kinds = {"Job", "CronJob"},
    .summary =
        "Checks the IP addresses of a pod template (hostAliases[].ip, dnsConfig.nameservers[]) "
        "the way the API server does: they must be IP addresses, and from Kubernetes 1.36 "
        "(StrictIPCIDRValidation, beta and on by default) IPv4 octets must not have leading "
        "zeros (010.0.0.1) and IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are refused.",
    .rationale =
        "Before strict validation, Go's legacy parser read 010.0.0.1 as 10.0.0.1 while other "
        "components read it as octal (8.0.0.1); to remove that ambiguity the API server now "
        "rejects such values, so a manifest that was accepted by 1.35 fails on 1.36.",
    .remediation = "Write IPv4 addresses without leading zeros and IPv6 addresses in plain form.",
    .options = {},
    .fixable = false,
    .bad_example = "hostAliases:\n- ip: 010.001.002.003\n  hostnames: [db]\n",
    .good_example = "hostAliases:\n- ip: 10.1.2.3\n  hostnames: [db]\n",
    .reference = "",
    .webhook_note =
        "Defaulting does not touch these fields, so the webhook gives the same verdict. On "
        "update the API server still accepts values that were already stored; jobwarden "
        "checks every object as if it were created."};

// Why the address is refused at the target, or "" when it is accepted.
std::string ip_problem(const std::string& text, KubeVersion target) {
  const bool strict = target >= KubeVersion{1, 36};
  if (text.find(':') != std::string::npos) {
    in6_addr address{};
    if (inet_pton(AF_INET6, text.c_str(), &address) != 1) {
      return "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
    }
    const bool mapped = IN6_IS_ADDR_V4MAPPED(&address);
    if (strict && mapped) {
      return "must not be an IPv4-mapped IPv6 address (strict IP validation, on by default "
             "from 1.36)";
    }
    return {};
  }
  const auto octets = k8s::split(text, '.');
  bool leading_zero = false;
  bool valid = octets.size() == 4;
  for (const auto octet : octets) {
    if (!valid) break;
    if (octet.empty() || octet.size() > 3 ||
        octet.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoi(std::string(octet)) > 255) {
      valid = false;
    } else if (octet.size() > 1 && octet.front() == '0') {
      leading_zero = true;
    }
  }
  if (!valid) return "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
  if (strict && leading_zero) {
    return "IPv4 octets must not have leading zeros (strict IP validation, on by default from "
           "1.36)";
  }
  return {};
}

void check_ip(const std::string& pointer, const json& value, KubeVersion target, Reporter& out) {
  if (!value.is_string()) return;
  const std::string text = value.get<std::string>();
  const std::string problem = ip_problem(text, target);
  if (problem.empty()) return;
  out.report(pointer, k8s::rejects(pointer, k8s::invalid(k8s::go_quote(text), problem)));
}

void check(const CheckContext& ctx, Reporter& out) {
  const k8s::Node pod = k8s::pod_spec(ctx.object());
  const KubeVersion target = ctx.kube_version();
  if (const json* aliases = k8s::member(pod, "hostAliases"); aliases && aliases->is_array()) {
    for (std::size_t i = 0; i < aliases->size(); ++i) {
      const json& alias = (*aliases)[i];
      if (alias.is_object() && alias.contains("ip")) {
        check_ip(pod.pointer + "/hostAliases/" + std::to_string(i) + "/ip", alias["ip"], target,
                 out);
      }
    }
  }
  const json* servers = k8s::member(pod.child("dnsConfig"), "nameservers");
  if (servers != nullptr && servers->is_array()) {
    for (std::size_t i = 0; i < servers->size(); ++i) {
      check_ip(pod.pointer + "/dnsConfig/nameservers/" + std::to_string(i), (*servers)[i], target,
               out);
    }
  }
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
