#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

// The one label selector of the project (config exemptions, the Job selector rule, the
// webhook's exemption): a metav1.LabelSelector read as Kubernetes' labels.Selector
// (LabelSelectorAsSelector + NewRequirement, with ValidateLabelSelector's checks).
namespace jobwarden::k8s {

// Why Kubernetes refuses a selector. `where` is the node to report at and `field` the API field
// the message names, both JSON Pointers relative to the selector.
struct SelectorProblem {
  enum class Kind {
    invalid_key,       // a matchLabels or matchExpressions key that is not a qualified name
    invalid_value,     // a matchLabels value or an In/NotIn value that is not a label value
    invalid_operator,  // not In, NotIn, Exists or DoesNotExist
    values_required,   // In or NotIn without values
    values_forbidden,  // Exists or DoesNotExist with values
  };
  Kind kind;
  std::string where;
  std::string field;
  std::string text;                  // the key, value or operator as written
  std::vector<std::string> details;  // invalid_key/invalid_value: apimachinery's messages
};

class LabelSelector {
 public:
  // Reads a selector. Null (or anything but a mapping) is no selector and matches nothing
  // (labels.Nothing()); a mapping without requirements (`{}`) matches everything
  // (labels.Everything()). Entries of the wrong JSON type are skipped: type errors are reported
  // where the type is checked. A selector with problems matches nothing, as Kubernetes refuses
  // to build it.
  static LabelSelector parse(const nlohmann::json& selector);

  // In document order: matchLabels first, then each expression (operator, key, values).
  const std::vector<SelectorProblem>& problems() const { return problems_; }
  bool valid() const { return present_ && problems_.empty(); }
  // A valid selector without any requirement: it selects every object.
  bool selects_everything() const { return valid() && requirements_.empty(); }
  // `labels` is metadata.labels (null or absent: no labels; non-string values are not labels).
  bool matches(const nlohmann::json& labels) const;

 private:
  enum class Operator { equals, in, not_in, exists, does_not_exist };
  struct Requirement {
    std::string key;
    Operator op;
    std::vector<std::string> values;
  };
  bool present_ = false;
  std::vector<Requirement> requirements_;
  std::vector<SelectorProblem> problems_;
};

}  // namespace jobwarden::k8s
