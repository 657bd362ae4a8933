#pragma once

#include <cstddef>
#include <string>

// A small valid Job document (with its `---` separator) numbered `i`, for the 50 MB loader test
// and the benchmarks that stream thousands of them.
namespace jobwarden::testing {

inline std::string sample_job_document(std::size_t i) {
  const std::string n = std::to_string(i);
  return "---\n"
         "apiVersion: batch/v1\n"
         "kind: Job\n"
         "metadata:\n"
         "  name: job-" +
         n +
         "\n"
         "  namespace: batch\n"
         "  labels:\n"
         "    app.kubernetes.io/name: worker\n"
         "    team: data\n"
         "spec:\n"
         "  backoffLimit: 3\n"
         "  ttlSecondsAfterFinished: 3600\n"
         "  activeDeadlineSeconds: 600\n"
         "  template:\n"
         "    spec:\n"
         "      restartPolicy: Never\n"
         "      containers:\n"
         "        - name: worker\n"
         "          image: \"registry.example.com/worker:1.2." +
         n +
         "\"\n"
         "          args: [\"--shard\", \"" +
         n +
         "\"]\n"
         "          resources:\n"
         "            limits: {cpu: 500m, memory: 256Mi}\n"
         "            requests: {cpu: 100m, memory: 128Mi}\n";
}

}  // namespace jobwarden::testing
