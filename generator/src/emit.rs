//! Format: rendered source to `syn::File` to prettyplease, then the `@generated` header (added
//! after formatting, since prettyplease drops `//` comments).

use std::fmt;

use crate::render::Rendered;

/// A template produced text that is not Rust: a generator bug, reported with the template and
/// the line of the rendered text, never written out.
#[derive(Debug, thiserror::Error)]
pub struct EmitError {
    pub template: String,
    /// First line of the item that does not parse.
    pub line: usize,
    pub message: String,
    /// The first lines of that item.
    pub excerpt: String,
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "template {} rendered invalid Rust in the item at line {}: {}\n  | {}",
            self.template, self.line, self.message, self.excerpt
        )
    }
}

/// The line templates put before each top-level item they loop over: a `//` comment, so syn
/// ignores it, and a safe place to cut a file into chunks that parse on their own.
pub const ITEM_MARKER: &str = "\n// @item\n";

/// Parses and pretty-prints one rendered file, prefixed with `header` (each line a `//` comment).
pub fn format_file(rendered: &Rendered, header: &str) -> Result<String, EmitError> {
    format_files(std::slice::from_ref(rendered), header).map(|mut files| files.remove(0))
}

/// Bytes of rendered text per chunk: small enough that the syntax trees alive at once (one
/// per core) stay small next to the output, large enough that handing out chunks costs
/// nothing measurable.
const CHUNK_BYTES: usize = 128 * 1024;

/// [`format_file`] for many files at once, in order. Every file is cut at [`ITEM_MARKER`]s into
/// chunks of about [`CHUNK_BYTES`]; one worker per core takes the next chunk of any file, so
/// small files format beside big ones, then each file's chunks are joined in order. Parsing is
/// most of the pipeline's time.
pub fn format_files(rendered: &[Rendered], header: &str) -> Result<Vec<String>, EmitError> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    format_with(rendered, header, threads, CHUNK_BYTES)
}

/// [`format_files`] with a given number of workers and chunk size; the output depends on neither.
fn format_with(
    rendered: &[Rendered],
    header: &str,
    threads: usize,
    chunk_bytes: usize,
) -> Result<Vec<String>, EmitError> {
    let jobs: Vec<(usize, usize, &str)> = rendered
        .iter()
        .enumerate()
        .flat_map(|(file, r)| {
            let source = r.source.as_str();
            chunk(source, source.len().div_ceil(chunk_bytes.max(1)))
                .into_iter()
                .map(move |(lines_before, text)| (file, lines_before, text))
        })
        .collect();
    let run = |&(file, lines_before, text): &(usize, usize, &str)| format_chunk(&rendered[file], text, lines_before);
    let outputs: Vec<Result<String, EmitError>> = if threads <= 1 || jobs.len() <= 1 {
        jobs.iter().map(run).collect()
    } else {
        let next = std::sync::atomic::AtomicUsize::new(0);
        type Done = Vec<(usize, Result<String, EmitError>)>;
        let done: Option<Vec<Done>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads.min(jobs.len()))
                .map(|_| {
                    // Deeply nested types make deep syntax trees: room for syn's recursion.
                    std::thread::Builder::new()
                        .stack_size(crate::stack::STACK_BYTES)
                        .spawn_scoped(scope, || {
                            let mut mine = Vec::new();
                            loop {
                                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                let Some(job) = jobs.get(i) else { break mine };
                                mine.push((i, run(job)));
                            }
                        })
                })
                .collect();
            // A worker that did not start, or panicked, loses its chunks.
            workers.into_iter().map(|w| w.ok()?.join().ok()).collect()
        });
        // A panic in syn or prettyplease loses that worker's chunks: report it, never guess.
        let Some(done) = done else {
            return Err(panicked(&rendered[0]));
        };
        let mut done: Vec<_> = done.into_iter().flatten().collect();
        done.sort_by_key(|(i, _)| *i);
        done.into_iter().map(|(_, r)| r).collect()
    };
    let mut files: Vec<String> = rendered.iter().map(|_| format!("{header}\n")).collect();
    let mut started = vec![false; rendered.len()];
    for ((file, _, _), part) in jobs.iter().zip(outputs) {
        let part = part?;
        if started[*file] && !part.is_empty() {
            files[*file].push('\n');
        }
        started[*file] = true;
        files[*file].push_str(&part);
    }
    Ok(files)
}

/// Cuts `source` at item markers into at most `n` chunks of similar size, each with the number
/// of lines before it (for error positions).
fn chunk(source: &str, n: usize) -> Vec<(usize, &str)> {
    let target = source.len() / n.max(1) + 1;
    let mut out = Vec::new();
    let mut start = 0;
    let mut lines_before = 0;
    while start < source.len() {
        let cut = if out.len() + 1 >= n {
            None
        } else {
            // Search from the first character boundary at or after the target size.
            let mut from = (start + target).min(source.len());
            while !source.is_char_boundary(from) {
                from += 1;
            }
            source[from..].find(ITEM_MARKER).map(|i| from + i + 1)
        };
        let end = cut.unwrap_or(source.len());
        out.push((lines_before, &source[start..end]));
        lines_before += source[start..end].matches('\n').count();
        start = end;
    }
    if out.is_empty() {
        out.push((0, source));
    }
    out
}

