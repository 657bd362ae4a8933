#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return per_container(
      R"cel(!has(C.name) || C.name == '')cel",
      R"cel(LABEL + (has(C.name) ? ' has an empty name' : ' has no name') + ': the API server rejects the ' + object.kind + ' (every container needs a name)')cel");
}

}  // namespace

JOBWARDEN_VAP_RULE("job-container-missing-name",
                   "Fails a container or init container without a name (or with an empty one).",
                   build);

}  // namespace jobwarden::vap
