//! Robustness: no document, and no truncation or mutation of one, makes the generator panic.
//!
//! The documents are every fixture (`tests/fixtures/*.yaml`, `invalid/*.yaml`, `recovered/*.yaml`),
//! the CRM contract and every public corpus document up to [`MAX_CORPUS_BYTES`] (the corpus is
//! `<project root>/../shared/corpus` (its `v3.0/` and `v3.1/`), or `$CORPUS_DIR`, resolved as `cargo xtask corpus`
//! does). Each is run as it is, cut at fixed positions and changed by a few fixed line edits
//! (see [`variants`]), through load → validate → generate inside `catch_unwind`. Errors are
//! fine; a panic is not, and neither is an error whose text does not name the document first.
//! `inputs_found_by_fuzzing_do_not_panic` replays the inputs that fuzzing found, cut down.
//!
//! `fuzz_lite` (ignored) is the stable-toolchain cousin of the cargo-fuzz targets in `fuzz/`:
//! seeded random mutations of the fixtures, `ROBUSTNESS_ITERATIONS` of them (default 5,000):
//! `cargo test -p tests --test robustness -- --ignored --nocapture`. The input of each finding
//! is also written to `target/robustness/fuzz-lite-<iteration>.yaml`.

mod common;

use std::cell::RefCell;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Mutex;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use xtask::{SPEC_PATH, project_root};

/// Corpus documents larger than this are left to `cargo xtask corpus` (they only slow the test).
const MAX_CORPUS_BYTES: u64 = 300 * 1024;
/// The whole-text cuts are at `k / TRUNCATION_PARTS` for `k` in `1..TRUNCATION_PARTS`.
const TRUNCATION_PARTS: usize = 13;

// ---- the documents ----

/// A document under test: the label it is loaded under and its text.
struct Document {
    label: String,
    text: String,
}

/// Fixtures (valid and invalid), the CRM contract and the small corpus documents, plus the
/// corpus documents that were skipped for their size (name, bytes).
fn documents() -> (Vec<Document>, Vec<(String, u64)>) {
    let mut out = Vec::new();
    let fixtures = project_root().join("tests/fixtures");
    for dir in [fixtures.clone(), fixtures.join("invalid"), fixtures.join("recovered")] {
        for path in yaml_files(&dir) {
            let (label, text) = common::read(&path);
            out.push(Document { label, text });
        }
    }
    let (label, text) = common::read(&project_root().join(SPEC_PATH));
    out.push(Document { label, text });

    let corpus = xtask::corpus::corpus_dir(None).unwrap_or_else(|e| panic!("{e}"));
    let listed = xtask::corpus::list_documents(&corpus).unwrap_or_else(|e| panic!("{e}"));
    assert!(!listed.is_empty(), "no documents in the corpus at {}", corpus.display());
    let mut skipped = Vec::new();
    for document in listed {
        if document.bytes > MAX_CORPUS_BYTES {
            skipped.push((document.name, document.bytes));
            continue;
        }
        let text =
            std::fs::read_to_string(&document.path).unwrap_or_else(|e| panic!("{}: {e}", document.path.display()));
        // The same label as `cargo xtask corpus` gives: the file name.
        out.push(Document {
            label: document.name,
            text,
        });
    }
    (out, skipped)
}

fn yaml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    out.sort();
    out
}

// ---- the deterministic variants ----

/// One input derived from a document: what was done to it, and the resulting text.
struct Variant {
    what: String,
    text: String,
}

/// The largest char boundary at or below `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The position just after the first `needle` at or after `from`, if any.
fn after(text: &str, needle: char, from: usize) -> Option<usize> {
    let from = floor_boundary(text, from);
    text[from..].find(needle).map(|i| from + i + needle.len_utf8())
}

/// The byte offsets of the cuts: `k/13` of the text for `k` in 1..13, and right after the first
/// `:` past 1/4, 1/2 and 3/4 and the first `{` past 1/3 and 2/3. Sorted, no duplicates, never
/// 0 or the whole text.
fn cut_points(text: &str) -> Vec<(usize, String)> {
    let len = text.len();
    let mut cuts: Vec<(usize, String)> = (1..TRUNCATION_PARTS)
        .map(|k| {
            (
                floor_boundary(text, len * k / TRUNCATION_PARTS),
                format!("{k}/{TRUNCATION_PARTS}"),
            )
        })
        .collect();
    for (needle, fractions) in [(':', &[(1, 4), (1, 2), (3, 4)][..]), ('{', &[(1, 3), (2, 3)][..])] {
        for &(num, den) in fractions {
            if let Some(at) = after(text, needle, len * num / den) {
                cuts.push((at, format!("after the first `{needle}` past {num}/{den}")));
            }
        }
    }
    cuts.retain(|(at, _)| *at > 0 && *at < len);
    cuts.sort_by_key(|(at, _)| *at);
    cuts.dedup_by_key(|(at, _)| *at);
    cuts
}

