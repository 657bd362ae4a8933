#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/core/defaulted_member.hpp"

namespace jobwarden::k8s {

// API-server defaults that rules quote or compare against.
inline constexpr std::int64_t kDefaultBackoffLimit = 6;
inline constexpr std::int64_t kDefaultBackoffLimitPerIndex = 2147483647;  // math.MaxInt32
inline constexpr std::int64_t kDefaultSuccessfulJobsHistoryLimit = 3;
inline constexpr std::int64_t kDefaultFailedJobsHistoryLimit = 1;

// Emulates the API server's decode-time defaulting (reference §1.1, pkg/apis/batch/v1/defaults.go
// and pkg/apis/core/v1/defaults.go), so rules see what the webhook sees:
//  Job:     parallelism/completions (both 1 when both unset, else parallelism 1), backoffLimit
//           (6, or 2147483647 with backoffLimitPerIndex), completionMode NonIndexed, suspend
//           false, manualSelector false, podReplacementPolicy (Failed with podFailurePolicy,
//           else TerminatingOrFailed), onPodConditions[].status True.
//  CronJob: concurrencyPolicy Allow, suspend false, successfulJobsHistoryLimit 3,
//           failedJobsHistoryLimit 1; the jobTemplate's JobSpec is NOT Job-defaulted.
//  Both:    pod template restartPolicy Always (then rejected by Job validation).
// Fields of the wrong type are left alone. Idempotent.
nlohmann::json apply_defaults(const nlohmann::json& object);

// The same defaulting without copying the object: `object` is defaulted in place for the
// lifetime of this value, and put back exactly as it was (every write undone) when it ends.
// The engine checks each object this way, so defaulting costs a few map inserts per object
// instead of a deep copy.
class ScopedDefaults {
 public:
  explicit ScopedDefaults(nlohmann::json& object);
  ~ScopedDefaults();
  ScopedDefaults(const ScopedDefaults&) = delete;
  ScopedDefaults& operator=(const ScopedDefaults&) = delete;

  // What defaulting wrote, oldest first (for core::CheckContext::as_written).
  const std::vector<core::DefaultedMember>& members() const { return members_; }

 private:
  void undo();

  std::vector<core::DefaultedMember> members_;
};

}  // namespace jobwarden::k8s
