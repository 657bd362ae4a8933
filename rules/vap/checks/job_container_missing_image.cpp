#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return per_container(
      R"cel(!has(C.image) || C.image == '')cel",
      R"cel(LABEL + (has(C.image) ? ' has an empty image' : ' has no image') + ': the API server rejects the ' + object.kind + ' (every container needs an image)')cel");
}

}  // namespace

JOBWARDEN_VAP_RULE("job-container-missing-image",
                   "Fails a container or init container without an image (or with an empty one).",
                   build);

}  // namespace jobwarden::vap
