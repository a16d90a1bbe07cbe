#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ (load and pipeline) with every fixture (tests/fixtures/*.yaml,
# invalid/ and recovered/: OpenAPI 3.1 constructs, recursion through every edge, the path
# templates and references the generator recovers from) and the public corpus documents (3.0
# and 3.1) up to SEED_MAX_BYTES (default 32768; larger seeds slow every execution). The corpus
# is $CORPUS_DIR, else ../shared/corpus beside the project, as `cargo xtask corpus` finds it.
# Seeds are copied, never committed (fuzz/.gitignore ignores corpus/). Idempotent.
set -euo pipefail
fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz_dir")"
corpus="${CORPUS_DIR:-$root/../shared/corpus}"
max="${SEED_MAX_BYTES:-32768}"

for target in load pipeline; do
    out="$fuzz_dir/corpus/$target"
    mkdir -p "$out"
    for f in "$root"/tests/fixtures/*.yaml; do cp "$f" "$out/fixture-$(basename "$f")"; done
    for f in "$root"/tests/fixtures/invalid/*.yaml; do cp "$f" "$out/invalid-$(basename "$f")"; done
    for f in "$root"/tests/fixtures/recovered/*.yaml; do cp "$f" "$out/recovered-$(basename "$f")"; done
    if [ -d "$corpus" ]; then
        find "$corpus" -maxdepth 2 -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) \
            -size -"$((max + 1))"c -exec sh -c 'for f; do cp "$f" "$0/corpus-$(basename "$f")"; done' "$out" {} +
    else
        echo "seed.sh: no corpus at $corpus (set CORPUS_DIR); seeding the fixtures only" >&2
    fi
    echo "fuzz/corpus/$target: $(find "$out" -type f | wc -l) files, $(du -sh "$out" | cut -f1)"
done
