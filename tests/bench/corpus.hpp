#pragma once

// The benchmark corpus: Job documents of about 1.6 KB each (the size of a typical hand-written
// Job with env, volumes and scheduling), most of them clean and some with the common mistakes,
// so the engine reports findings as it would on a real repository.
#include <cstddef>
#include <string>

namespace jobwarden::bench {

inline std::string bench_job_document(std::size_t i) {
  const std::string n = std::to_string(i);
  std::string doc =
      "---\n"
      "# Nightly shard " +
      n +
      " of the data pipeline.\n"
      "apiVersion: batch/v1\n"
      "kind: Job\n"
      "metadata:\n"
      "  name: pipeline-shard-" +
      n +
      "\n"
      "  namespace: data\n"
      "  labels:\n"
      "    app.kubernetes.io/name: pipeline\n"
      "    app.kubernetes.io/component: shard\n"
      "    app.kubernetes.io/part-of: nightly\n"
      "    team: data\n"
      "  annotations:\n"
      "    owner: data-platform@example.com\n"
      "spec:\n"
      "  backoffLimit: 3\n";
  if (i % 7 != 3) doc += "  ttlSecondsAfterFinished: 3600\n";
  if (i % 11 != 5) doc += "  activeDeadlineSeconds: 1800\n";
  doc +=
      "  parallelism: 2\n"
      "  completions: 4\n"
      "  template:\n"
      "    metadata:\n"
      "      labels:\n"
      "        app.kubernetes.io/name: pipeline\n"
      "        team: data\n"
      "    spec:\n";
  doc += i % 13 == 7 ? "      restartPolicy: OnFailure\n" : "      restartPolicy: Never\n";
  doc +=
      "      serviceAccountName: pipeline\n"
      "      nodeSelector:\n"
      "        kubernetes.io/os: linux\n"
      "      tolerations:\n"
      "        - key: dedicated\n"
      "          operator: Equal\n"
      "          value: batch\n"
      "          effect: NoSchedule\n"
      "      securityContext:\n"
      "        runAsNonRoot: true\n"
      "        runAsUser: 1000\n"
      "      containers:\n"
      "        - name: shard\n";
  doc += i % 17 == 9 ? "          image: registry.example.com/pipeline/shard:latest\n"
                     : "          image: \"registry.example.com/pipeline/shard:2.4." + n + "\"\n";
  doc +=
      "          imagePullPolicy: IfNotPresent\n"
      "          command: [\"/bin/shard\"]\n"
      "          args: [\"--shard\", \"" +
      n +
      "\", \"--of\", \"20000\", \"--verbose\"]\n"
      "          env:\n"
      "            - name: SHARD\n"
      "              value: \"" +
      n +
      "\"\n"
      "            - name: BUCKET\n"
      "              value: s3://example-data/nightly\n"
      "            - name: POD_NAME\n"
      "              valueFrom:\n"
      "                fieldRef:\n"
      "                  fieldPath: metadata.name\n"
      "          resources:\n"
      "            requests:\n"
      "              cpu: 250m\n"
      "              memory: 256Mi\n"
      "            limits:\n"
      "              cpu: \"1\"\n"
      "              memory: 512Mi\n"
      "          volumeMounts:\n"
      "            - name: scratch\n"
      "              mountPath: /scratch\n"
      "            - name: config\n"
      "              mountPath: /etc/pipeline\n"
      "              readOnly: true\n"
      "          securityContext:\n"
      "            allowPrivilegeEscalation: false\n"
      "            readOnlyRootFilesystem: true\n"
      "            capabilities:\n"
      "              drop: [\"ALL\"]\n"
      "      volumes:\n"
      "        - name: scratch\n"
      "          emptyDir:\n"
      "            sizeLimit: 1Gi\n"
      "        - name: config\n"
      "          configMap:\n"
      "            name: pipeline-config\n";
  return doc;
}

}  // namespace jobwarden::bench
