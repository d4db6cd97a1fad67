#!/usr/bin/env bash
# The GitHub Action's script (action.yml runs it): install wifdoctor, capture, write the summary.
# Inputs arrive as WIFDOCTOR_* variables; run it by hand the same way to try it.
set -uo pipefail

if [ "${WIFDOCTOR_INSTALL:-true}" = "true" ]; then
  python3 -m pip install --quiet --disable-pip-version-check "${WIFDOCTOR_PACKAGE:-wifdoctor}" \
    || { echo "::error title=wifdoctor::could not install ${WIFDOCTOR_PACKAGE:-wifdoctor}"; exit 2; }
fi

args=(capture --summary --audience "${WIFDOCTOR_AUDIENCE:-api://AzureADTokenExchange}")
if [ -n "${WIFDOCTOR_PLATFORM:-}" ]; then args+=(--platform "$WIFDOCTOR_PLATFORM"); fi
if [ -n "${WIFDOCTOR_CREDENTIALS:-}" ]; then args+=(--credentials "$WIFDOCTOR_CREDENTIALS"); fi

"${WIFDOCTOR:-wifdoctor}" "${args[@]}"
status=$?
# 0: nothing wrong, 1: findings of severity error, 3: a check could not complete. The job has
# failed already (if: failure()), so findings do not fail this step unless asked to.
if [ "$status" -eq 1 ] || [ "$status" -eq 3 ]; then
  if [ "${WIFDOCTOR_FAIL_ON_FINDINGS:-false}" = "true" ]; then exit "$status"; fi
  exit 0
fi
exit "$status"
