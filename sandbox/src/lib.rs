//! A stateful sandbox of the Shuyun CRM open data service.
//!
//! [`Sandbox`] implements every API trait of the generated crate (`shuyun_crm::api`) over
//! in-memory state: members and their channel bindings, points accounts with freezes, grades
//! computed from orders, orders and refunds, coupon projects and the coupon life cycle. Code
//! written against the traits runs against it in-process; [`app`] serves it over HTTP through
//! the generated router, so the generated `Client` (or anything else) can call it.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use sandbox::{ClientAuth, Sandbox};
//! let sandbox = Sandbox::with_defaults();
//! let app = sandbox::app(sandbox.clone(), ClientAuth::new("id", "secret"), Default::default());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, app).await
//! # }
//! ```

mod api;
mod auth;
pub mod config;
mod coupons;
pub mod error;
mod grades;
mod members;
mod orders;
mod persist;
mod points;
mod state;
pub mod time;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

pub use auth::{Caller, ClientAuth};
pub use config::{GradeAccount, SeedCall, Settings, Tier};
pub use error::{ErrorKind, SandboxError};
pub use persist::{LoadError, temporary as temporary_path, write_atomically};
use shuyun_crm::models::CouponProject;
use shuyun_crm::server::{ServerConfig, router};
pub use time::Clock;

use crate::state::State;

/// The sandbox: cheap to clone (clones share the state), safe to call from many tasks.
#[derive(Clone)]
pub struct Sandbox {
    inner: Arc<Inner>,
}

struct Inner {
    state: Mutex<State>,
    settings: Settings,
    clock: Clock,
    /// Bumped by every call that changed the state; what persistence watches.
    generation: AtomicU64,
    changed: tokio::sync::Notify,
    /// Held by a save from its snapshot to its rename: saves never interleave.
    saving: Mutex<()>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("generation", &self.generation())
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// An empty sandbox with these settings and coupon projects.
    ///
    /// # Panics
    ///
    /// When the settings fail [`Settings::check`] (no grade account, tiers that do not start
    /// at 0 or do not rise, ...): they are checked once here rather than on every request.
    pub fn new(settings: Settings, projects: &[CouponProject]) -> Self {
        let mut state = State::default();
        state.add_projects(projects);
        Self::from_state(state, settings)
    }

    /// An empty sandbox with the default settings and the projects of
    /// `fixtures/projects.json`.
    pub fn with_defaults() -> Self {
        Self::new(Settings::default(), &Self::default_projects())
    }

    /// The coupon projects shipped with the sandbox.
    pub fn default_projects() -> Vec<CouponProject> {
        config::parse_projects(config::DEFAULT_PROJECTS).unwrap_or_default()
    }

    fn from_state(mut state: State, settings: Settings) -> Self {
        if let Err(e) = settings.check() {
            panic!("invalid sandbox settings: {e}");
        }
        state.adapt(&settings);
        Self {
            inner: Arc::new(Inner {
                state: Mutex::new(state),
                settings,
                clock: Clock::default(),
                generation: AtomicU64::new(0),
                changed: tokio::sync::Notify::new(),
                saving: Mutex::new(()),
            }),
        }
    }

    /// The settings the sandbox runs with.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// The sandbox's clock (advance it to see points and coupons expire).
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// How many calls changed the state since the sandbox was made or loaded.
    pub fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::SeqCst)
    }

    /// Waits until a call changes the state (a change made while nobody waited wakes the
    /// next wait at once; meant for one watcher, such as the persistence task).
    pub async fn changed(&self) {
        self.inner.changed.notified().await;
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held cannot leave a half-applied change behind: every
        // change checks first and writes last. Carry on with the state as it is.
        self.inner
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs a read under the lock.
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&mut State, &Settings, time::Millis) -> error::Result<T>,
    ) -> error::Result<T> {
        let now = self.inner.clock.now();
        let mut state = self.lock();
        f(&mut state, &self.inner.settings, now)
    }

    /// Runs a change under the lock; a success counts as a change of the state.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&mut State, &Settings, time::Millis) -> error::Result<T>,
    ) -> error::Result<T> {
        let now = self.inner.clock.now();
        let result = {
            let mut state = self.lock();
            let result = f(&mut state, &self.inner.settings, now);
            if result.is_ok() {
                self.inner.generation.fetch_add(1, Ordering::SeqCst);
            }
            result
        };
        if result.is_ok() {
            self.inner.changed.notify_one();
        }
        result
    }

    /// The whole state as JSON (what [`Sandbox::save`] writes), with the generation it
    /// reflects.
    pub fn snapshot(&self) -> (u64, Vec<u8>) {
        let state = self.lock();
        let generation = self.generation();
        let snapshot = persist::Snapshot {
            format: persist::FORMAT,
            state: &state,
        };
        (generation, serde_json::to_vec(&snapshot).unwrap_or_default())
    }

    /// Saves the state to `path` atomically (written to `path.tmp`, synced, then renamed
    /// over `path`): a crash leaves the old file or the new one, never a torn one. Returns
    /// the generation saved. Saves of one sandbox are serialised, so two never write the same
    /// temporary file at once.
    pub fn save(&self, path: &Path) -> std::io::Result<u64> {
        let _saving = self
            .inner
            .saving
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (generation, bytes) = self.snapshot();
        write_atomically(path, &bytes)?;
        Ok(generation)
    }

    /// Loads a state saved by [`Sandbox::save`]; `Ok(None)` when `path` does not exist (panics
    /// as [`Sandbox::new`] does on invalid settings). Only
    /// `path` itself is read: a `path.tmp` left by a crash is never taken for the state.
    /// Coupon projects the state lacks are added from `projects`.
    pub fn load(path: &Path, settings: Settings, projects: &[CouponProject]) -> Result<Option<Self>, LoadError> {
        let Some(mut state) = persist::read(path)? else {
            return Ok(None);
        };
        state.add_projects(projects);
        Ok(Some(Self::from_state(state, settings)))
    }

    /// Runs seed calls (operationId + request JSON, as in `fixtures/seed.json`) through the
    /// API traits, in order; stops at the first that fails.
    pub async fn seed(&self, calls: &[SeedCall]) -> Result<(), String> {
        for (i, call) in calls.iter().enumerate() {
            api::dispatch(self, &call.operation, call.request.clone())
                .await
                .map_err(|e| format!("seed call #{i} ({}): {e}", call.operation))?;
        }
        Ok(())
    }
}

/// The base path of the spec's servers (UAT and PROD): the sandbox answers under it too, so a
/// client configured for the CRM needs only another host.
pub const BASE_PATH: &str = "/schm-shuyun-crm-papi";

/// The HTTP application: the generated router over the sandbox, checking credentials with
/// `auth`, served at `/` and under [`BASE_PATH`].
pub fn app(sandbox: Sandbox, auth: ClientAuth, config: ServerConfig) -> axum::Router {
    let api = router(sandbox, auth, config);
    axum::Router::new()
        .nest(BASE_PATH, api.clone())
        .merge(api)
        // The sandbox owns its host: unknown paths answer the CRM envelope's 404.
        .fallback(shuyun_crm::server::not_found)
        .layer(axum::middleware::from_fn(log_request))
}

async fn log_request(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    if status >= 500 {
        tracing::warn!(%method, %path, status, micros, "request failed");
    } else {
        tracing::debug!(%method, %path, status, micros, "request");
    }
    response
}
