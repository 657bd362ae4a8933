// How the loader gets a text's parser events: document by document, the fast path
// (yaml_fast.cpp) for the documents it takes and yaml-cpp's parser for the others, so that the
// events, marks and errors are always those of yaml-cpp over the whole text.

#include <istream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/emitterstyle.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include "rules/core/loader_internal.hpp"
#include "rules/core/yaml_ignoring_handler.hpp"

namespace jobwarden::core::loader_internal {

namespace {

// A read-only std::streambuf over memory: yaml-cpp reads the text without a copy.
class MemoryBuffer : public std::streambuf {
 public:
  explicit MemoryBuffer(std::string_view text) {
    char* b = const_cast<char*>(text.data());
    setg(b, b, b + text.size());
  }
};

// The events of a parser run over part of a text, with marks of the whole text.
class ShiftedHandler final : public YAML::EventHandler {
 public:
  ShiftedHandler(YAML::EventHandler& handler, std::size_t shift)
      : handler_(handler), shift_(static_cast<int>(shift)) {}
  void OnDocumentStart(const YAML::Mark& m) override { handler_.OnDocumentStart(moved(m)); }
  void OnDocumentEnd() override { handler_.OnDocumentEnd(); }
  void OnNull(const YAML::Mark& m, YAML::anchor_t a) override { handler_.OnNull(moved(m), a); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t a) override { handler_.OnAlias(moved(m), a); }
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                const std::string& value) override {
    handler_.OnScalar(moved(m), tag, a, value);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                       YAML::EmitterStyle::value style) override {
    handler_.OnSequenceStart(moved(m), tag, a, style);
  }
  void OnSequenceEnd() override { handler_.OnSequenceEnd(); }
  void OnMapStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                  YAML::EmitterStyle::value style) override {
    handler_.OnMapStart(moved(m), tag, a, style);
  }
  void OnMapEnd() override { handler_.OnMapEnd(); }
  void OnAnchor(const YAML::Mark& m, const std::string& name) override {
    handler_.OnAnchor(moved(m), name);
  }

 private:
  YAML::Mark moved(YAML::Mark m) const {
    m.pos += shift_;
    return m;
  }
  YAML::EventHandler& handler_;
  int shift_;
};

// yaml-cpp's parser over `part`, which starts at `shift` in the text: its events and errors
// carry marks of the whole text (the loader reads only Mark::pos).
void yaml_cpp_events(std::string_view part, std::size_t shift, YAML::EventHandler& handler) {
  MemoryBuffer buffer(part);
  std::istream in(&buffer);
  ShiftedHandler shifted(handler, shift);
  YAML::EventHandler& target = shift == 0 ? handler : shifted;
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(target)) {
    }
  } catch (YAML::Exception& e) {
    if (!e.mark.is_null()) e.mark.pos += static_cast<int>(shift);
    throw;
  }
}

// Where the next document marker line ("---" at column 0) after `from` starts, or the end.
std::size_t next_document(std::string_view text, std::size_t from) {
  for (std::size_t p = text.find("\n---", from); p != std::string_view::npos;
       p = text.find("\n---", p + 1)) {
    if (p + 4 == text.size() || text[p + 4] == ' ' || text[p + 4] == '\n') return p + 1;
  }
  return text.size();
}

// One document's events, kept to be handed on once it is known that yaml-cpp's parser ended
// the document where the fast path's split does.
class DocumentEvents final : public YAML::EventHandler {
 public:
  // yaml-cpp 0.7 can emit events forever on some malformed input: past `budget` events add()
  // throws NoProgress, and the builder's own guard reports it on the direct parse.
  struct NoProgress {};
  explicit DocumentEvents(std::size_t budget) : budget_(budget) {}

