//! Tidy test: every hand-written module opens with a `//!` line, and no function, impl block or file is over its size limit.
//!
//! The limits: a function at most 80 lines (120 for a test), an `impl` block at most 250 lines, a file at most 600 lines
//! outside its `#[cfg(test)]` items (test files are exempt from the file limit). A comment `// tidy: <reason>` on the
//! line directly above an item exempts it; as the second line of a file it exempts the file from the file limit.

use std::fmt;
use std::path::{Path, PathBuf};

use syn::spanned::Spanned;
use syn::visit::{self, Visit};

/// Longest non-test function, in lines from `fn` to its closing brace.
const FN_LIMIT: usize = 80;
/// Longest test function (`#[test]`, in a `#[cfg(test)]` module, or in a test file).
const TEST_FN_LIMIT: usize = 120;
/// Longest `impl` block.
const IMPL_LIMIT: usize = 250;
/// Longest file, counting only lines outside `#[cfg(test)]` items.
const FILE_LIMIT: usize = 600;

/// Directories (and files) of the hand-written crates, relative to the workspace root.
const ROOTS: &[&str] = &[
    "generator/src",
    "xtask/src",
    "runtime/src",
    "sandbox/src",
    "sandbox/tests",
    "benches/benches",
    "tests/lib.rs",
    "tests/tests",
];

/// One broken rule, at a line of a file.
#[derive(Debug, PartialEq)]
struct Violation {
    line: usize,
    what: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.what)
    }
}

/// Whether a path (relative, with `/` separators) is a test file: under a `tests/` directory or named `tests.rs`.
fn is_test_file(path: &str) -> bool {
    path.starts_with("tests/") || path.contains("/tests/") || path.ends_with("/tests.rs") || path == "tests.rs"
}

/// Whether attributes carry `#[cfg(test)]`.
fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .meta
                .require_list()
                .is_ok_and(|list| list.tokens.to_string() == "test")
    })
}

/// Whether attributes mark a test: `#[test]`, `#[tokio::test]` (any path ending in `test`) or `#[cfg(test)]`.
fn is_test_attr(attrs: &[syn::Attribute]) -> bool {
    let test = |attr: &syn::Attribute| {
        attr.path()
            .segments
            .last()
            .is_some_and(|segment| segment.ident == "test")
    };
    attrs.iter().any(test) || is_cfg_test(attrs)
}

/// First line of a node including its attributes (doc comments too), 1-based.
fn first_line(attrs: &[syn::Attribute], node: &impl Spanned) -> usize {
    let own = node.span().start().line;
    attrs
        .iter()
        .map(|attr| attr.span().start().line)
        .chain([own])
        .min()
        .unwrap_or(own)
}

/// Whether a line is a `// tidy: <reason>` comment with a non-empty reason.
fn is_tidy_comment(line: &str) -> bool {
    line.trim()
        .strip_prefix("// tidy:")
        .is_some_and(|reason| !reason.trim().is_empty())
}

/// Walks one file's syntax tree, collecting over-long functions and impl blocks.
struct Checker<'a> {
    lines: Vec<&'a str>,
    /// A test file gives every function the test limit.
    test_file: bool,
    /// Inside a test function or a `#[cfg(test)]` item.
    in_test: bool,
    found: Vec<Violation>,
}

impl<'a> Checker<'a> {
    fn new(source: &'a str, test_file: bool) -> Self {
        Checker {
            lines: source.lines().collect(),
            test_file,
            in_test: false,
            found: Vec::new(),
        }
    }

    /// Whether the line above `line` (1-based) is a `// tidy: <reason>` comment.
    fn exempt(&self, line: usize) -> bool {
        line >= 2 && self.lines.get(line - 2).is_some_and(|above| is_tidy_comment(above))
    }

