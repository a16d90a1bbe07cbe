//! `cargo xtask bench`: the whole pipeline, file to formatted files in memory, per stage, for
//! the CRM spec and the corpus; and peak memory per document (each run in its own process).
//! Run in release: `cargo run --release -p xtask -- bench`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use generator::Config;

mod build;

/// Stage timings of one document (the best of `runs` runs, to damp the noise of a shared machine).
#[derive(Debug, Clone, Default)]
pub struct Timing {
    pub load: Duration,
    pub validate: Duration,
    pub lower: Duration,
    pub render: Duration,
    pub format: Duration,
    pub operations: usize,
    pub lines: usize,
}

impl Timing {
    pub fn total(&self) -> Duration {
        self.load + self.validate + self.lower + self.render + self.format
    }
}

/// Runs the pipeline stage by stage on `text`, `runs` times, keeping each stage's best time.
pub fn time_pipeline(label: &str, text: &str, runs: usize) -> Result<Timing, String> {
    let mut best: Option<Timing> = None;
    for _ in 0..runs.max(1) {
        let t0 = Instant::now();
        let spec = generator::load_spec(label, text).map_err(|e| e.to_string())?;
        let t1 = Instant::now();
        generator::validate::validate_spec(&spec).map_err(|e| e.to_string())?;
        let t2 = Instant::now();
        let api = generator::lower::lower_api(&spec).map_err(|e| e.to_string())?;
        let t3 = Instant::now();
        let rendered = generator::render::render_api(&api).map_err(|e| e.to_string())?;
        let t4 = Instant::now();
        let operations = api.operations.len();
        let header = Config::new(label).header();
        // What `generator::generate` does: the spec and IR are not needed once rendered.
        drop(api);
        drop(spec);
        let formatted = generator::emit::format_files(&rendered, &header).map_err(|e| e.to_string())?;
        let lines = formatted.iter().map(|f| f.lines().count()).sum();
        let t5 = Instant::now();
        let run = Timing {
            load: t1 - t0,
            validate: t2 - t1,
            lower: t3 - t2,
            render: t4 - t3,
            format: t5 - t4,
            operations,
            lines,
        };
        best = Some(match best {
            None => run,
            Some(b) => Timing {
                load: b.load.min(run.load),
                validate: b.validate.min(run.validate),
                lower: b.lower.min(run.lower),
                render: b.render.min(run.render),
                format: b.format.min(run.format),
                ..run
            },
        });
    }
    best.ok_or_else(|| "no run".into())
}

/// Peak resident memory of this process so far, in MiB (Linux `VmHWM`).
pub fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// `cargo xtask bench [--runs N] [--one FILE] [--build [FILE]]`: with `--one`, times one
/// document and prints one row including this process's peak memory (the parent runs each
/// document this way); with `--build`, the build time of generated crates against progenitor's.
pub fn run(args: &[String]) -> Result<(), String> {
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1));
    let runs: usize = value("--runs").and_then(|r| r.parse().ok()).unwrap_or(3);
    if args.iter().any(|a| a == "--build") {
        let file = value("--build").filter(|f| !f.starts_with("--"));
        return build::run(file.map(String::as_str), runs);
    }
    if let Some(file) = value("--one") {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
        let name = Path::new(file)
            .file_name()
            .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
        let t = time_pipeline(&name, &text, runs)?;
        let per_op = t.total().as_secs_f64() * 1000.0 / t.operations.max(1) as f64;
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | **{}** | {per_op:.2} | {} | {:.0} |",
            text.len(),
            t.operations,
            ms(t.load),
            ms(t.validate),
            ms(t.lower),
            ms(t.render),
            ms(t.format),
            ms(t.total()),
            t.lines,
            peak_memory_mib().unwrap_or(f64::NAN)
        );
        return Ok(());
    }
    if cfg!(debug_assertions) {
        eprintln!("note: a debug build; run `cargo run --release -p xtask -- bench` for real figures");
    }
    let mut docs: Vec<PathBuf> = vec![crate::project_root().join(crate::SPEC_PATH)];
    let corpus = crate::corpus::corpus_dir(None).map_err(|e| e.to_string())?;
    let mut entries = crate::corpus::list_documents(&corpus).map_err(|e| e.to_string())?;
    entries.sort_by_key(|d| d.bytes);
    docs.extend(entries.into_iter().map(|d| d.path));
    println!(
        "| document | bytes | operations | load ms | validate ms | lower ms | render ms | format ms | total ms | ms/operation | lines | peak MiB |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    for doc in docs {
        let out = std::process::Command::new(&exe)
            .args(["bench", "--runs", &runs.to_string(), "--one"])
            .arg(&doc)
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            print!("{}", String::from_utf8_lossy(&out.stdout));
        } else {
            println!(
                "| {} | failed: {} |",
                doc.display(),
                String::from_utf8_lossy(&out.stderr).lines().next().unwrap_or("")
            );
        }
    }
    Ok(())
}
