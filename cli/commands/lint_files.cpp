#include "cli/commands/lint_files.hpp"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "cli/commands/fix.hpp"
#include "cli/helm_source.hpp"
#include "rules/core/cpu_count.hpp"
#include "rules/core/loader.hpp"

namespace jobwarden::cli {

namespace {

FileLint lint_one(const std::string& path, const FileLintSettings& settings) {
  FileLint result;
  core::Report& report = result.report;
  const core::Engine& engine = *settings.engine;
  core::ReadResult read = path == "-" ? core::read_stream(*settings.in, settings.limits)
                                      : core::read_source(path, settings.limits);
  if (read.error) {
    ++report.files;
    report.errors.push_back(std::move(*read.error));
    return result;
  }
  std::shared_ptr<const core::SourceFile> file = read.file;
  if (path != "-") {
    // A chart template is not YAML until Helm renders it: skip it with a note, so a repository
    // holding a chart (and a pre-commit run over it) is not blocked by it.
    if (auto chart = helm_template_chart(path, file->text)) {
      if (!settings.quiet) {
        result.err += "jobwarden: note: skipped " + path + ": a Helm template (chart " +
                      chart->string() + "); lint it rendered: helm template " + chart->string() +
                      " | jobwarden lint --helm-chart " + chart->string() + " -\n";
      }
      return result;
    }
  }
  if (settings.fix || settings.diff) {
    std::ostringstream out;
    std::ostringstream err;
    auto documents =
        fix_file(file, engine, settings.fix ? FixMode::write : FixMode::diff, out, err, report);
    result.out = out.str();
    result.err = err.str();
    if (!documents || settings.diff) return result;  // --diff prints the diff only
    result.linted_files.insert(file->path);
    ++report.files;
    for (const auto& document : *documents) engine.check_document(document, report);
    return result;
  }
  result.linted_files.insert(file->path);
  engine.check_file(file, report, settings.limits);
  if (path == "-") {
    for (const auto& source :
         map_helm_sources(report, 0, 0, 0, file->path, file->text, settings.helm_chart)) {
      result.linted_files.insert(source);
    }
  }
  return result;
}

// Groups of indices into `files` that name the same file, in order of first appearance; each
// group runs on one thread, in order.
std::vector<std::vector<std::size_t>> same_file_groups(const std::vector<std::string>& files,
                                                       bool group) {
  std::vector<std::vector<std::size_t>> groups;
  std::map<std::string, std::size_t> group_of;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!group) {
      groups.push_back({i});
      continue;
    }
    std::error_code ec;
    std::string key = files[i] == "-" ? "-" : std::filesystem::weakly_canonical(files[i], ec);
    if (ec) key = files[i];
    auto [it, added] = group_of.emplace(key, groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  return groups;
}

}  // namespace

std::size_t default_lint_jobs() {
  return core::usable_cpus();
}

void lint_files(const std::vector<std::string>& files, const FileLintSettings& settings,
                std::size_t jobs, const std::function<void(FileLint&)>& consume) {
  std::vector<FileLint> results(files.size());
  // Only a rewrite cares whether two entries are one file; grouping costs a path lookup each.
  const auto groups = same_file_groups(files, settings.fix);
  const std::size_t threads = std::min(std::max<std::size_t>(jobs, 1), groups.size());
  if (threads <= 1) {  // one file or --jobs 1: no thread (start-up time matters to pre-commit)
    std::vector<bool> done(files.size());
    std::size_t consumed = 0;
    for (const auto& group : groups) {
      for (std::size_t i : group) {
        results[i] = lint_one(files[i], settings);
        done[i] = true;
      }
      for (; consumed < files.size() && done[consumed]; ++consumed) {
        consume(results[consumed]);
        results[consumed] = FileLint{};
      }
    }
    return;
  }

  // Workers take groups in order and wait while their group's first file is `window` or more
  // files ahead of the consumer; the group holding the next file to consume was taken before
  // any waiting one, so the wait always ends.
  const std::size_t window = 4 * threads;
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<bool> done(files.size());
  std::size_t consumed = 0;  // results before it were handed to `consume`
  std::size_t next_group = 0;
  std::exception_ptr failure;
  auto work = [&] {
    std::unique_lock lock(mutex);
    while (!failure && next_group < groups.size()) {
      const auto& group = groups[next_group++];
      changed.wait(lock, [&] { return failure || group.front() < consumed + window; });
      if (failure) break;
      for (std::size_t i : group) {
        lock.unlock();
        FileLint result;
        std::exception_ptr thrown;
        try {
          result = lint_one(files[i], settings);
        } catch (...) {
          thrown = std::current_exception();  // rethrown on the calling thread below
        }
        lock.lock();
        if (thrown) {
          failure = thrown;
          break;
        }
        results[i] = std::move(result);
        done[i] = true;
        changed.notify_all();
      }
    }
    changed.notify_all();
  };
  std::vector<std::jthread> pool;
  pool.reserve(threads);
  for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(work);
  std::unique_lock lock(mutex);
  while (!failure && consumed < files.size()) {
    changed.wait(lock, [&] { return failure || done[consumed]; });
    if (failure) break;
    FileLint& result = results[consumed];
    lock.unlock();  // the workers never touch a result once it is done
    std::exception_ptr thrown;
    try {
      consume(result);
    } catch (...) {
      thrown = std::current_exception();  // stop the workers first, then rethrow
    }
    result = FileLint{};
    lock.lock();
    if (thrown) failure = thrown;
    ++consumed;
    changed.notify_all();
  }
  lock.unlock();
  pool.clear();  // joins
  if (failure) std::rethrow_exception(failure);
}

}  // namespace jobwarden::cli
