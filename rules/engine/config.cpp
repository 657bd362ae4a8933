#include "rules/engine/config.hpp"

#include <algorithm>
#include <initializer_list>
#include <system_error>

#include "rules/core/json_pointer.hpp"
#include "rules/core/json_type.hpp"
#include "rules/core/registry.hpp"
#include "rules/k8s/label_selector.hpp"

namespace jobwarden::core {

namespace {

// Thrown inside the parser only; turned into a LoadError at the boundary of parse_config.
struct ConfigError {
  std::string pointer;  // where the problem is (the key's position is reported)
  std::string message;
};

// "rules.job-missing-ttl.severity" from "/rules/job-missing-ttl/severity", for messages.
std::string dotted(std::string_view pointer) {
  std::string out;
  for (const auto& token : split_pointer(pointer)) {
    if (!out.empty()) out += '.';
    out += token;
  }
  return out;
}

std::string quote_text(std::string_view text) {
  return nlohmann::json(std::string(text)).dump();
}

class Parser {
 public:
  Config parse(const nlohmann::json& root) {
    Config config;
    if (root.is_null()) return config;
    if (!root.is_object()) {
      throw ConfigError{"", "the config file must be an object, got " + json_type_name(root)};
    }
    check_keys(root, "", {"kubeVersion", "rules", "exempt", "webhook", "baseline"});
    if (auto it = root.find("baseline"); it != root.end() && !it->is_null()) {
      config.baseline = expect_string(*it, "/baseline");
    }
    if (auto it = root.find("kubeVersion"); it != root.end()) {
      config.kube_version = parse_kube(*it, "/kubeVersion");
    }
    if (auto it = root.find("rules"); it != root.end()) parse_rules(*it, "/rules", config);
    if (auto it = root.find("exempt"); it != root.end()) {
      expect_mapping_or_null(*it, "/exempt");
      if (it->is_object()) {
        check_keys(*it, "/exempt", {"namespaces", "names"});
        config.exempt.namespaces = string_list(*it, "namespaces", "/exempt");
        config.exempt.names = string_list(*it, "names", "/exempt");
      }
    }
    if (auto it = root.find("webhook"); it != root.end()) parse_webhook(*it, "/webhook", config);
    return config;
  }

 private:
  static void check_keys(const nlohmann::json& mapping, const std::string& pointer,
                         std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, value] : mapping.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string expected;
      for (auto name : allowed) {
        if (!expected.empty()) expected += ", ";
        expected += name;
      }
      std::string where = pointer.empty() ? std::string() : " in " + dotted(pointer);
      throw ConfigError{join_pointer(pointer, key), "unknown key " + quote_text(key) + where +
                                                        " (expected one of: " + expected + ")"};
    }
  }

  static void expect_mapping_or_null(const nlohmann::json& value, const std::string& pointer) {
    if (!value.is_object() && !value.is_null()) {
      throw ConfigError{pointer,
                        dotted(pointer) + " must be an object, got " + json_type_name(value)};
    }
  }

  static std::string expect_string(const nlohmann::json& value, const std::string& pointer) {
    if (!value.is_string()) {
      throw ConfigError{pointer,
                        dotted(pointer) + " must be a string, got " + json_type_name(value)};
    }
    return value.get<std::string>();
  }

  static std::vector<std::string> string_list(const nlohmann::json& parent, const char* key,
                                              const std::string& parent_pointer) {
    std::vector<std::string> out;
    auto it = parent.find(key);
    if (it == parent.end() || it->is_null()) return out;
    std::string pointer = join_pointer(parent_pointer, key);
    if (!it->is_array()) {
      throw ConfigError{
          pointer, dotted(pointer) + " must be an array of strings, got " + json_type_name(*it)};
    }
    for (std::size_t i = 0; i < it->size(); ++i) {
      out.push_back(expect_string((*it)[i], join_pointer(pointer, i)));
    }
    return out;
  }

  static KubeVersion parse_kube(const nlohmann::json& value, const std::string& pointer) {
    if (value.is_number()) {
      throw ConfigError{pointer, "kubeVersion must be a quoted string such as \"1.31\" (unquoted " +
                                     value.dump() + " is read as a number)"};
    }
    std::string text = expect_string(value, pointer);
    auto version = parse_kube_version(text);
    if (!version) {
      throw ConfigError{pointer, "invalid kubeVersion " + quote_text(text) +
                                     " (expected a version such as \"1.31\")"};
    }
    return *version;
  }

  // Parses "off" or a severity; returns nullopt for "off".
  static std::optional<Severity> parse_level(const nlohmann::json& value,
                                             const std::string& pointer, bool allow_off) {
    std::string expected = allow_off ? "off, info, warning or error" : "info, warning or error";
    if (value.is_boolean() && allow_off && !value.get<bool>()) {
      // YAML 1.1 reads a plain `off` as false; accept it as the word it looks like.
      return std::nullopt;
    }
    if (!value.is_string()) {
      throw ConfigError{pointer, dotted(pointer) + " must be one of " + expected + ", got " +
                                     json_type_name(value)};
    }
    std::string text = value.get<std::string>();
    if (allow_off && text == "off") return std::nullopt;
    auto severity = parse_severity(text);
    if (!severity) {
      throw ConfigError{pointer, "invalid severity " + quote_text(text) + " for " +
                                     dotted(pointer) + " (expected " + expected + ")"};
    }
    return severity;
  }

