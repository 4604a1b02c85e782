#!/usr/bin/env bash
# Regenerates the poster and tile goldens in tests/golden/ on purpose, after a change that is meant to
# alter the posters; review them (git diff, an image viewer) before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build -j"$(nproc)"
SAHELMAP_UPDATE_GOLDENS=1 ctest --test-dir build -R "PosterGolden|TileGolden" --output-on-failure
git status --short tests/golden
