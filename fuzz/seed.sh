#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ (load and pipeline) with every fixture (tests/fixtures/*.yaml,
# tests/fixtures/invalid/*.yaml) and the public corpus
# documents up to SEED_MAX_BYTES (default 32768; larger seeds slow every execution). The corpus
# is $CORPUS_DIR, else ../shared/corpus/v3.0 beside the project, as `cargo xtask corpus` finds it.
# Seeds are copied, never committed (fuzz/.gitignore ignores corpus/). Idempotent.
set -euo pipefail
fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz_dir")"
corpus="${CORPUS_DIR:-$root/../shared/corpus/v3.0}"
max="${SEED_MAX_BYTES:-32768}"

for target in load pipeline; do
    out="$fuzz_dir/corpus/$target"
    mkdir -p "$out"
    for f in "$root"/tests/fixtures/*.yaml; do cp "$f" "$out/fixture-$(basename "$f")"; done
    for f in "$root"/tests/fixtures/invalid/*.yaml; do cp "$f" "$out/invalid-$(basename "$f")"; done
    if [ -d "$corpus" ]; then
        find "$corpus" -maxdepth 1 -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) \
            -size -"$((max + 1))"c -exec sh -c 'for f; do cp "$f" "$0/corpus-$(basename "$f")"; done' "$out" {} +
    else
        echo "seed.sh: no corpus at $corpus (set CORPUS_DIR); seeding the fixtures only" >&2
    fi
    echo "fuzz/corpus/$target: $(find "$out" -type f | wc -l) files, $(du -sh "$out" | cut -f1)"
done