  static bool option_type_matches(const nlohmann::json& expected, const nlohmann::json& value) {
    if (expected.is_number_integer() || expected.is_number_unsigned()) {
      return value.is_number_integer() || value.is_number_unsigned();
    }
    if (expected.is_number_float()) return value.is_number();
    if (expected.is_null()) return true;
    return expected.type() == value.type();
  }

  static void parse_rules(const nlohmann::json& rules, const std::string& pointer, Config& config) {
    expect_mapping_or_null(rules, pointer);
    if (!rules.is_object()) return;
    for (const auto& [id, value] : rules.items()) {
      std::string rule_pointer = join_pointer(pointer, id);
      const Rule* rule = Registry::instance().find(id);
      if (rule == nullptr) {
        throw ConfigError{rule_pointer,
                          "unknown rule " + quote_text(id) + " in rules (run `jobwarden rules`)"};
      }
      RuleSettings settings;
      if (value.is_object()) {
        check_keys(value, rule_pointer, {"severity", "options"});
        if (auto it = value.find("severity"); it != value.end()) {
          auto severity = parse_level(*it, join_pointer(rule_pointer, "severity"), true);
          settings.enabled = severity.has_value();
          settings.severity = severity;
        }
        if (auto it = value.find("options"); it != value.end()) {
          std::string options_pointer = join_pointer(rule_pointer, "options");
          expect_mapping_or_null(*it, options_pointer);
          if (it->is_object()) {
            for (const auto& [name, option_value] : it->items()) {
              std::string option_pointer = join_pointer(options_pointer, name);
              auto info =
                  std::find_if(rule->info.options.begin(), rule->info.options.end(),
                               [&key = name](const OptionInfo& o) { return o.name == key; });
              if (info == rule->info.options.end()) {
                std::string known;
                for (const auto& o : rule->info.options) {
                  if (!known.empty()) known += ", ";
                  known += o.name;
                }
                throw ConfigError{option_pointer,
                                  "unknown option " + quote_text(name) + " for rule " + id +
                                      (known.empty() ? " (it has no options)"
                                                     : " (expected one of: " + known + ")")};
              }
              if (!option_type_matches(info->default_value, option_value)) {
                throw ConfigError{option_pointer, dotted(option_pointer) + " must be " +
                                                      json_type_name(info->default_value) +
                                                      ", got " + json_type_name(option_value)};
              }
              settings.options[name] = option_value;
            }
          }
        }
      } else {
        auto severity = parse_level(value, rule_pointer, true);
        settings.enabled = severity.has_value();
        settings.severity = severity;
      }
      config.rules[id] = std::move(settings);
    }
  }

  static void parse_label_selector(const nlohmann::json& value, const std::string& pointer) {
    expect_mapping_or_null(value, pointer);
    if (!value.is_object()) return;
    check_keys(value, pointer, {"matchLabels", "matchExpressions"});
    if (auto it = value.find("matchLabels"); it != value.end() && !it->is_null()) {
      std::string labels_pointer = join_pointer(pointer, "matchLabels");
      expect_mapping_or_null(*it, labels_pointer);
      for (const auto& [key, label] : it->items()) {
        expect_string(label, join_pointer(labels_pointer, key));
      }
    }
    if (auto it = value.find("matchExpressions"); it != value.end() && !it->is_null()) {
      std::string list_pointer = join_pointer(pointer, "matchExpressions");
      if (!it->is_array()) {
        throw ConfigError{list_pointer,
                          dotted(list_pointer) + " must be an array, got " + json_type_name(*it)};
      }
      for (std::size_t i = 0; i < it->size(); ++i) {
        const auto& expression = (*it)[i];
        std::string item_pointer = join_pointer(list_pointer, i);
        if (!expression.is_object()) {
          throw ConfigError{item_pointer, dotted(item_pointer) + " must be an object, got " +
                                              json_type_name(expression)};
        }
        check_keys(expression, item_pointer, {"key", "operator", "values"});
        if (!expression.contains("key")) {
          throw ConfigError{item_pointer, dotted(item_pointer) + " needs a key"};
        }
        expect_string(expression["key"], join_pointer(item_pointer, "key"));
        if (!expression.contains("operator")) {
          throw ConfigError{item_pointer, dotted(item_pointer) + " needs an operator"};
        }
        expect_string(expression["operator"], join_pointer(item_pointer, "operator"));
        string_list(expression, "values", item_pointer);
      }
    }
    // What the selector means is checked by the one selector type, as Kubernetes would.
    const k8s::LabelSelector selector = k8s::LabelSelector::parse(value);
    if (selector.problems().empty()) return;
    const k8s::SelectorProblem& problem = selector.problems().front();
    const std::string where = pointer + problem.where;
    const std::string field = pointer + problem.field;
    using Kind = k8s::SelectorProblem::Kind;
    switch (problem.kind) {
      case Kind::invalid_operator:
        throw ConfigError{field, "invalid operator " + quote_text(problem.text) + " for " +
                                     dotted(field) +
                                     " (expected In, NotIn, Exists or DoesNotExist)"};
      case Kind::values_required:
        throw ConfigError{parent_pointer(field), dotted(parent_pointer(field)) + ": operator " +
                                                     problem.text + " needs values"};
      case Kind::values_forbidden:
        throw ConfigError{field, dotted(parent_pointer(field)) + ": operator " + problem.text +
                                     " takes no values"};
      case Kind::invalid_key:
      case Kind::invalid_value:
        throw ConfigError{where, dotted(where) + ": invalid label " +
                                     (problem.kind == Kind::invalid_key ? "key " : "value ") +
                                     quote_text(problem.text) + ": " + problem.details.front()};
    }
  }