/// The lines of a text, each with its line break, so that joining them gives the text back.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// The index of the line at `num/den` of the lines that hold a `:` (a mapping entry in YAML, a
/// member in JSON), so that edits hit structure rather than blank lines or long descriptions'
/// continuation lines. `None` for a text without such a line.
fn pick(lines: &[&str], num: usize, den: usize) -> Option<usize> {
    let keyed: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].contains(':')).collect();
    (!keyed.is_empty()).then(|| keyed[(keyed.len() * num / den).min(keyed.len() - 1)])
}

/// The byte range of the scalar value of `key: value` (YAML) or `"key": value` (JSON) on a
/// line, if the line has a non-empty one.
fn scalar_value(line: &str) -> Option<std::ops::Range<usize>> {
    let body = line.trim_end_matches(['\n', '\r']);
    let colon = body.find(": ")?;
    let start = colon + 2 + (body[colon + 2..].len() - body[colon + 2..].trim_start().len());
    let end = body.trim_end_matches(',').trim_end().len();
    (start < end).then_some(start..end)
}

/// The first line at or after `num/den` of the keyed lines that has a scalar value.
fn pick_scalar(lines: &[&str], num: usize, den: usize) -> Option<(usize, std::ops::Range<usize>)> {
    let start = pick(lines, num, den)?;
    (start..lines.len())
        .chain(0..start)
        .find_map(|i| scalar_value(lines[i]).map(|range| (i, range)))
}

fn edited(lines: &[&str], index: usize, line: String) -> String {
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    out[index] = line;
    out.concat()
}

/// Whole-line edits at fixed places (line numbers are 1-based in the descriptions).
fn mutations(text: &str) -> Vec<Variant> {
    let lines = lines(text);
    let mut out = Vec::new();
    let mut push = |what: String, text: String| out.push(Variant { what, text });

    if let Some(i) = pick(&lines, 1, 3) {
        let mut rest = lines.clone();
        rest.remove(i);
        push(format!("line {} deleted", i + 1), rest.concat());
    }
    if let Some(i) = pick(&lines, 1, 2) {
        let mut more = lines.clone();
        more.insert(i, lines[i]);
        push(format!("line {} duplicated", i + 1), more.concat());
    }
    if let (Some(i), Some(j)) = (pick(&lines, 2, 5), pick(&lines, 3, 5))
        && i != j
    {
        let mut swapped: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        // Each line keeps a line break, even the last one of a text without a final newline.
        for k in [i, j] {
            if !swapped[k].ends_with('\n') {
                swapped[k].push('\n');
            }
        }
        swapped.swap(i, j);
        push(format!("lines {} and {} swapped", i + 1, j + 1), swapped.concat());
    }
    if let Some((i, range)) = pick_scalar(&lines, 1, 2) {
        let line = format!("{}[{}", &lines[i][..range.start], &lines[i][range.end..]);
        push(
            format!("line {}: the scalar {:?} replaced by `[`", i + 1, &lines[i][range]),
            edited(&lines, i, line),
        );
    }
    if let Some(i) = pick(&lines, 3, 4) {
        let indent = lines[i].len() - lines[i].trim_start().len();
        let line = format!("{}\t{}", &lines[i][..indent], &lines[i][indent..]);
        push(
            format!("line {}: a tab inserted before its content", i + 1),
            edited(&lines, i, line),
        );
    }
    if let Some((i, range)) = pick_scalar(&lines, 1, 4) {
        let line = format!("{}\t{}", &lines[i][..range.start], &lines[i][range.start..]);
        push(
            format!("line {}: a tab inserted before its value", i + 1),
            edited(&lines, i, line),
        );
    }
    if let Some(i) = pick(&lines, 1, 5) {
        push(
            format!("line {} indented by 2 more", i + 1),
            edited(&lines, i, format!("  {}", lines[i])),
        );
    }
    if let Some(i) = (pick(&lines, 4, 5).into_iter())
        .chain(pick(&lines, 3, 5))
        .find(|&i| lines[i].starts_with(' '))
    {
        let line = lines[i].strip_prefix("  ").unwrap_or(&lines[i][1..]).to_owned();
        push(format!("line {} indented by 2 less", i + 1), edited(&lines, i, line));
    }
    out
}

