#!/usr/bin/env sh
# Fails when spec/ or src/generated/ differ from what `npm run codegen` would write.
# The trimmed models come from botocore, so the check needs python3 with botocore.
set -eu
cd "$(dirname "$0")/.."
if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import botocore' >/dev/null 2>&1; then
  echo "skipped: botocore not installed"
  exit 0
fi
exec npm run --silent codegen -- --check
