//! Snapshots of every `tests/fixtures/*.yaml` (one hazard per file): the lowered IR and, apart
//! from it, the rendered code, so that analysis changes are reviewed apart from rendering
//! changes. Snapshots live in `tests/snapshots/fixtures/` as `ir@<file>` and `code@<file>`.
//! Every fixture also passes validation, and the crate generated from each one compiles.

mod common;

use std::path::Path;
use std::process::Command;

use xtask::project_root;

/// Runs `check` for every fixture, inside insta settings that put snapshots in
/// `tests/snapshots/fixtures/` under the names `<name>@<file>`.
fn each_fixture(check: impl FnMut(&Path)) {
    insta::with_settings!({
        snapshot_path => "../snapshots/fixtures",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::glob!("../fixtures", "*.yaml", check);
    });
}

#[test]
fn ir() {
    each_fixture(|path| {
        let spec = common::load(path);
        let api = common::lower(&spec);
        insta::assert_debug_snapshot!("ir", api);
    });
}

#[test]
fn code() {
    each_fixture(|path| {
        let spec = common::load(path);
        insta::assert_snapshot!("code", common::concat(&common::generate(&spec)));
    });
}

/// The fixtures are valid documents: validation finds neither errors nor warnings.
#[test]
fn fixtures_validate() {
    for (_, path) in common::fixtures() {
        let spec = common::load(&path);
        match generator::validate::validate_spec(&spec) {
            Ok(v) => assert!(
                v.warnings.is_empty(),
                "{}",
                v.warnings
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            Err(e) => panic!("{e}"),
        }
    }
}

/// Every fixture's standalone crate compiles without a warning (client and server), and the
/// behaviour tests of `tests/fixture-behaviour` pass against them. All crates are placed in one temporary workspace
/// (`target/fixture-crates/`) and checked by a single `cargo check` sharing
/// `target/fixture-target`, so repeated runs are incremental.
#[test]
fn generated_crates_compile() {
    let target = project_root().join("target");
    let root = target.join("fixture-crates");
    std::fs::create_dir_all(&root).unwrap();
    let mut members = Vec::new();
    let recovered = common::recovered_fixtures();
    for (name, path) in common::fixtures().into_iter().chain(recovered.clone()) {
        let spec = common::load(&path);
        let dir = root.join(&name);
        let mut config = common::config(&spec);
        // Recovered fixtures share titles; their packages are named after their files.
        if recovered.iter().any(|(n, _)| *n == name) {
            config.crate_name = Some(name.clone());
        }
        let files = generator::generate_crate(&spec, &config).unwrap_or_else(|e| panic!("{}: {e}", spec.file));
        for (rel, text) in files {
            let text = if rel == "Cargo.toml" {
                strip_workspace_table(&text)
            } else {
                text
            };
            write_if_changed(&dir.join(rel), &text);
        }
        members.push(name);
    }
    // Crates of fixtures that no longer exist would linger as non-members; remove them.
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && !path.ends_with(BEHAVIOUR) && !members.iter().any(|m| path.ends_with(m)) {
            std::fs::remove_dir_all(&path).unwrap();
        }
    }
    // The behaviour tests of generated crates (`tests/fixture-behaviour`) join the workspace.
    copy_behaviour_tests(&root.join(BEHAVIOUR));
    let manifest = format!(
        "# Written by tests/tests/fixtures.rs: every fixture's generated crate, checked at once.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\n{}    {BEHAVIOUR:?},\n]\n\n\
         # Checked and tested, never debugged: no debug info to make or link.\n\
         [profile.dev]\ndebug = false\n",
        members.iter().map(|m| format!("    {m:?},\n")).collect::<String>()
    );
    write_if_changed(&root.join("Cargo.toml"), &manifest);
    // Start from the project's lock file: same dependency versions, available offline.
    let lock = root.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(project_root().join("Cargo.lock"), &lock).unwrap();
    }

    let cargo = |args: &[&str], offline: bool| {
        let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cmd.current_dir(&root)
            .args(args)
            .args(["--quiet", "--manifest-path"])
            .arg(root.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", target.join("fixture-target"))
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_BUILD_RUSTFLAGS");
        if offline {
            cmd.arg("--offline");
        }
        cmd.output().expect("cargo runs")
    };
    let check = ["check", "--workspace", "--all-targets", "--all-features"];
    let mut out = cargo(&check, true);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if !out.status.success() && stderr.contains("offline") {
        // A dependency is missing from the local cache: fetch it once.
        out = cargo(&check, false);
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "cargo check of the fixtures' generated crates (in {}) failed:\n{stderr}",
        root.display()
    );
    assert!(
        stderr.trim().is_empty(),
        "cargo check of the fixtures' generated crates (in {}) warned:\n{stderr}",
        root.display()
    );
    // Each side alone, as a consumer builds it: nothing the other side uses may be left unused.
    for side in ["client", "server"] {
        let args = [
            "check",
            "--workspace",
            "--lib",
            "--exclude",
            BEHAVIOUR,
            "--no-default-features",
            "--features",
            side,
        ];
        let out = cargo(&args, true);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stderr.trim().is_empty(),
            "cargo check of the fixtures' generated crates with only the {side} feature (in {}):\n{stderr}",
            root.display()
        );
    }
    // What the generated code does, not only that it compiles.
    let out = cargo(&["test", "-p", BEHAVIOUR], true);
    assert!(
        out.status.success(),
        "the behaviour tests of generated crates (in {}) failed:\n{}{}",
        root.join(BEHAVIOUR).display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The package of behaviour tests, `tests/fixture-behaviour`, inside the fixture workspace.
const BEHAVIOUR: &str = "fixture-behaviour";

/// Removes the `[workspace]` table a generated manifest carries to stand alone, so the crate
/// can be a member of the temporary workspace.
fn strip_workspace_table(manifest: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in manifest.lines() {
        let header = line.trim_start().starts_with('[');
        if header {
            skipping = line.trim() == "[workspace]";
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(
        out.len() < manifest.len() || !manifest.contains("[workspace]"),
        "no [workspace] table removed from:\n{manifest}"
    );
    out
}

/// Writes only when the content differs, so cargo's fingerprints stay fresh between runs.
/// Copies every file of `tests/fixture-behaviour` to `into`, so that a new test file cannot be
/// left out silently.
fn copy_behaviour_tests(into: &Path) {
    let behaviour = project_root().join("tests/fixture-behaviour");
    let mut todo = vec![behaviour.clone()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap();
                write_if_changed(&into.join(path.strip_prefix(&behaviour).unwrap()), &text);
            }
        }
    }
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() == Some(text) {
        return;
    }
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}