/// The document as it is, cut at [`cut_points`] and changed by [`mutations`].
fn variants(text: &str) -> Vec<Variant> {
    let mut out = vec![Variant {
        what: "as it is".to_owned(),
        text: text.to_owned(),
    }];
    for (at, why) in cut_points(text) {
        out.push(Variant {
            what: format!("cut at byte {at} ({why})"),
            text: text[..at].to_owned(),
        });
    }
    out.extend(mutations(text));
    out
}

// ---- running one input ----

thread_local! {
    /// Set while this thread runs the pipeline under `catch_unwind`: the hook records the panic
    /// here instead of printing it.
    static CAPTURED: RefCell<Option<Option<String>>> = const { RefCell::new(None) };
}

/// Installs (once) a panic hook that records the message and location of a panic raised under
/// [`run_pipeline`] and leaves every other panic (a failing assertion) to the default hook.
fn install_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let capturing = CAPTURED.with(|c| {
                let mut c = c.borrow_mut();
                match c.as_mut() {
                    Some(slot) => {
                        *slot = Some(info.to_string().replace('\n', " "));
                        true
                    }
                    None => false,
                }
            });
            if !capturing {
                default(info);
            }
        }));
    });
}

/// How far the pipeline got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    LoadError,
    ValidateError,
    GenerateError,
    Generated,
}

/// What went wrong with one input.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Finding {
    /// The pipeline panicked: the hook's message (with its location).
    Panic(String),
    /// An error whose text is empty or does not begin with the document's label.
    Unlabelled { stage: &'static str, message: String },
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Panic(message) => write!(f, "PANIC {message}"),
            Self::Unlabelled { stage, message } => {
                let first = message.lines().next().unwrap_or("");
                write!(f, "{stage} error without the label first: {first:?}")
            }
        }
    }
}

/// The error's text names the document first: it begins with the label, or its first line is
/// the `N problem(s) in <label>:` heading that the load and validate errors put above their
/// diagnostics (each of which begins with `<label>:`).
fn labelled(message: &str, label: &str) -> bool {
    let first = message.lines().next().unwrap_or("");
    !message.is_empty()
        && (message.starts_with(label)
            || first
                .split_once(" problem(s) in ")
                .is_some_and(|(n, rest)| n.parse::<usize>().is_ok() && rest.strip_suffix(':') == Some(label)))
}

/// load → validate → generate, as `generate` is called by the xtask; the panic, if any, is caught.
fn run_pipeline(label: &str, text: &str) -> Result<Outcome, Finding> {
    install_hook();
    CAPTURED.with(|c| *c.borrow_mut() = Some(None));
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        let check = |stage: &'static str, message: String| {
            if labelled(&message, label) {
                Ok(())
            } else {
                Err(Finding::Unlabelled { stage, message })
            }
        };
        let spec = match generator::load_spec(label, text) {
            Ok(spec) => spec,
            Err(e) => return check("load", e.to_string()).map(|()| Outcome::LoadError),
        };
        if let Err(e) = generator::validate::validate_spec(&spec) {
            return check("validate", e.to_string()).map(|()| Outcome::ValidateError);
        }
        match generator::generate(&spec, &generator::Config::new(label)) {
            Ok(_) => Ok(Outcome::Generated),
            Err(e) => check("generate", e.to_string()).map(|()| Outcome::GenerateError),
        }
    }));
    let captured = CAPTURED.with(|c| c.borrow_mut().take()).flatten();
    match result {
        Ok(outcome) => outcome,
        Err(payload) => Err(Finding::Panic(captured.unwrap_or_else(|| {
            payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic with a non-string payload".to_owned())
        }))),
    }
}

/// Runs `count` jobs on every core, `job(i)` for each `i`, and returns the results in order.
fn parallel<T: Send>(count: usize, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(count.max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..count).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        break;
                    }
                    let result = job(i);
                    results.lock().expect("no worker panics")[i] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .expect("no worker panics")
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}

