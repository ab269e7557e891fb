#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/TARGET/) from the repository's vakt
# files: examples/, rules/ and tests/cases/** for the text targets (parse,
# check, fmt), and fuzz/regressions/TARGET/ for every target, so each run
# replays every crash found so far. Idempotent; the corpora themselves are
# not committed (fuzz/.gitignore).
#
#   fuzz/seed.sh            seed every target
#   fuzz/seed.sh TARGET...  seed these
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
root=..
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(parse check fmt model)
fi

for target in "${targets[@]}"; do
  dir="corpus/${target}"
  mkdir -p "${dir}"
  if [[ ${target} != model ]]; then
    while IFS= read -r -d '' file; do
      name=${file#"${root}/"}
      cp "${file}" "${dir}/seed-${name//\//_}"
    done < <(find "${root}/examples" "${root}/rules" "${root}/tests/cases" -type f -name '*.vakt' -print0)
  fi
  if [[ -d "regressions/${target}" ]]; then
    find "regressions/${target}" -type f -exec cp {} "${dir}/" \;
  fi
  echo "fuzz/${dir}: $(find "${dir}" -type f | wc -l) files"
done
