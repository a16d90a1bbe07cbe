//! The test double of a server: every operation answers with a closure, or 501.

use super::{ErrorBody, ErrorResponse, ProblemKind, current_problem_uri};

/// A boxed future that can cross threads: what a dyn-compatible trait's methods return.
pub type BoxFuture<'a, T> = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = T> + Send + 'a>>;

/// One operation's answer in a [`Stub`].
type StubAnswer<Req, Resp, B> =
    ::std::sync::Arc<dyn Fn(Req) -> BoxFuture<'static, Result<Resp, ErrorResponse<B>>> + Send + Sync>;

/// A call a [`Stub`] received: the operation and its request.
pub struct Call {
    operation: &'static str,
    request: Box<dyn ::std::any::Any + Send + Sync>,
}

impl Call {
    /// The operationId called.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The request, if it is an `R` (the operation's request type).
    pub fn request<R: 'static>(&self) -> Option<&R> {
        self.request.downcast_ref()
    }
}

impl ::std::fmt::Debug for Call {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Call")
            .field("operation", &self.operation)
            .finish_non_exhaustive()
    }
}

/// A test double of every API trait: each operation answers with the closure given for it
/// (the generated `on_*` methods), any other answers 501 in the error body, and every call is
/// recorded with its request.
///
/// A stub rather than default methods on the traits: the HTTP client and real implementations
/// share the traits, and a real implementation that forgot an operation should fail to
/// compile, not answer 501 in production.
pub struct Stub<B> {
    answers: ::std::collections::HashMap<&'static str, Box<dyn ::std::any::Any + Send + Sync>>,
    calls: ::std::sync::Mutex<Vec<Call>>,
    body: ::std::marker::PhantomData<fn() -> B>,
}

impl<B> Default for Stub<B> {
    fn default() -> Self {
        Self {
            answers: ::std::collections::HashMap::new(),
            calls: ::std::sync::Mutex::new(Vec::new()),
            body: ::std::marker::PhantomData,
        }
    }
}

impl<B> ::std::fmt::Debug for Stub<B> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        let mut stubbed: Vec<_> = self.answers.keys().collect();
        stubbed.sort();
        let calls = self.calls.lock().unwrap_or_else(::std::sync::PoisonError::into_inner);
        let calls: Vec<_> = calls.iter().map(|c| c.operation).collect();
        f.debug_struct("Stub")
            .field("stubbed", &stubbed)
            .field("calls", &calls)
            .finish()
    }
}

impl<B: ErrorBody> Stub<B> {
    /// A stub that answers every operation 501.
    pub fn new() -> Self {
        Self::default()
    }

    /// Answers `operation` with `answer`, replacing an earlier answer. The generated `on_*`
    /// methods name the operation and its types for you; a closure of the wrong types for the
    /// operation is never called (the operation answers 501).
    pub fn on<Req: 'static, Resp: 'static, F, Fut>(mut self, operation: &'static str, answer: F) -> Self
    where
        F: Fn(Req) -> Fut + Send + Sync + 'static,
        Fut: ::std::future::Future<Output = Result<Resp, ErrorResponse<B>>> + Send + 'static,
    {
        let answer: StubAnswer<Req, Resp, B> = ::std::sync::Arc::new(move |request| Box::pin(answer(request)));
        self.answers.insert(operation, Box::new(answer));
        self
    }

    /// Records a call and answers it (what the generated trait implementations call).
    pub fn answer<Req: Clone + Send + Sync + 'static, Resp: 'static>(
        &self,
        operation: &'static str,
        path: &'static str,
        request: Req,
    ) -> impl ::std::future::Future<Output = Result<Resp, ErrorResponse<B>>> + Send + 'static {
        self.calls
            .lock()
            .unwrap_or_else(::std::sync::PoisonError::into_inner)
            .push(Call {
                operation,
                request: Box::new(request.clone()),
            });
        let answer = self
            .answers
            .get(operation)
            .and_then(|a| a.downcast_ref::<StubAnswer<Req, Resp, B>>())
            .cloned();
        async move {
            match answer {
                Some(answer) => answer(request).await,
                None => {
                    let message = format!("the stub has no answer for `{operation}`");
                    Err(ErrorResponse::new(
                        ProblemKind::NotImplemented,
                        message,
                        &current_problem_uri(path),
                    ))
                }
            }
        }
    }

    /// The operations called, in order.
    pub fn calls(&self) -> Vec<&'static str> {
        self.calls
            .lock()
            .unwrap_or_else(::std::sync::PoisonError::into_inner)
            .iter()
            .map(|c| c.operation)
            .collect()
    }

    /// The requests of type `R` received, in order (`R` names the operation).
    pub fn requests<R: Clone + 'static>(&self) -> Vec<R> {
        self.calls
            .lock()
            .unwrap_or_else(::std::sync::PoisonError::into_inner)
            .iter()
            .filter_map(|c| c.request::<R>().cloned())
            .collect()
    }

    /// Every call received so far, and forgets them.
    pub fn take_calls(&self) -> Vec<Call> {
        ::std::mem::take(&mut *self.calls.lock().unwrap_or_else(::std::sync::PoisonError::into_inner))
    }
}