  void OnDocumentStart(const YAML::Mark& m) override { add(Kind::document_start, m); }
  void OnDocumentEnd() override { add(Kind::document_end, {}); }
  void OnNull(const YAML::Mark& m, YAML::anchor_t a) override { add(Kind::null, m, a); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t a) override { add(Kind::alias, m, a); }
  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                const std::string& value) override {
    add(Kind::scalar, m, a, tag, value);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                       YAML::EmitterStyle::value style) override {
    add(Kind::sequence_start, m, a, tag, {}, style);
  }
  void OnSequenceEnd() override { add(Kind::sequence_end, {}); }
  void OnMapStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t a,
                  YAML::EmitterStyle::value style) override {
    add(Kind::map_start, m, a, tag, {}, style);
  }
  void OnMapEnd() override { add(Kind::map_end, {}); }
  void OnAnchor(const YAML::Mark& m, const std::string& name) override {
    add(Kind::anchor, m, 0, {}, name);
  }

  void replay(YAML::EventHandler& h) const {
    for (const Event& e : events_) {
      switch (e.kind) {
        case Kind::document_start:
          h.OnDocumentStart(e.mark);
          break;
        case Kind::document_end:
          h.OnDocumentEnd();
          break;
        case Kind::null:
          h.OnNull(e.mark, e.anchor);
          break;
        case Kind::alias:
          h.OnAlias(e.mark, e.anchor);
          break;
        case Kind::scalar:
          h.OnScalar(e.mark, e.tag, e.anchor, e.value);
          break;
        case Kind::sequence_start:
          h.OnSequenceStart(e.mark, e.tag, e.anchor, e.style);
          break;
        case Kind::sequence_end:
          h.OnSequenceEnd();
          break;
        case Kind::map_start:
          h.OnMapStart(e.mark, e.tag, e.anchor, e.style);
          break;
        case Kind::map_end:
          h.OnMapEnd();
          break;
        case Kind::anchor:
          h.OnAnchor(e.mark, e.value);
          break;
      }
    }
  }

 private:
  enum class Kind {
    document_start,
    document_end,
    null,
    alias,
    scalar,
    sequence_start,
    sequence_end,
    map_start,
    map_end,
    anchor
  };
  struct Event {
    Kind kind;
    YAML::Mark mark;
    YAML::anchor_t anchor;
    std::string tag;
    std::string value;
    YAML::EmitterStyle::value style;
  };
  void add(Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor = 0, std::string tag = {},
           std::string value = {}, YAML::EmitterStyle::value style = YAML::EmitterStyle::Default) {
    if (events_.size() >= budget_) throw NoProgress{};
    events_.push_back(Event{kind, mark, anchor, std::move(tag), std::move(value), style});
  }
  std::size_t budget_;
  std::vector<Event> events_;
};

// Stops yaml-cpp's parser where the next document starts.
struct NextDocument {
  int pos;
};
class NextDocumentProbe final : public IgnoringHandler {
 public:
  void OnDocumentStart(const YAML::Mark& m) override { throw NextDocument{m.pos}; }
};

// The document at `begin` (the fast path declined it; a "---" line at `end` follows it) through
// yaml-cpp, reading on to the end of the text as a parse of the whole text would. Returns false,
// having called nothing, when yaml-cpp's document does not end at `end` or has an error: the caller
// then leaves the rest of the text to yaml-cpp, so the events and the error are the ones of a parse
// of the whole text.
bool yaml_cpp_document(std::string_view text, std::size_t begin, std::size_t end,
                       YAML::EventHandler& handler) {
  // The events wait in memory: only for documents of ordinary size.
  constexpr std::size_t kMaxKeptDocument = 1 << 20;
  if (end - begin > kMaxKeptDocument) return false;
  MemoryBuffer buffer(text.substr(begin));
  std::istream in(&buffer);
  DocumentEvents document(2 * (end - begin) + 64);
  ShiftedHandler shifted(document, begin);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(shifted)) return false;
    NextDocumentProbe probe;
    try {
      parser.HandleNextDocument(probe);
      return false;  // yaml-cpp found no document at the "---" line at `end`
    } catch (const NextDocument& next) {
      if (static_cast<std::size_t>(next.pos) + begin != end) return false;
    }
  } catch (const YAML::Exception&) {
    return false;
  } catch (const DocumentEvents::NoProgress&) {
    return false;
  }
  document.replay(handler);
  return true;
}

}  // namespace

void parse_events(std::string_view text, YAML::EventHandler& handler, bool fast_path) {
  if (!fast_path || !fast_path_characters(text)) {
    yaml_cpp_events(text, 0, handler);
    return;
  }
  // One document at a time, split at "---" lines at column 0: a document outside the subset (a
  // ConfigMap's folded text in a Helm stream) leaves only itself to yaml-cpp, unless yaml-cpp
  // reads it past that line (a quoted scalar can run on), and then the rest of the text.
  for (std::size_t begin = 0; begin < text.size();) {
    const std::size_t end = next_document(text, begin);
    const std::string_view part = text.substr(begin, end - begin);
    if (simple_yaml_document_events(part, begin, handler)) {
      begin = end;
      continue;
    }
    // The last document needs no check of where it ends, nor keeping its events.
    if (end == text.size() || !yaml_cpp_document(text, begin, end, handler)) {
      yaml_cpp_events(text.substr(begin), begin, handler);
      return;
    }
    begin = end;
  }
}

}  // namespace jobwarden::core::loader_internal