    /// Checks a function whose `fn` keyword is on line `start` and whose body closes on line `end`.
    fn function(&mut self, sig: &syn::Signature, attrs: &[syn::Attribute], end: usize) {
        let start = sig.fn_token.span.start().line;
        let limit = if self.test_file || self.in_test || is_test_attr(attrs) {
            TEST_FN_LIMIT
        } else {
            FN_LIMIT
        };
        let lines = end + 1 - start;
        if lines > limit && !self.exempt(first_line(attrs, &sig.fn_token)) && !self.exempt(start) {
            let what = format!("fn {} is {lines} lines (limit {limit})", sig.ident);
            self.found.push(Violation { line: start, what });
        }
    }

    /// Visits children, inside test code if `test` or if already there.
    fn nested(&mut self, test: bool, visit: impl FnOnce(&mut Self)) {
        let outer = self.in_test;
        self.in_test |= test;
        visit(self);
        self.in_test = outer;
    }
}

impl<'ast> Visit<'ast> for Checker<'_> {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.function(&item.sig, &item.attrs, item.block.brace_token.span.close().end().line);
        self.nested(is_test_attr(&item.attrs), |this| visit::visit_item_fn(this, item));
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.function(&item.sig, &item.attrs, item.block.brace_token.span.close().end().line);
        self.nested(is_test_attr(&item.attrs), |this| visit::visit_impl_item_fn(this, item));
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        if let Some(block) = &item.default {
            self.function(&item.sig, &item.attrs, block.brace_token.span.close().end().line);
        }
        visit::visit_trait_item_fn(self, item);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        let start = item.impl_token.span.start().line;
        let lines = item.brace_token.span.close().end().line + 1 - start;
        if lines > IMPL_LIMIT && !self.exempt(first_line(&item.attrs, &item.impl_token)) && !self.exempt(start) {
            let what = format!("impl block is {lines} lines (limit {IMPL_LIMIT})");
            self.found.push(Violation { line: start, what });
        }
        self.nested(is_cfg_test(&item.attrs), |this| visit::visit_item_impl(this, item));
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.nested(is_cfg_test(&item.attrs), |this| visit::visit_item_mod(this, item));
    }
}

/// Attributes of a top-level item, if it has any.
fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(item) => &item.attrs,
        syn::Item::Enum(item) => &item.attrs,
        syn::Item::ExternCrate(item) => &item.attrs,
        syn::Item::Fn(item) => &item.attrs,
        syn::Item::ForeignMod(item) => &item.attrs,
        syn::Item::Impl(item) => &item.attrs,
        syn::Item::Macro(item) => &item.attrs,
        syn::Item::Mod(item) => &item.attrs,
        syn::Item::Static(item) => &item.attrs,
        syn::Item::Struct(item) => &item.attrs,
        syn::Item::Trait(item) => &item.attrs,
        syn::Item::TraitAlias(item) => &item.attrs,
        syn::Item::Type(item) => &item.attrs,
        syn::Item::Union(item) => &item.attrs,
        syn::Item::Use(item) => &item.attrs,
        _ => &[],
    }
}

/// Lines of a file outside its top-level `#[cfg(test)]` items.
fn counted_lines(source: &str, file: &syn::File) -> usize {
    let total = source.lines().count();
    let test_lines: usize = file
        .items
        .iter()
        .filter(|item| is_cfg_test(item_attrs(item)))
        .map(|item| item.span().end().line + 1 - first_line(item_attrs(item), item))
        .sum();
    total - test_lines
}

/// Every violation in one file's source; `path` is relative to the workspace root.
fn check_source(path: &str, source: &str) -> Vec<Violation> {
    let mut found = Vec::new();
    let lines: Vec<&str> = source.lines().collect();
    if !lines
        .first()
        .is_some_and(|first| first.starts_with("//!") && first.len() > "//! ".len())
    {
        found.push(Violation {
            line: 1,
            what: "module has no `//!` first line saying what it does".into(),
        });
    }
    let file = match syn::parse_file(source) {
        Ok(file) => file,
        Err(error) => {
            let line = error.span().start().line;
            found.push(Violation {
                line,
                what: format!("does not parse: {error}"),
            });
            return found;
        }
    };
    let test_file = is_test_file(path);
    let counted = counted_lines(source, &file);
    let file_exempt = lines.get(1).is_some_and(|second| is_tidy_comment(second));
    if !test_file && counted > FILE_LIMIT && !file_exempt {
        let what = format!("file is {counted} lines outside #[cfg(test)] (limit {FILE_LIMIT})");
        found.push(Violation { line: 1, what });
    }
    let mut checker = Checker::new(source, test_file);
    checker.visit_file(&file);
    found.extend(checker.found);
    found
}

