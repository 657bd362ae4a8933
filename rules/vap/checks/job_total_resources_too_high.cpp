#include <string>

#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

// CEL has no `let` in the Kubernetes environment (cel.bind is not in it): a one-element list
// literal mapped over binds `name` to `value` once. The cost estimate counts its body once.
std::string let(const std::string& name, const std::string& value, const std::string& body) {
  return "[" + value + "].map(" + name + ", " + body + ")[0]";
}

std::string powers_of_ten(int from, int to) {
  std::string out = "[";
  for (int e = from; e <= to; ++e)
    out += (e > from ? ", " : "") + std::string("1e") + std::to_string(e);
  return out + "]";
}

// printf's "%.4g" of the double `value` (the engine's format_number) in CEL: the decimal exponent
// e0 (from 1e-9, a quantity's smallest unit, to 1e30), four significant digits rounded half to
// even, the exponent form outside 1e-4 <= |x| < 1e4, trailing zeros dropped.
std::string format_g4(const std::string& value) {
  const std::string digits =
      let("e", "r == 10000 ? e0 + 1 : e0",
          let("d", "string(r == 10000 ? 1000 : r)",
              let("n", "d.endsWith('000') ? 1 : d.endsWith('00') ? 2 : d.endsWith('0') ? 3 : 4",
                  "e < -4 || e >= 4 ? d.substring(0, 1) + (n > 1 ? '.' + d.substring(1, n) : "
                  "'') + (e < 0 ? 'e-' : 'e+') + (e > -10 && e < 10 ? '0' : '') + string(e < 0 "
                  "? -e : e) : e >= 0 ? d.substring(0, e + 1) + (n > e + 1 ? '.' + "
                  "d.substring(e + 1, n) : '') : '0.' + '000'.substring(0, -e - 1) + "
                  "d.substring(0, n)")));
  const std::string rounded =
      let("m",
          "e0 <= 3 ? x * " + powers_of_ten(0, 13) + "[3 - e0] : x / " + powers_of_ten(0, 27) +
              "[e0 - 3]",
          let("r",
              "int(m) + (m - double(int(m)) > 0.5 || (m - double(int(m)) == 0.5 && int(m) % 2 == "
              "1) ? 1 : 0)",
              digits));
  return let("s", value,
             "s == 0.0 ? '0' : (s < 0.0 ? '-' : '') + " +
                 let("x", "s < 0.0 ? -s : s",
                     let("e0", powers_of_ten(-9, 30) + ".filter(t, t <= x).size() - 10", rounded)));
}

// The engine's format_cpu: millicores below one core.
std::string format_cpu(const std::string& cores) {
  return let(
      "c", cores,
      format_g4("c < 1.0 && c > 0.0 ? c * 1000.0 : c") + " + (c < 1.0 && c > 0.0 ? 'm' : '')");
}

// The engine's format_memory: the largest binary unit not above the value.
std::string format_memory(const std::string& bytes) {
  std::string factors;
  for (int power = 10; power <= 60; power += 10) {
    factors += ", " + std::to_string(1LL << power) + ".0";
  }
  return let("b", bytes,
             let("u", "[" + factors.substr(2) + "].filter(f, f <= b).size()",
                 format_g4("b / [1.0" + factors + "][u]") +
                     " + ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][u]"));
}

// What a container requests of `resource`: requests[resource], else limits[resource] (the
// request Kubernetes assumes); 0 when neither, and when the quantity is not above 0.
std::string request_of(const std::string& container, const std::string& resource) {
  const std::string key = cel_string(resource);
  std::string out;
  for (const char* section : {"requests", "limits"}) {
    const std::string map = container + ".resources." + section;
    const std::string value = map + "[" + key + "]";
    out += "has(" + container + ".resources) && has(" + map + ") && " + key + " in " + map +
           " ? (isQuantity(" + value + ") ? " +
           let("q", "quantity(" + value + ")", "q.sign() > 0 ? q.asApproximateFloat() : 0.0") +
           " : 0.0) : ";
  }
  return "(" + out + "0.0)";
}