fn format_chunk(rendered: &Rendered, text: &str, lines_before: usize) -> Result<String, EmitError> {
    let file = syn::parse_file(text).map_err(|e| {
        let (line, excerpt) = locate(text);
        EmitError {
            template: rendered.template.to_owned(),
            line: lines_before + line,
            message: e.to_string(),
            excerpt,
        }
    })?;
    Ok(unparse_spaced(file))
}

/// The first line of the first item of `text` that does not parse on its own, and that item's
/// first lines. proc-macro2 is built without `span-locations` (tracking positions makes
/// parsing the whole output about a fifth slower and keeps every parsed text in memory), so
/// syn's error carries no position; items between markers parse alone, which finds the place.
fn locate(text: &str) -> (usize, String) {
    let mut line = 1;
    for item in text.split_inclusive(ITEM_MARKER) {
        if syn::parse_file(item).is_err() {
            let code = |l: &&str| !l.trim().is_empty() && *l != ITEM_MARKER.trim();
            let skipped = item.lines().take_while(|l| !code(l)).count();
            let excerpt: Vec<&str> = item.lines().filter(code).take(3).collect();
            return (line + skipped, excerpt.join("\n  | "));
        }
        line += item.matches('\n').count();
    }
    (1, text.lines().next().unwrap_or_default().to_owned())
}

fn panicked(rendered: &Rendered) -> EmitError {
    EmitError {
        template: rendered.template.to_owned(),
        line: 0,
        message: "formatting panicked".into(),
        excerpt: String::new(),
    }
}

/// prettyplease without blank lines between top-level items is hard to read in a diff;
/// print the file's inner attributes, then each item, one blank line apart.
fn unparse_spaced(mut file: syn::File) -> String {
    let items = std::mem::take(&mut file.items);
    let mut parts = Vec::with_capacity(items.len() + 1);
    if !file.attrs.is_empty() {
        parts.push(prettyplease::unparse(&file));
    }
    file.attrs.clear();
    file.shebang = None;
    for item in items {
        file.items = vec![item];
        parts.push(prettyplease::unparse(&file));
    }
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_output_names_template_and_line() {
        let rendered = Rendered {
            path: "x.rs".into(),
            template: "partials/struct.rs",
            source: "pub struct A {\n    a: u8\n    b: u8,\n}\n".into(),
        };
        let err = format_file(&rendered, "// h").unwrap_err();
        assert_eq!((err.template.as_str(), err.line), ("partials/struct.rs", 1), "{err}");
        assert!(err.to_string().contains("b: u8"), "{err}");
    }

    #[test]
    fn chunks_cut_at_item_markers_and_keep_line_numbers() {
        let source = "//! doc\n// @item\npub struct A;\n// @item\npub struct B {\n    x: u8\n    y: u8,\n}\n// @item\npub struct C;\n";
        let chunks = chunk(source, 3);
        assert!(chunks.len() > 1, "{chunks:?}");
        assert_eq!(chunks.iter().map(|(_, t)| *t).collect::<String>(), source);
        let rendered = Rendered {
            path: "x.rs".into(),
            template: "t.rs",
            source: source.into(),
        };
        let err = format_file(&rendered, "// h").unwrap_err();
        assert_eq!(
            (err.line, err.excerpt.as_str()),
            (5, "pub struct B {\n  |     x: u8\n  |     y: u8,"),
            "{err}"
        );
        let fixed = Rendered {
            source: source.replace("x: u8\n", "x: u8,\n"),
            ..rendered
        };
        let out = format_file(&fixed, "// h").unwrap();
        assert_eq!(
            out,
            "// h\n//! doc\n\npub struct A;\n\npub struct B {\n    x: u8,\n    y: u8,\n}\n\npub struct C;\n"
        );
        let other = Rendered {
            path: "y.rs".into(),
            template: "t.rs",
            source: "pub struct D;\n// @item\npub struct E;\n".into(),
        };
        let both = [fixed, other];
        let expected = format_with(&both, "// h", 1, usize::MAX).unwrap();
        assert_eq!(expected[0], out);
        assert_eq!(expected[1], "// h\npub struct D;\n\npub struct E;\n");
        for threads in 1..=4 {
            for chunk_bytes in [1, 10, 30, 1000] {
                assert_eq!(
                    format_with(&both, "// h", threads, chunk_bytes).unwrap(),
                    expected,
                    "{threads} workers, {chunk_bytes} bytes"
                );
            }
        }
    }

    #[test]
    fn chunks_never_cut_inside_a_character() {
        let source = format!("/// {}\npub struct A;\n// @item\npub struct B;\n", "会".repeat(301));
        for n in 1..=6 {
            let chunks = chunk(&source, n);
            assert_eq!(chunks.iter().map(|(_, t)| *t).collect::<String>(), source, "{n} chunks");
        }
    }

    #[test]
    fn formats_and_prefixes_the_header() {
        let rendered = Rendered {
            path: "x.rs".into(),
            template: "t",
            source: "pub struct   A{a:u8}".into(),
        };
        assert_eq!(
            format_file(&rendered, "// h").unwrap(),
            "// h\npub struct A {\n    a: u8,\n}\n"
        );
    }
}
