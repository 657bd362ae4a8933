#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return per_container(
      R"cel(has(C.image) && C.image != '' && !C.image.matches('[ \\t\\r\\n\\x0b\\x0c]') && !C.image.contains('@') && (!C.image.matches(':[^/]*$') || C.image.endsWith(':latest')))cel",
      R"cel(LABEL + ' image "' + C.image + '" ' + (C.image.matches(':[^/]*$') ? 'uses the :latest tag' : 'has no tag, so it means :latest') + ': pods of the same Job can run different code and every pod start pulls')cel");
}

}  // namespace

JOBWARDEN_VAP_RULE("job-image-latest-tag",
                   "Fails an image without a tag or digest, or with :latest (the tag after the "
                   "last \':\' past the last \'/\').",
                   build);

}  // namespace jobwarden::vap