// One pod's request: the containers and sidecars (init containers with restartPolicy Always) run
// together, the other init containers one at a time before them.
std::string per_pod(const std::string& resource) {
  const std::string sidecar = "has(i.restartPolicy) && i.restartPolicy == 'Always'";
  return let("sum",
             "([0.0] + variables.containers.map(c, " + request_of("c", resource) +
                 ") + variables.initContainers.filter(i, " + sidecar + ").map(i, " +
                 request_of("i", resource) + ")).sum()",
             let("init",
                 "([0.0] + variables.initContainers.filter(i, !(" + sidecar + ")).map(i, " +
                     request_of("i", resource) + ")).max()",
                 "sum > init ? sum : init"));
}

CelValidation build(const CelContext& ctx) {
  if (ctx.kube_version() < core::KubeVersion{1, 29}) {
    return {"true", "''",
            "needs Kubernetes' quantity() CEL library, which the API server offers to new "
            "expressions from 1.29 (it compiles them against the previous release's CEL "
            "environment, where the library arrived in 1.28)"};
  }
  // Pods at once: parallelism (defaulted to 1), capped by completions.
  const std::string parallelism =
      "(has(variables.spec.parallelism) ? variables.spec.parallelism : 1)";
  const std::string pods = "(has(variables.spec.completions) && variables.spec.completions < " +
                           parallelism + " ? variables.spec.completions : " + parallelism + ")";
  struct Resource {
    const char* name;
    const char* option;
    std::string (*format)(const std::string&);
  };
  // One pod's request of each resource is bound once (cpu, memory) for all the checks.
  std::vector<std::pair<std::string, std::string>> bindings = {{"pods", pods}};
  std::string over_any;
  std::string messages;
  for (const Resource& resource :
       {Resource{"cpu", "maxCpu", format_cpu}, Resource{"memory", "maxMemory", format_memory}}) {
    const nlohmann::json& option = ctx.option(resource.option);
    if (!option.is_string()) continue;
    const std::string max = cel_string(option.get<std::string>());
    const std::string pod = resource.name;
    bindings.emplace_back(pod, per_pod(pod));
    // Relative tolerance, as the engine: 64 x 1 does not exceed "64" by rounding.
    const std::string over = "(isQuantity(" + max + ") && pods > 0 && " + pod +
                             " > 0.0 && double(pods) * " + pod + " > quantity(" + max +
                             ").asApproximateFloat() * (1.0 + 1e-12))";
    over_any += (over_any.empty() ? "" : " || ") + over;
    messages += std::string(messages.empty() ? "" : " + ") + "(" + over +
                " ? [string(pods) + ' pods at once x ' + " + resource.format(pod) + " + " +
                cel_string(" " + pod + " each request ") + " + " +
                resource.format("double(pods) * " + pod) + " + " +
                cel_string(" " + pod + " in total, above " + resource.option + " ") + " + " +
                resource.format("quantity(" + max + ").asApproximateFloat()") + "] : [])";
  }
  if (over_any.empty()) return {"true", "''", "neither maxCpu nor maxMemory is a quantity string"};
  std::string expression = "!(" + over_any + ")";
  std::string message = "(" + messages + ").join('; ')";
  for (auto it = bindings.rbegin(); it != bindings.rend(); ++it) {
    expression = let(it->first, it->second, expression);
    message = let(it->first, it->second, message);
  }
  return {"!variables.hasSpec || " + expression, message};
}

}  // namespace

JOBWARDEN_VAP_RULE(
    "job-total-resources-too-high",
    "Fails pods at once (parallelism, capped by completions) x one pod's CPU or memory request "
    "above maxCpu / maxMemory (baked in), with Kubernetes' quantity() CEL library (1.29+).",
    build);

}  // namespace jobwarden::vap
