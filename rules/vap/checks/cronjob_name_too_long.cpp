#include "rules/vap/cel_rule.hpp"

namespace jobwarden::vap {
namespace {

CelValidation build([[maybe_unused]] const CelContext& ctx) {
  return {
      R"cel(!has(variables.metadata.name) || size(variables.metadata.name) <= 52)cel",
      R"cel('the name has ' + string(size(variables.metadata.name)) + ' characters: the API server rejects this: metadata.name: Invalid value: "' + variables.metadata.name + '": must be no more than 52 characters')cel"};
}

}  // namespace

JOBWARDEN_VAP_RULE("cronjob-name-too-long", "Fails a CronJob name longer than 52 characters.",
                   build);

}  // namespace jobwarden::vap
