//! `cargo xtask <command>`: project automation.

use std::process::ExitCode;

use xtask::{SPEC_PATH, examples, lint, project_root};

// The pipeline allocates heavily (syn tokens, prettyplease buffers): mimalloc makes the whole
// run faster than the system allocator (GitHub's document: 989 → 694 ms, one run each).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage:
  cargo xtask codegen [--check] [--strict]  regenerate generated-client/ from spec/openapi.yaml; warnings
                                           are printed, and --strict (--deny-warnings) fails on them
  cargo xtask codegen --spec FILE --out DIR [--formats LIST]
                                           generate a standalone crate from any OpenAPI 3.0 or 3.1 document;
                                           --formats all|none|date-time,date,local-date-time,uuid,bytes,decimal
                                           reads those formats as typed values (none by default)
  cargo xtask bench [--runs N] [--build [FILE]] time the pipeline per stage (CRM spec and corpus; use --release),
                                           or the build time of generated crates (nexus and the CRM, or FILE)
                                           against progenitor's, side by side
  cargo xtask diff [--base REV] [--fail-on breaking|possibly-breaking] [--old FILE --new FILE]
                                           Markdown report of what a spec edit changes (exit 1 at the threshold)
  cargo xtask lint                         check spec/openapi.yaml against the project's rules
  cargo xtask corpus [--max-bytes N] [--only NAME] [--no-compile] [--corpus DIR] [--update-expected]
                                           generate and compile a crate per public corpus document";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("lint") => run_lint(),
        Some("bench") => match xtask::bench::run(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        Some("diff") => match xtask::diff::run(&args[1..]) {
            Ok(outcome) => {
                print!("{}", outcome.markdown);
                match outcome.failed {
                    Some(level) => {
                        eprintln!("changes classified {} or worse: failing (--fail-on)", level.label());
                        ExitCode::FAILURE
                    }
                    None => ExitCode::SUCCESS,
                }
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::from(2)
            }
        },
        Some("codegen") => match xtask::codegen::run(&args[1..]) {
            Ok(summary) => {
                println!("{summary}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        Some("corpus") => match xtask::corpus::run(&args[1..]) {
            Ok(summary) if summary.regressions.is_empty() => ExitCode::SUCCESS,
            Ok(summary) => {
                let documents = xtask::corpus::by_document(&summary.regressions).len();
                eprintln!(
                    "{documents} document(s) regressed against {}",
                    xtask::corpus::EXPECTED_PATH
                );
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run_lint() -> ExitCode {
    let path = project_root().join(SPEC_PATH);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let spec = match generator::load_spec(SPEC_PATH, &text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let findings = lint::lint_spec(&spec, &lint::LintConfig::crm());
    let report = examples::check_examples(&spec);
    for f in &findings {
        eprintln!("{SPEC_PATH}: {f}");
    }
    for f in &report.failures {
        eprintln!("{SPEC_PATH}: example {f}");
    }
    println!(
        "{} operations, {} rule findings, {} examples checked, {} invalid",
        spec.operations().len(),
        findings.len(),
        report.checked,
        report.failures.len()
    );
    if findings.is_empty() && report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
