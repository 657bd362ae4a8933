#!/usr/bin/env bash
# Regenerates rules/k8s/api_fields_table.cpp (with api_fields_table.hpp and the
# api_fields_table_partN.cpp files, each under 500 lines), the per-version Kubernetes field sets
# that job-unknown-field and job-invalid-field-type read. Inputs are pinned npm packages (checked
# against their registry integrity) plus scripts/k8s-fields/overlay-*.json for releases no
# package describes yet; docs/kubernetes-sources.md says where each version comes from.
# Needs node and npm. Not part of the build: the generated files are committed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# version  package@version  sha512 integrity (npm view <pkg>@<v> dist.integrity)
fetch() {
  local minor="$1" spec="$2" integrity="$3"
  mkdir -p "$work/$minor"
  (cd "$work/$minor" && npm pack --silent "$spec" >/dev/null)
  local tarball
  tarball="$(ls "$work/$minor"/*.tgz)"
  local actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [[ "$actual" != "$integrity" ]]; then
    echo "gen-k8s-fields: $spec: integrity $actual, expected $integrity" >&2
    exit 1
  fi
  tar xzf "$tarball" -C "$work/$minor"
  echo "$work/$minor/package"
}

v134="$(fetch 1.34 @kubernetes/client-node@1.4.0 \
  sha512-Zge3YvF7DJi264dU1b3wb/GmzR99JhUpqTvp+VGHfwZT+g7EOOYNScDJNZwXy9cszyIGPIs0VHr+kk8e95qqrA==)"
v136="$(fetch 1.36 @kubernetes/client-node@2.0.1 \
  sha512-evJgmEtgArEYlj6DNkMGjK41IrFK/hEwb5lWVxx0VRBWybQpnvi+2TtA19mLgVfRHfqX5yjHObX6e9W7LEZBjw==)"

out="$root/rules/k8s/api_fields_table.cpp"
node "$root/scripts/gen_k8s_fields.mjs" "$out" \
  "1.34=$v134" \
  "1.36=$v136" \
  "1.35=1.34|1.36" \
  "1.37=1.36+$root/scripts/k8s-fields/overlay-1.37.json" \
  "1.38=1.37"
# Paths of the temporary inputs are not part of the result.
sed -i "s|$root/scripts/k8s-fields/|scripts/k8s-fields/|g" "${out%.cpp}".hpp "${out%.cpp}"*.cpp
