#include <string>

#include "rules/core/registry.hpp"
#include "rules/k8s/validation.hpp"
#include "rules/k8s/workload.hpp"

namespace jobwarden::checks {
namespace {

using namespace jobwarden::core;

const RuleInfo kInfo{
    .id = "cronjob-name-too-long",
    .title = "CronJob name longer than 52 characters",
    .severity = Severity::error,
    .kinds = {"CronJob"},
    .summary = "Reports a CronJob whose metadata.name is longer than 52 characters.",
    .rationale =
        "The CronJob controller names each Job <cronjob-name>-<timestamp>, an 11-character "
        "suffix, and Job names must fit in 63 characters; so the API server rejects a new "
        "CronJob with a longer name: \"metadata.name: Invalid value: ...: must be no more "
        "than 52 characters\".",
    .remediation = "Shorten the CronJob name to at most 52 characters.",
    .options = {},
    .fixable = false,
    .bad_example =
        "kind: CronJob\nmetadata:\n  name: nightly-database-backup-of-the-orders-service-"
        "eu-west\n",
    .good_example = "kind: CronJob\nmetadata:\n  name: orders-db-backup\n",
    .reference = "§2 #4",
    .webhook_note =
        "The API server checks this on create only, so existing CronJobs with longer names can "
        "still be updated; the webhook cannot tell a create from an update here and reports "
        "both (exempt such CronJobs with the ignore annotation)."};

void check(const CheckContext& ctx, Reporter& out) {
  const k8s::Node root{&ctx.object(), ""};
  const auto metadata = root.child("metadata");
  const auto name = k8s::get_string(metadata, "name");
  if (!name || name->size() <= 52) return;
  const std::string pointer = metadata.child_pointer("name");
  out.report(pointer,
             "the name has " + std::to_string(name->size()) + " characters: " +
                 k8s::rejects(pointer, k8s::invalid(k8s::go_quote(*name),
                                                    "must be no more than 52 characters")));
}

}  // namespace

JOBWARDEN_RULE(kInfo, check);

}  // namespace jobwarden::checks
