#!/usr/bin/env bash
# Installs the Debian packages the tests use, only when they are missing:
#   slurm-wlm + munge   a real one-node SLURM cluster (started by scripts/slurm/start.sh)
#   chromium            a real headless browser (driven by playwright-core, test/services/browser.ts)
#   fonts-dejavu-core   fonts, so that screenshots show readable text
#   python3-torch + libopenblas0-pthread   PyTorch for the PyTorch target's tests (Debian's
#                       /usr/bin/python3; a pyenv python3 on PATH does not see it)
#   black + flake8      the style checks of the emitted Python
# Run by `npm test` (pretest) and by .ci/run. When everything is present it only runs one
# dpkg-query (a few milliseconds). When something is missing it runs `apt-get update` once and
# `apt-get install -y --no-install-recommends`, which needs root; without root it prints what to
# install and exits 0, and the tests that need the missing packages fail saying so (apt-get failing
# is an error in CI only).
# DISC_TEST_DEPS=skip skips this script altogether (for machines managed some other way).
set -euo pipefail

PACKAGES=(slurm-wlm munge chromium fonts-dejavu-core python3-torch libopenblas0-pthread black flake8)

if [[ "${DISC_TEST_DEPS:-}" == "skip" ]]; then
  exit 0
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  # One call for all of them; a package dpkg never heard of prints nothing (and exits 1).
  status="$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${PACKAGES[@]}" 2>/dev/null || true)"
  for p in "${PACKAGES[@]}"; do
    if ! grep -qE "^${p} ii" <<<"$status"; then
      missing+=("$p")
    fi
  done
else
  echo "test-deps: no dpkg-query here (not Debian?); install ${PACKAGES[*]} yourself." >&2
  exit 0
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ "$(id -u)" != "0" ]]; then
  echo "test-deps: missing Debian packages: ${missing[*]}" >&2
  echo "test-deps: install them with: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  echo "test-deps: (not root, so not installing: the SLURM and browser tests fail in CI, skip elsewhere)" >&2
  exit 0
fi

echo "test-deps: installing ${missing[*]} (apt-get update + install, about a minute) ..." >&2
start=$(date +%s)
export DEBIAN_FRONTEND=noninteractive
if apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; then
  echo "test-deps: installed ${missing[*]} in $(($(date +%s) - start)) s" >&2
elif [[ -n "${CI:-}" && "${CI}" != "false" && "${CI}" != "0" ]]; then
  echo "test-deps: apt-get failed; CI needs ${missing[*]}" >&2
  exit 1
else
  # Outside CI the other tests still run; the SLURM and browser tests fail or skip, saying why.
  echo "test-deps: apt-get failed; the tests that need ${missing[*]} will fail or skip" >&2
fi