  static void parse_webhook(const nlohmann::json& webhook, const std::string& pointer,
                            Config& config) {
    expect_mapping_or_null(webhook, pointer);
    if (!webhook.is_object()) return;
    check_keys(webhook, pointer,
               {"mode", "denySeverity", "exemptUsers", "exemptGroups", "exemptLabelSelector",
                "allowCronJobOwnedJobs"});
    WebhookSettings& settings = config.webhook;
    if (auto it = webhook.find("mode"); it != webhook.end()) {
      std::string mode_pointer = join_pointer(pointer, "mode");
      std::string mode = expect_string(*it, mode_pointer);
      if (mode == "enforce") {
        settings.mode = WebhookMode::enforce;
      } else if (mode == "warn") {
        settings.mode = WebhookMode::warn;
      } else if (mode == "audit") {
        settings.mode = WebhookMode::audit;
      } else {
        throw ConfigError{mode_pointer, "invalid webhook mode " + quote_text(mode) +
                                            " (expected enforce, warn or audit)"};
      }
    }
    if (auto it = webhook.find("denySeverity"); it != webhook.end()) {
      settings.deny_severity = *parse_level(*it, join_pointer(pointer, "denySeverity"), false);
    }
    settings.exempt_users = string_list(webhook, "exemptUsers", pointer);
    settings.exempt_groups = string_list(webhook, "exemptGroups", pointer);
    if (auto it = webhook.find("exemptLabelSelector"); it != webhook.end()) {
      parse_label_selector(*it, join_pointer(pointer, "exemptLabelSelector"));
      settings.exempt_label_selector = *it;
    }
    if (auto it = webhook.find("allowCronJobOwnedJobs"); it != webhook.end()) {
      std::string flag_pointer = join_pointer(pointer, "allowCronJobOwnedJobs");
      if (!it->is_boolean()) {
        throw ConfigError{flag_pointer, dotted(flag_pointer) + " must be true or false, got " +
                                            json_type_name(*it)};
      }
      settings.allow_cronjob_owned_jobs = it->get<bool>();
    }
  }
};

}  // namespace

const RuleSettings* Config::settings_for(std::string_view rule_id) const {
  auto it = rules.find(rule_id);
  return it == rules.end() ? nullptr : &it->second;
}

ConfigResult parse_config(const std::shared_ptr<const SourceFile>& file) {
  ConfigResult result;
  result.config.path = file->path;
  std::vector<std::shared_ptr<const Document>> documents;
  auto load_error = parse_documents(file, [&](std::shared_ptr<const Document> document) {
    documents.push_back(std::move(document));
  });
  if (load_error) {
    result.error = std::move(load_error);
    return result;
  }
  if (documents.empty()) return result;  // an empty file: the defaults
  if (documents.size() > 1) {
    result.error = LoadError{
        file->path, documents[1]->start,
        "the config file must hold one YAML document, found " + std::to_string(documents.size())};
    return result;
  }
  const Document& document = *documents.front();
  try {
    Config config = Parser().parse(document.value);
    config.path = file->path;
    result.config = std::move(config);
  } catch (const ConfigError& e) {
    Position pos = document.source.locate(e.pointer);
    if (!pos.known()) pos = document.start;
    result.error = LoadError{file->path, pos, e.message};
  }
  return result;
}

ConfigResult load_config_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    ConfigResult result;
    result.error = LoadError{path, {}, "is a directory, not a config file"};
    return result;
  }
  ReadResult read = read_source(path);
  if (read.error) {
    ConfigResult result;
    result.error = std::move(read.error);
    return result;
  }
  return parse_config(read.file);
}

std::optional<std::filesystem::path> find_config_file(const std::filesystem::path& start) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(start, ec);
  if (ec) return std::nullopt;
  dir = dir.lexically_normal();
  if (dir.filename().empty() && dir.has_parent_path()) dir = dir.parent_path();  // "a/b/" -> "a/b"
  while (true) {
    for (const char* name : {".jobwarden.yaml", ".jobwarden.yml"}) {
      std::filesystem::path candidate = dir / name;
      if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    }
    std::filesystem::path parent = dir.parent_path();
    if (parent.empty() || parent == dir) return std::nullopt;
    dir = parent;
  }
}

}  // namespace jobwarden::core
