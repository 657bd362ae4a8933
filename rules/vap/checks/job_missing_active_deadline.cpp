#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      R"cel(!variables.hasSpec || has(variables.spec.activeDeadlineSeconds))cel",
      R"cel(has(variables.podSpec.activeDeadlineSeconds) ? 'activeDeadlineSeconds is not set on the Job: the pod template' + "'" + 's own activeDeadlineSeconds stops each hung pod, but nothing bounds the Job' + "'" + 's total time across retries, pending pods and backoff delays' : 'activeDeadlineSeconds is not set: a Job whose pod hangs is never stopped and runs forever')cel"};
}

}  // namespace

JOBWARDEN_VAP_RULE("job-missing-active-deadline",
                   "Fails a JobSpec without activeDeadlineSeconds; the message says when the pod "
                   "template has its own.",
                   build);

}  // namespace jobwarden::vap
