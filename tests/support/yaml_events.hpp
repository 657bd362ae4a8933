#pragma once

// yaml-cpp's events as text, one line each, to compare the loader's fast path with yaml-cpp's
// parser (tests/core/yaml_fast_test.cpp, tests/fuzz/fuzz_yaml_fast.cpp).

#include <sstream>
#include <string>
#include <string_view>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "rules/core/loader_internal.hpp"

namespace jobwarden::testing {

class RecordingHandler final : public YAML::EventHandler {
 public:
  // yaml-cpp 0.7 can emit events forever on some malformed input (the builder stops it the
  // same way): past `budget` events, add() throws NoProgress.
  struct NoProgress {};
  explicit RecordingHandler(std::size_t budget) : budget_(budget) {}
  std::string events;

  void OnDocumentStart(const YAML::Mark& m) override { add("doc+", m); }
  void OnDocumentEnd() override { events += "doc-\n"; }
  void OnNull(const YAML::Mark& m, YAML::anchor_t a) override { add("null", m, std::to_string(a)); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t a) override {
    add("alias", m, std::to_string(a));
  }
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                const std::string& value) override {
    add("scalar", m, tag + " " + std::to_string(a) + " [" + value + "]");
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                       YAML::EmitterStyle::value style) override {
    add("seq+", m, tag + " " + std::to_string(a) + " " + std::to_string(style));
  }
  void OnSequenceEnd() override { events += "seq-\n"; }
  void OnMapStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                  YAML::EmitterStyle::value style) override {
    add("map+", m, tag + " " + std::to_string(a) + " " + std::to_string(style));
  }
  void OnMapEnd() override { events += "map-\n"; }

 private:
  void add(const char* what, const YAML::Mark& m, const std::string& rest = "") {
    if (++count_ > budget_) throw NoProgress{};
    events += what;
    events += " @" + std::to_string(m.pos);
    if (!rest.empty()) events += " " + rest;
    events += "\n";
  }
  std::size_t budget_;
  std::size_t count_ = 0;
};

inline std::size_t event_budget(std::string_view text) {
  return 2 * text.size() + 64;
}

// yaml-cpp's events for `text`, or "error: ..." after the events before the error.
inline std::string yaml_cpp_events(std::string_view text) {
  RecordingHandler handler(event_budget(text));
  std::istringstream in{std::string(text)};
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(handler)) {
    }
  } catch (const std::exception& e) {
    handler.events += std::string("error: ") + e.what() + "\n";
  } catch (const RecordingHandler::NoProgress&) {
    handler.events += "no progress\n";
  }
  return handler.events;
}

// The events the loader parses `text` into (parse_events: with `fast_path`, the fast path for
// the documents it takes and yaml-cpp for the others; without, yaml-cpp for the whole text); an
// error as its mark and message, the way the loader reads it.
inline std::string loader_events(std::string_view text, bool fast_path) {
  RecordingHandler handler(event_budget(text));
  try {
    core::loader_internal::parse_events(text, handler, fast_path);
  } catch (const YAML::Exception& e) {
    handler.events += "error @" + std::to_string(e.mark.pos) + " " + e.msg + "\n";
  } catch (const RecordingHandler::NoProgress&) {
    handler.events += "no progress\n";
  }
  return handler.events;
}

// The fast path's events for `text`, or "declined" when it leaves the text to yaml-cpp.
inline std::string fast_path_events(std::string_view text) {
  RecordingHandler handler(event_budget(text));
  if (!core::loader_internal::simple_yaml_events(text, handler)) return "declined";
  return handler.events;
}

}  // namespace jobwarden::testing
