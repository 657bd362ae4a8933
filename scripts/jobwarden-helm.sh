#!/usr/bin/env bash
# The jobwarden-helm pre-commit hook: for every chart that holds one of the given files (the
# nearest parent directory with a Chart.yaml), `helm template CHART | jobwarden lint
# --helm-chart CHART -`, so findings name CHART/templates/FILE. Extra arguments before the file
# names (pre-commit `args:`) go to `jobwarden lint`, e.g. args: [--fail-on, warning].
# Exit: the worst of the per-chart results (helm failures are 2).
set -uo pipefail

lint_args=()
files=()
for arg in "$@"; do
  if [[ ${#files[@]} -eq 0 && "$arg" == -* ]]; then
    lint_args+=("$arg")
  else
    files+=("$arg")
  fi
done

declare -A charts=()
for file in "${files[@]}"; do
  dir=$(dirname -- "$file")
  while :; do
    if [[ -f "$dir/Chart.yaml" ]]; then
      charts["$dir"]=1
      break
    fi
    [[ "$dir" == "." || "$dir" == "/" ]] && break
    dir=$(dirname -- "$dir")
  done
done

status=0
for chart in $(printf '%s\n' "${!charts[@]}" | sort); do
  rendered=$(helm template "$chart" 2>&1)
  if [[ $? -ne 0 ]]; then
    echo "jobwarden-helm: helm template $chart failed:" >&2
    echo "$rendered" >&2
    status=2
    continue
  fi
  printf '%s\n' "$rendered" | jobwarden lint "${lint_args[@]}" --helm-chart "$chart" -
  code=$?
  (( code > status )) && status=$code
done
exit "$status"
