#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return per_container(
      R"cel(!(has(C.resources) && ((has(C.resources.requests) && size(C.resources.requests) > 0) || (has(C.resources.limits) && size(C.resources.limits) > 0))))cel",
      R"cel(LABEL + ' has no resource requests or limits: the scheduler reserves no capacity for it and it can use unbounded CPU and memory')cel",
      /*with_init=*/false);
}

}  // namespace

JOBWARDEN_VAP_RULE(
    "job-container-missing-resources",
    "Fails a container with neither resources.requests nor resources.limits (missing or empty).",
    build);

}  // namespace jobwarden::vap
