//! `cargo xtask bench --build`: how long a generated crate takes to build by itself (its
//! dependencies already built), against progenitor's crate for the same document, side by side.
//!
//! Every crate gets its own target directory; one warm-up build compiles its dependencies.
//! Then each round touches and rebuilds each crate in turn (so load on a shared machine falls
//! on all of them alike), with `CARGO_INCREMENTAL=0` so a rebuild compiles the whole crate,
//! and the median of the rounds is reported. Progenitor's crate is made with `cargo
//! progenitor` (install it with `cargo install cargo-progenitor --version 0.15.1`); without it
//! the table has no progenitor rows.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A crate to time: where it is and which features its build turns on.
#[derive(Debug, Clone)]
struct Subject {
    document: String,
    maker: &'static str,
    dir: PathBuf,
    /// `None`: the crate's default features (the client, for ours).
    features: Option<&'static str>,
}

/// The documents compared by default: oxide-nexus (the one progenitor is built for) and the CRM.
fn default_documents(root: &Path) -> Vec<PathBuf> {
    let mut docs = vec![root.join(crate::SPEC_PATH)];
    if let Ok(corpus) = crate::corpus::corpus_dir(None) {
        docs.insert(0, corpus.join("v3.0/oxide-nexus.json"));
    }
    docs
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "doc".into(), |n| n.to_string_lossy().into_owned())
}

/// Generates our crate for `spec` under `base`.
fn ours(spec: &Path, base: &Path) -> Result<Subject, String> {
    let name = stem(spec);
    let dir = base.join(format!("{name}-ours"));
    let files = crate::codegen::generate_from(spec, &name, true, generator::config::TypedFormats::default())
        .map_err(|e| e.to_string())?;
    crate::codegen::ensure_files(&dir, &files, false).map_err(|e| e.to_string())?;
    Ok(Subject {
        document: name,
        maker: "ours",
        dir,
        features: None,
    })
}

/// Generates progenitor's crate for `spec` under `base`, or says why not.
fn progenitor(spec: &Path, base: &Path) -> Result<Subject, String> {
    let name = stem(spec);
    let dir = base.join(format!("{name}-progenitor"));
    let status = Command::new("cargo")
        .args(["progenitor", "-i"])
        .arg(spec)
        .arg("-o")
        .arg(&dir)
        .args(["-n", &format!("{}-progenitor", name.replace('.', "-")), "-v", "0.1.0"])
        .output()
        .map_err(|e| format!("cargo progenitor: {e}"))?;
    if !status.status.success() {
        let why = String::from_utf8_lossy(&status.stderr);
        return Err(format!(
            "cargo progenitor failed on {name}: {}",
            why.lines().last().unwrap_or("")
        ));
    }
    // A crate of its own, also inside this workspace's tree.
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
    if !text.contains("[workspace]") {
        std::fs::write(&manifest, format!("{text}\n[workspace]\n")).map_err(|e| e.to_string())?;
    }
    Ok(Subject {
        document: name,
        maker: "progenitor 0.15.1",
        dir,
        features: None,
    })
}

/// The Rust files under `dir`, in subdirectories too (a crate's modules may be directories).
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            files.push(path);
        }
    }
    files
}

/// Lines of Rust in the crate's `src/`.
fn lines(dir: &Path) -> usize {
    rust_files(&dir.join("src"))
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|t| t.lines().count())
        .sum()
}

/// CPU time (user and system) of this process's waited-for children so far (Linux `/proc`),
/// which load from other processes inflates far less than wall time.
fn children_cpu() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // Fields after the command name (which may hold spaces): cutime and cstime are the 16th
    // and 17th fields of the line, in clock ticks of 1/100 s.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: u64 = rest
        .split_whitespace()
        .skip(13)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// Wall and CPU time of one build.
#[derive(Debug, Clone, Copy, Default)]
struct Took {
    wall: Duration,
    cpu: Duration,
}

