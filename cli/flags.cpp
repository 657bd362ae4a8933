#include "cli/flags.hpp"

#include <charconv>
#include <iostream>
#include <utility>

namespace jobwarden::cli {

FlagParser::FlagParser(const char* usage, std::string program)
    : usage_(usage), program_(std::move(program)) {}

FlagParser& FlagParser::flag(std::string name, bool& target) {
  flags_.push_back({std::move(name), false, "", nullptr, &target});
  return *this;
}

FlagParser& FlagParser::value(std::string name, std::string& target, std::string needs,
                              bool allow_empty) {
  std::string message = name + " needs " + needs;
  return value(
      std::move(name),
      [&target, allow_empty, message](const std::string& v) -> std::optional<std::string> {
        if (v.empty() && !allow_empty) return message;
        target = v;
        return std::nullopt;
      },
      std::move(needs));
}

FlagParser& FlagParser::value(std::string name, Setter set, std::string needs) {
  flags_.push_back({std::move(name), true, std::move(needs), std::move(set), nullptr});
  return *this;
}

FlagParser& FlagParser::duration(std::string name, std::chrono::milliseconds& target,
                                 bool positive) {
  std::string label = name;
  return value(std::move(name),
               [&target, positive, label](const std::string& v) -> std::optional<std::string> {
                 auto parsed = parse_duration(v);
                 if (!parsed || (positive && parsed->count() <= 0)) {
                   return label + ": expected a duration like 1s or 500ms, got \"" + v + "\"";
                 }
                 target = *parsed;
                 return std::nullopt;
               });
}

FlagParser& FlagParser::number(std::string name, std::size_t& target, std::size_t min,
                               std::size_t max) {
  std::string label = name;
  return value(std::move(name),
               [&target, min, max, label](const std::string& v) -> std::optional<std::string> {
                 std::size_t parsed = 0;
                 auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), parsed);
                 if (v.empty() || ec != std::errc() || end != v.data() + v.size() || parsed < min ||
                     parsed > max) {
                   return label + ": expected a number from " + std::to_string(min) + " to " +
                          std::to_string(max) + ", got \"" + v + "\"";
                 }
                 target = parsed;
                 return std::nullopt;
               });
}

FlagParser& FlagParser::positionals(std::vector<std::string>& target) {
  positionals_ = &target;
  return *this;
}

int FlagParser::usage_error(Io& io, const std::string& message) const {
  io.err << program_ << ": " << message << "\n\n" << usage_;
  return 2;
}

std::optional<int> FlagParser::parse(const std::vector<std::string>& args, Io& io) const {
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg == "-" || arg.empty() || arg.front() != '-') {
      if (positionals_ == nullptr) return usage_error(io, "unexpected argument \"" + arg + "\"");
      positionals_->push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    if (is_help(arg)) {
      io.out << usage_;
      return 0;
    }
    const std::size_t eq = arg.find('=');
    const std::string name = arg.substr(0, eq);
    const Flag* flag = nullptr;
    for (const Flag& candidate : flags_) {
      if (candidate.name == name) flag = &candidate;
    }
    if (flag == nullptr) return usage_error(io, "unknown option \"" + name + "\"");
    if (!flag->takes_value) {
      if (eq != std::string::npos) return usage_error(io, name + " takes no value");
      *flag->target = true;
      continue;
    }
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return usage_error(io, name + " needs " + flag->needs);
    }
    if (auto error = flag->set(value)) return usage_error(io, *error);
  }
  return std::nullopt;
}

bool is_help(const std::string& arg) {
  return arg == "--help" || arg == "-h";
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::size_t i = 0;
  double value = 0;
  bool digits = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    value = value * 10 + (text[i] - '0');
    ++i;
    digits = true;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    double scale = 0.1;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      value += (text[i] - '0') * scale;
      scale /= 10;
      ++i;
      digits = true;
    }
  }
  if (!digits) return std::nullopt;
  std::string_view unit = text.substr(i);
  double millis = 0;
  if (unit == "ms") {
    millis = value;
  } else if (unit == "s") {
    millis = value * 1000;
  } else if (unit == "m") {
    millis = value * 60'000;
  } else {
    return std::nullopt;
  }
  if (millis > 24.0 * 3600 * 1000) return std::nullopt;
  return std::chrono::milliseconds(static_cast<long long>(millis));
}

}  // namespace jobwarden::cli