#[test]
fn no_truncation_or_mutation_panics() {
    let start = Instant::now();
    let (documents, skipped) = documents();
    let cases: Vec<(usize, Variant)> = documents
        .iter()
        .enumerate()
        .flat_map(|(d, document)| variants(&document.text).into_iter().map(move |v| (d, v)))
        .collect();
    let results = parallel(cases.len(), |i| {
        let (d, variant) = &cases[i];
        run_pipeline(&documents[*d].label, &variant.text)
    });

    let mut findings = Vec::new();
    let mut tally = std::collections::BTreeMap::<Outcome, usize>::new();
    for ((d, variant), result) in cases.iter().zip(&results) {
        match result {
            Ok(outcome) => *tally.entry(*outcome).or_default() += 1,
            Err(finding) => findings.push(format!("{}, {}: {finding}", documents[*d].label, variant.what)),
        }
    }
    // A document as it is must get at least as far as it did before it was changed: the
    // originals of the valid fixtures generate.
    for ((d, variant), result) in cases.iter().zip(&results) {
        let label = &documents[*d].label;
        if variant.what == "as it is"
            && label.starts_with("tests/fixtures/")
            && !label.contains("/invalid/")
            && !matches!(result, Ok(Outcome::Generated))
        {
            findings.push(format!("{label}, as it is: expected to generate, got {result:?}"));
        }
    }

    println!(
        "robustness: {} cases from {} documents ({} skipped over {MAX_CORPUS_BYTES} bytes: {}) in {:.1?}",
        cases.len(),
        documents.len(),
        skipped.len(),
        skipped
            .iter()
            .map(|(n, b)| format!("{n} {b} B"))
            .collect::<Vec<_>>()
            .join(", "),
        start.elapsed()
    );
    println!("robustness: outcomes {tally:?}; {} finding(s)", findings.len());
    assert!(
        findings.is_empty(),
        "{} of {} inputs panicked or gave an unlabelled error:\n{}",
        findings.len(),
        cases.len(),
        findings.join("\n")
    );
}

/// Inputs that fuzzing found to break the generator, cut down by hand: (label, text).
fn found_by_fuzzing() -> Vec<(String, String)> {
    let mut out = Vec::new();
    // fuzz-lite: `emit::chunk` cut the rendered models.rs inside a multi-byte character (a
    // panic on any machine with 2 or more cores). Six lengths, so that one of them puts the
    // cut inside a character whatever the templates print around the description.
    for n in 300..306 {
        out.push((
            format!("found/cjk-description-{n}.yaml"),
            format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  \
                 schemas:\n    A:\n      type: object\n      description: {}\n      properties:\n        \
                 x: {{type: string}}\n    B:\n      type: string\n",
                "会".repeat(n)
            ),
        ));
    }
    // fuzz-lite: a `"` or `\` in the path of an operation without an operationId reached a
    // string literal of responses.rs unescaped, and the error (invalid Rust) named no file.
    for (name, path) in [("quote", "/pets\""), ("backslash", "/pets\\")] {
        out.push((
            format!("found/{name}-in-path.yaml"),
            format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  {path}:\n    get:\n      \
                 responses:\n        '200': {{description: ok}}\n"
            ),
        ));
    }
    out
}

#[test]
fn inputs_found_by_fuzzing_do_not_panic() {
    let findings: Vec<String> = found_by_fuzzing()
        .iter()
        .filter_map(|(label, text)| {
            run_pipeline(label, text)
                .err()
                .map(|finding| format!("{label}: {finding}\n--- input ---\n{text}---"))
        })
        .collect();
    assert!(
        findings.is_empty(),
        "{} input(s) found by fuzzing still fail:\n{}",
        findings.len(),
        findings.join("\n")
    );
}

// ---- fuzz-lite: random mutations on the stable toolchain ----

/// xorshift64*: a tiny deterministic generator, so the run needs no extra dependency and a
/// finding reproduces from its iteration number.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Tokens that YAML and JSON parsers and the generator care about.
const TOKENS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "- ",
    "\t",
    "\n",
    "  ",
    "'",
    "\"",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "|",
    ">",
    "~",
    "null",
    "true",
    "-1",
    "1e999",
    "$ref: '#/'",
    "$ref: '#/components/schemas/X'",
    "type: object",
    "type: array",
    "items: {}",
    "allOf: []",
    "oneOf: [{}]",
    "nullable: true",
    "enum: []",
    "{id}",
    "/{",
    "\u{feff}",
    "é",
    "\u{0}",
];

