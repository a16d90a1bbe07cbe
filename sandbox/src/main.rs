//! `crm-sandbox`: serves the sandbox over HTTP. See the README for the flags.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use sandbox::{ClientAuth, Sandbox, Settings, config};
use shuyun_crm::server::ServerConfig;

const USAGE: &str = "\
crm-sandbox: a stateful sandbox of the Shuyun CRM open data service

USAGE: crm-sandbox [OPTIONS]

OPTIONS:
  --listen ADDR          address to serve on [default: 127.0.0.1:8080]
  --client-id ID         the accepted client_id header [env CRM_SANDBOX_CLIENT_ID; default: sandbox]
  --client-secret SECRET the accepted client_secret header [env CRM_SANDBOX_CLIENT_SECRET;
                         default: sandbox-secret]
  --read-only-client ID:SECRET
                         also accept this client, for operations that only read (GET); its
                         changes answer 403 (repeatable)
  --projects FILE        coupon projects, a JSON array of 7.2 projects
                         [default: the bundled fixtures/projects.json]
  --seed FILE            API calls run on a fresh state, a JSON array of {operation, request}
                         [default: the bundled fixtures/seed.json]
  --no-seed              start a fresh state empty
  --config FILE          settings as JSON: grades, pointAccount, countedOrderStatuses,
                         couponValidDays (see the README)
  --tiers LIST           the member grade tiers as NAME:THRESHOLD,... (e.g. 普卡:0,银卡:1000)
  --state FILE           load the state from FILE when it exists; save it there after changes
                         (at most every --save-interval) and on shutdown, atomically
  --save-interval MS     the least time between two saves [default: 500]
  --validate-responses   check every answer against the spec (a violation answers 500)
  --body-limit BYTES     the largest request body accepted [default: 2097152]
  -h, --help             this text

Logs go to stderr; set RUST_LOG (e.g. RUST_LOG=sandbox=debug) for more.";

struct Options {
    listen: SocketAddr,
    client_id: String,
    client_secret: String,
    read_only_clients: Vec<(String, String)>,
    projects: Option<PathBuf>,
    seed: Option<PathBuf>,
    no_seed: bool,
    config: Option<PathBuf>,
    tiers: Option<String>,
    state: Option<PathBuf>,
    save_interval: Duration,
    validate_responses: bool,
    body_limit: usize,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
        client_id: std::env::var("CRM_SANDBOX_CLIENT_ID").unwrap_or_else(|_| "sandbox".to_owned()),
        client_secret: std::env::var("CRM_SANDBOX_CLIENT_SECRET").unwrap_or_else(|_| "sandbox-secret".to_owned()),
        read_only_clients: Vec::new(),
        projects: None,
        seed: None,
        no_seed: false,
        config: None,
        tiers: None,
        state: None,
        save_interval: Duration::from_millis(500),
        validate_responses: false,
        body_limit: ServerConfig::default().body_limit,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            "--listen" => {
                options.listen = value()?.parse().map_err(|e| format!("--listen: {e}"))?;
            }
            "--client-id" => options.client_id = value()?,
            "--client-secret" => options.client_secret = value()?,
            "--read-only-client" => {
                let client = value()?;
                let (id, secret) = client
                    .split_once(':')
                    .filter(|(id, secret)| !id.is_empty() && !secret.is_empty())
                    .ok_or("--read-only-client: expected ID:SECRET")?;
                options.read_only_clients.push((id.to_owned(), secret.to_owned()));
            }
            "--projects" => options.projects = Some(value()?.into()),
            "--seed" => options.seed = Some(value()?.into()),
            "--no-seed" => options.no_seed = true,
            "--config" => options.config = Some(value()?.into()),
            "--tiers" => options.tiers = Some(value()?),
            "--state" => options.state = Some(value()?.into()),
            "--save-interval" => {
                let ms: u64 = value()?.parse().map_err(|e| format!("--save-interval: {e}"))?;
                options.save_interval = Duration::from_millis(ms);
            }
            "--validate-responses" => options.validate_responses = true,
            "--body-limit" => {
                options.body_limit = value()?.parse().map_err(|e| format!("--body-limit: {e}"))?;
            }
            other => return Err(format!("unknown argument `{other}` (see --help)")),
        }
    }
    if options.client_id.is_empty() || options.client_secret.is_empty() {
        return Err("the client id and secret must not be empty".to_owned());
    }
    Ok(options)
}