/// Every `.rs` file under `dir`, skipping target and snapshot directories.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy();
        if path.is_dir() && !matches!(name.as_ref(), "target" | "snapshots" | "fixture-behaviour") {
            rust_files(&path, out);
        } else if path.is_file() && name.ends_with(".rs") {
            out.push(path);
        }
    }
}

#[test]
fn modules_say_what_they_do_and_stay_small() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    for dir in ROOTS {
        rust_files(&root.join(dir), &mut files);
    }
    let mut errors = Vec::new();
    for path in &files {
        let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        let source = std::fs::read_to_string(path).unwrap();
        for violation in check_source(&relative, &source) {
            errors.push(format!("{relative}:{violation}"));
        }
    }
    assert!(
        files.len() > 50,
        "found only {} files; are the roots right?",
        files.len()
    );
    assert!(
        errors.is_empty(),
        "{} tidy violations:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

/// Unit tests of the checker on inline sources.
mod checker {
    use super::*;

    /// A source with a doc line and a function of `body` lines between its braces.
    fn with_fn(body: usize) -> String {
        format!("//! A module.\nfn long() {{\n{}}}\n", "    let _ = 1;\n".repeat(body))
    }

    #[test]
    fn a_too_long_fn_is_caught() {
        assert!(check_source("src/a.rs", &with_fn(78)).is_empty());
        let found = check_source("src/a.rs", &with_fn(79));
        assert_eq!(
            found,
            [Violation {
                line: 2,
                what: "fn long is 81 lines (limit 80)".into()
            }]
        );
        assert!(
            check_source("tests/a.rs", &with_fn(79)).is_empty(),
            "test files have the test limit"
        );
    }

    #[test]
    fn a_tidy_comment_exempts_an_item() {
        let exempt = with_fn(100).replace("fn long", "// tidy: a table read top to bottom\nfn long");
        assert!(check_source("src/a.rs", &exempt).is_empty());
        let empty_reason = with_fn(100).replace("fn long", "// tidy:\nfn long");
        assert_eq!(check_source("src/a.rs", &empty_reason).len(), 1);
    }

    #[test]
    fn cfg_test_lines_do_not_count_toward_the_file_limit() {
        let tests = format!(
            "#[cfg(test)]\nmod tests {{\n{}}}\n",
            "    const A: u8 = 1;\n".repeat(700)
        );
        let source = format!("//! A module.\n{tests}");
        assert!(check_source("src/a.rs", &source).is_empty());
        let big = format!("//! A module.\n{}", "const A: u8 = 1;\n".repeat(600));
        assert_eq!(
            check_source("src/a.rs", &big)[0].what,
            "file is 601 lines outside #[cfg(test)] (limit 600)"
        );
        assert!(
            check_source("src/tests/a.rs", &big).is_empty(),
            "test files have no file limit"
        );
    }

    #[test]
    fn a_missing_module_doc_is_caught() {
        let found = check_source("src/a.rs", "/// Not a module doc.\nfn f() {}\n");
        assert_eq!(found[0].line, 1);
        assert!(found[0].what.contains("//!"));
    }

    #[test]
    fn fns_in_cfg_test_modules_have_the_test_limit() {
        let source = with_fn(100).replace("fn long", "#[cfg(test)]\nmod tests {\nfn long") + "}\n";
        assert!(check_source("src/a.rs", &source).is_empty());
    }
}