/// One random edit of the text: a byte range deleted, duplicated or overwritten, a token
/// inserted, or two lines swapped. Always returns valid UTF-8 (edits snap to char boundaries).
fn mutate(rng: &mut Rng, text: &str) -> String {
    let len = text.len();
    let at = floor_boundary(text, rng.below(len + 1));
    let span = floor_boundary(text, (at + 1 + rng.below(64)).min(len)).max(at);
    match rng.below(6) {
        0 => format!("{}{}", &text[..at], &text[span..]),
        1 => format!("{}{}{}", &text[..span], &text[at..span], &text[span..]),
        2 => format!("{}{}{}", &text[..at], TOKENS[rng.below(TOKENS.len())], &text[at..]),
        3 => format!("{}{}{}", &text[..at], TOKENS[rng.below(TOKENS.len())], &text[span..]),
        4 => {
            let mut lines: Vec<String> = lines(text)
                .iter()
                .map(|l| l.trim_end_matches('\n').to_owned())
                .collect();
            if lines.len() > 1 {
                let (i, j) = (rng.below(lines.len()), rng.below(lines.len()));
                lines.swap(i, j);
            }
            lines.join("\n")
        }
        _ => text[..at].to_owned(),
    }
}

#[test]
#[ignore = "a few thousand random mutations; run with --ignored (ROBUSTNESS_ITERATIONS=N)"]
fn fuzz_lite() {
    let iterations: usize = std::env::var("ROBUSTNESS_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5_000);
    let fixtures = project_root().join("tests/fixtures");
    let seeds: Vec<Document> = [fixtures.clone(), fixtures.join("invalid"), fixtures.join("recovered")]
        .iter()
        .flat_map(|dir| yaml_files(dir))
        .map(|path| {
            let (label, text) = common::read(&path);
            Document { label, text }
        })
        .collect();
    let start = Instant::now();
    // Each iteration has its own generator, so iteration `i` reproduces alone.
    let results = parallel(iterations, |i| {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (i as u64).wrapping_mul(0xD1B5_4A32_D192_ED03) | 1);
        let seed = &seeds[rng.below(seeds.len())];
        let mut text = seed.text.clone();
        for _ in 0..=rng.below(4) {
            text = mutate(&mut rng, &text);
        }
        run_pipeline(&seed.label, &text).map_err(|finding| (seed.label.clone(), text, finding))
    });
    let elapsed = start.elapsed();
    let mut tally = std::collections::BTreeMap::<Outcome, usize>::new();
    let mut findings = Vec::new();
    let findings_dir = project_root().join("target/robustness");
    for (i, result) in results.into_iter().enumerate() {
        match result {
            Ok(outcome) => *tally.entry(outcome).or_default() += 1,
            Err((label, text, finding)) => {
                // The exact bytes, to replay with `cargo xtask codegen --spec FILE`.
                let file = findings_dir.join(format!("fuzz-lite-{i}.yaml"));
                std::fs::create_dir_all(&findings_dir)
                    .and_then(|()| std::fs::write(&file, &text))
                    .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
                findings.push(format!(
                    "iteration {i}, {label}: {finding}\n--- input ({}) ---\n{text}\n---",
                    file.display()
                ));
            }
        }
    }
    println!(
        "fuzz-lite: {iterations} inputs in {elapsed:.1?} ({:.0}/s); outcomes {tally:?}; {} finding(s)",
        iterations as f64 / elapsed.as_secs_f64(),
        findings.len()
    );
    assert!(findings.is_empty(), "{}", findings.join("\n"));
}

#[test]
fn variants_are_fixed_and_change_the_text() {
    for path in ["tests/fixtures/enums.yaml", "tests/fixtures/recovered/wrong-shape.yaml"] {
        let (label, text) = common::read(&project_root().join(path));
        let first = variants(&text);
        let again = variants(&text);
        let whats: Vec<&str> = first.iter().map(|v| v.what.as_str()).collect();
        assert_eq!(whats, again.iter().map(|v| v.what.as_str()).collect::<Vec<_>>());
        let cuts = whats.iter().filter(|w| w.starts_with("cut at")).count();
        let edits = whats.len() - 1 - cuts;
        assert!(cuts >= TRUNCATION_PARTS - 1, "{label}: only {cuts} cuts: {whats:#?}");
        assert!(edits >= 7, "{label}: only {edits} line edits: {whats:#?}");
        for v in &first[1..] {
            assert_ne!(v.text, text, "{label}: {} left the text as it was", v.what);
        }
        println!("{label}: {whats:#?}");
    }
}

// ---- pathological documents, in bounded memory and time ----

