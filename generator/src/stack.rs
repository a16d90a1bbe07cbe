//! Room for recursion: documents nest as deep as the parsers allow (128 levels), and every
//! stage that follows a document's structure (parsing, reading, lowering, rendering types,
//! syn's parser) recurses with it. A caller's thread may have a small stack (2 MiB for a test
//! or a spawned thread), so the public entry points run their work on a thread of their own
//! with a stack that no input can exhaust, as rustc does for its own work.

use std::sync::Mutex;

/// The stack of a worker: far more than the deepest document needs in a debug build, and only
/// address space until it is touched.
pub(crate) const STACK_BYTES: usize = 256 * 1024 * 1024;

/// Runs `work` on a thread with [`STACK_BYTES`] of stack and returns its result; a panic in
/// `work` is resumed on the caller's thread. Where no thread can be started, `work` runs on
/// the caller's thread.
pub(crate) fn with_room<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    let slot = Mutex::new(Some(work));
    let take = || slot.lock().ok().and_then(|mut s| s.take());
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("generator".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || take().map(|work| work()));
        let done = match worker {
            Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        };
        match done {
            Some(result) => result,
            None => (take().expect("the work runs once: on the worker, or here when it did not start"))(),
        }
    })
}