/// One `cargo build` of the subject's library; with `touch`, its sources are touched first so
/// that only the crate itself rebuilds.
fn build(subject: &Subject, target: &Path, release: bool, touch: bool) -> Result<Took, String> {
    if touch {
        for path in rust_files(&subject.dir.join("src")) {
            let file = std::fs::File::options()
                .append(true)
                .open(&path)
                .map_err(|e| e.to_string())?;
            file.set_modified(std::time::SystemTime::now())
                .map_err(|e| e.to_string())?;
        }
    }
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(&subject.dir)
        .args(["build", "--quiet", "--lib"])
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0");
    if let Some(features) = subject.features {
        cmd.args(["--no-default-features", "--features", features]);
    }
    if release {
        cmd.arg("--release");
    }
    let (start, cpu) = (Instant::now(), children_cpu());
    let status = cmd.status().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("cargo build in {} failed", subject.dir.display()));
    }
    Ok(Took {
        wall: start.elapsed(),
        cpu: children_cpu().saturating_sub(cpu),
    })
}

/// The median of each measure apart.
fn median(runs: &[Took]) -> Took {
    let mid = |f: fn(&Took) -> Duration| {
        let mut v: Vec<Duration> = runs.iter().map(f).collect();
        v.sort();
        v.get(v.len() / 2).copied().unwrap_or_default()
    };
    Took {
        wall: mid(|t| t.wall),
        cpu: mid(|t| t.cpu),
    }
}

fn secs(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64())
}

/// Runs the comparison: `--build` alone for nexus and the CRM, `--build FILE` for one document;
/// `--runs N` rounds (3 by default).
pub fn run(file: Option<&str>, runs: usize) -> Result<(), String> {
    let root = crate::project_root();
    let base = root.join("target/bench-build");
    let docs = match file {
        Some(f) => vec![std::path::absolute(f).map_err(|e| format!("{f}: {e}"))?],
        None => default_documents(&root),
    };
    let mut subjects = Vec::new();
    for doc in &docs {
        subjects.push(ours(doc, &base)?);
        match progenitor(doc, &base) {
            Ok(s) => subjects.push(s),
            Err(why) => eprintln!("note: no progenitor crate for {}: {why}", stem(doc)),
        }
    }
    println!(
        "| document | crate | lines | profile | wall, median of {runs} (s) | CPU, median (s) | wall runs (s) | ours / progenitor, wall | CPU |"
    );
    println!("| --- | --- | ---: | --- | ---: | ---: | --- | ---: | ---: |");
    for release in [false, true] {
        let profile = if release { "release" } else { "debug" };
        let targets: Vec<PathBuf> = subjects
            .iter()
            .map(|s| base.join("target").join(s.dir.file_name().unwrap_or_default()))
            .collect();
        for (s, t) in subjects.iter().zip(&targets) {
            build(s, t, release, false)?;
        }
        let mut times = vec![Vec::new(); subjects.len()];
        for _ in 0..runs.max(1) {
            for (i, (s, t)) in subjects.iter().zip(&targets).enumerate() {
                times[i].push(build(s, t, release, true)?);
            }
        }
        let medians: Vec<Took> = times.iter().map(|t| median(t)).collect();
        for (i, s) in subjects.iter().enumerate() {
            print_row(s, profile, &times[i], medians[i], theirs(&subjects, &medians, s));
        }
    }
    Ok(())
}

/// Progenitor's median for the same document, for a row of ours.
fn theirs(subjects: &[Subject], medians: &[Took], s: &Subject) -> Option<Took> {
    if s.maker != "ours" {
        return None;
    }
    subjects
        .iter()
        .position(|o| o.document == s.document && o.maker != "ours")
        .map(|j| medians[j])
}

fn print_row(s: &Subject, profile: &str, runs: &[Took], median: Took, theirs: Option<Took>) {
    let ratio = |f: fn(&Took) -> Duration| {
        theirs.map_or_else(String::new, |t| {
            format!("**{:.2}**", f(&median).as_secs_f64() / f(&t).as_secs_f64())
        })
    };
    let all: Vec<String> = runs.iter().map(|t| secs(t.wall)).collect();
    println!(
        "| {} | {} | {} | {profile} | {} | {} | {} | {} | {} |",
        s.document,
        s.maker,
        lines(&s.dir),
        secs(median.wall),
        secs(median.cpu),
        all.join(", "),
        ratio(|t| t.wall),
        ratio(|t| t.cpu)
    );
}