/// Documents built to exhaust a naive generator: nesting far deeper than any real document,
/// schemas that reach themselves through wrappers all around a ring, long chains of references
/// and a wide fan of merged parts. (name, text)
fn pathological() -> Vec<(&'static str, String)> {
    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";
    // 10,000 levels is refused by the parser; 60 levels (120 of YAML) is read and generated.
    let deep = |levels: usize, wrap: &dyn Fn(String) -> String| {
        let schema = (0..levels).fold("{type: string}".to_owned(), |inner, _| wrap(inner));
        format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {schema}\n")
    };
    let properties = |inner: String| format!("{{type: object, properties: {{a: {inner}}}}}");
    let items = |inner: String| format!("{{type: array, items: {inner}}}");
    let ring = 300;
    let mut ring_doc = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/S0'}}\ncomponents:\n  schemas:\n"
    );
    for i in 0..ring {
        let next = (i + 1) % ring;
        ring_doc.push_str(&format!(
            "    S{i}:\n      type: object\n      properties:\n        next:\n          allOf: [{{$ref: '#/components/schemas/S{next}'}}, {{description: next}}]\n        again:\n          allOf: [{{$ref: '#/components/schemas/S{i}'}}, {{properties: {{extra: {{type: string}}}}}}]\n        many: {{type: array, items: {{oneOf: [{{$ref: '#/components/schemas/S{next}'}}, {{type: string}}]}}}}\n        map: {{additionalProperties: {{allOf: [{{$ref: '#/components/schemas/S{i}'}}]}}}}\n        not: {{not: {{$ref: '#/components/schemas/S{i}'}}}}\n"
        ));
    }
    let mut chain = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n");
    for i in 0..2_000 {
        chain.push_str(&format!("    R{i}: {{$ref: '#/components/schemas/R{}'}}\n", i + 1));
    }
    chain.push_str("    R2000: {type: string}\n");
    let parts: String = (0..1_000)
        .map(|i| format!("{{$ref: '#/components/schemas/P{i}'}}, "))
        .collect();
    let mut fan = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    All: {{allOf: [{parts}]}}\n");
    for i in 0..1_000 {
        fan.push_str(&format!(
            "    P{i}: {{properties: {{f{i}: {{type: string}}, all: {{$ref: '#/components/schemas/All'}}}}}}\n"
        ));
    }
    vec![
        ("deep-properties", deep(10_000, &properties)),
        ("deep-items", deep(10_000, &items)),
        ("deep-all-of", deep(10_000, &|inner| format!("{{allOf: [{inner}]}}"))),
        ("read-deep-properties", deep(60, &properties)),
        ("read-deep-items", deep(120, &items)),
        ("self-reference-ring", ring_doc),
        ("reference-chain", chain),
        ("wide-all-of", fan),
    ]
}

/// The run a child process makes (`PATHOLOGICAL_DOCUMENT` names the file): load, validate and
/// generate; an error is fine, a crash or a hang is not.
#[test]
#[ignore = "run by pathological_documents_stay_within_bounds in a limited child process"]
fn pathological_child() {
    let Some(path) = std::env::var_os("PATHOLOGICAL_DOCUMENT") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    if let Ok(doc) = generator::load_spec("pathological.yaml", &text) {
        let _ = generator::generate(&doc, &generator::Config::new("pathological.yaml"));
    }
    println!("PATHOLOGICAL-DONE");
}

#[test]
fn pathological_documents_stay_within_bounds() {
    // Address space and wall time of each run, far above what the documents need and far below
    // what an unbounded recursion or a quadratic blow-up takes.
    const MEMORY_KIB: u64 = 4 * 1024 * 1024;
    const SECONDS: u64 = 120;
    let dir = project_root().join("target/pathological");
    std::fs::create_dir_all(&dir).unwrap();
    let exe = std::env::current_exe().unwrap();
    for (name, text) in pathological() {
        let path = dir.join(format!("{name}.yaml"));
        std::fs::write(&path, &text).unwrap();
        let start = Instant::now();
        let out = std::process::Command::new("sh")
            .args([
                "-c",
                &format!("ulimit -v {MEMORY_KIB}; exec timeout {SECONDS} \"$0\" \"$@\""),
            ])
            .arg(&exe)
            .args([
                "pathological_child",
                "--exact",
                "--include-ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("PATHOLOGICAL_DOCUMENT", &path)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("PATHOLOGICAL-DONE"),
            "{name}: the run crashed, hung past {SECONDS} s or exceeded {MEMORY_KIB} KiB ({:?}, {:.1?}):\n{stdout}\n{}",
            out.status,
            start.elapsed(),
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!("pathological {name}: {} bytes in {:.1?}", text.len(), start.elapsed());
    }
}