fn read(path: &PathBuf) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// Saves after changes, at most once per `interval`.
async fn persist(sandbox: Sandbox, path: PathBuf, interval: Duration, mut saved: u64) {
    loop {
        sandbox.changed().await;
        tokio::time::sleep(interval).await;
        if sandbox.generation() == saved {
            continue;
        }
        let (task_sandbox, task_path) = (sandbox.clone(), path.clone());
        match tokio::task::spawn_blocking(move || task_sandbox.save(&task_path)).await {
            Ok(Ok(generation)) => {
                saved = generation;
                tracing::debug!(path = %path.display(), generation, "state saved");
            }
            Ok(Err(e)) => tracing::error!(path = %path.display(), "cannot save the state: {e}"),
            Err(e) => tracing::error!("the save task failed: {e}"),
        }
    }
}

async fn run(options: Options) -> Result<(), String> {
    let mut settings = match &options.config {
        Some(path) => Settings::from_json(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))?,
        None => Settings::default(),
    };
    if let Some(tiers) = &options.tiers {
        settings = settings.with_tiers(tiers).map_err(|e| format!("--tiers: {e}"))?;
    }
    let projects = match &options.projects {
        Some(path) => config::parse_projects(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))?,
        None => config::parse_projects(config::DEFAULT_PROJECTS)?,
    };
    let loaded = match &options.state {
        Some(path) => {
            Sandbox::load(path, settings.clone(), &projects).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => None,
    };
    let sandbox = match loaded {
        Some(sandbox) => {
            tracing::info!(path = %options.state.as_deref().unwrap_or_else(|| std::path::Path::new("")).display(), "state loaded");
            sandbox
        }
        None => {
            let sandbox = Sandbox::new(settings, &projects);
            if !options.no_seed {
                let seed = match &options.seed {
                    Some(path) => config::parse_seed(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))?,
                    None => config::parse_seed(config::DEFAULT_SEED)?,
                };
                sandbox.seed(&seed).await?;
                tracing::info!(calls = seed.len(), "seeded");
            }
            sandbox
        }
    };
    let mut saver = None;
    if let Some(path) = &options.state {
        let generation = sandbox.save(path).map_err(|e| format!("{}: {e}", path.display()))?;
        saver = Some(tokio::spawn(persist(
            sandbox.clone(),
            path.clone(),
            options.save_interval,
            generation,
        )));
    }
    let server_config = ServerConfig {
        body_limit: options.body_limit,
        validate_responses: options.validate_responses,
        ..ServerConfig::default()
    };
    let auth = options.read_only_clients.into_iter().fold(
        ClientAuth::new(options.client_id.clone(), options.client_secret),
        |auth, (id, secret)| auth.with_client(id, secret, true),
    );
    let app = sandbox::app(sandbox.clone(), auth, server_config);
    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", options.listen))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(%address, client_id = %options.client_id, projects = projects.len(), "crm-sandbox listening");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    if let Some(saver) = saver {
        saver.abort();
    }
    if let Some(path) = &options.state {
        let generation = sandbox.save(path).map_err(|e| format!("{}: {e}", path.display()))?;
        tracing::info!(path = %path.display(), generation, "state saved");
    }
    Ok(())
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let options = match parse_args() {
        Ok(options) => options,
        Err(e) => {
            eprintln!("crm-sandbox: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("crm-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("crm-sandbox: {e}");
            ExitCode::FAILURE
        }
    }
}
