#!/usr/bin/env bash
# Writes the AWS deployment (EKS + Dapr manifests per region, CloudFormation template, images) to OUTPUT_DIR:
# exactly the README's command, with OUTPUT_DIR made absolute (Aspire resolves a relative --output-path against the
# AppHost's folder). Further arguments go to the AppHost (e.g. --Deploy:ImageTag=$GIT_SHA, --Deploy:Images=skip).
# Exits non-zero when the profile (deploy/aws.json) or the AppHost's model cannot be deployed.
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: deploy/publish-aws.sh OUTPUT_DIR [--Deploy:ImageTag=TAG] [--Deploy:Images=archive|push|skip]" >&2
  exit 2
fi
out=$(realpath -m -- "$1")
shift
cd "$(dirname "$0")/.."
exec dotnet run --project AppHost -- --operation publish --step publish-aws --output-path "$out" "$@"
