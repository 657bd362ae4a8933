#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {"!has(variables.spec.parallelism) || variables.spec.parallelism != 0",
          "'parallelism is 0: no pod ever starts, and the Job looks active until its deadline "
          "fails it; use suspend: true to hold a Job'"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-parallelism-zero", "Fails a JobSpec whose parallelism is 0.", build);

}  // namespace jobwarden::vap
