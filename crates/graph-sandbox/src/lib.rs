//! A strict local stand-in for the parts of Meta's Graph/Marketing API that Adwright uses,
//! including the generative creative features. See the crate README for the rules.
//!
//! ```no_run
//! # async fn demo() -> Result<(), graph_sandbox::SandboxError> {
//! let sandbox = graph_sandbox::Sandbox::start(graph_sandbox::SandboxConfig::default()).await?;
//! let url = format!("{}/v25.0/me?access_token={}", sandbox.base_url, sandbox.seed.access_token);
//! # let _ = url;
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```

pub mod errors;
pub mod faults;
pub mod generative;
pub mod graph;
pub mod persist;
pub mod pixels;
pub mod render;
pub mod routes;
pub mod seed;
pub mod server;
pub mod state;
pub mod usage;
pub mod vocab;
pub mod wire;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::{Fault, FaultControl, FaultKind};
pub use seed::SeedInfo;
pub use usage::RateLimits;

/// How to run a sandbox.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Address to listen on; port 0 picks a free one.
    pub listen: SocketAddr,
    /// Load the world from / save it to this file.
    pub state_file: Option<PathBuf>,
    /// Added to every HTTP request.
    pub latency: Duration,
    /// Polls of a transformation preview answered `pending` before `eligible`.
    pub pending_polls: u32,
    pub rate_limits: RateLimits,
    /// Faults active from the start (more can be added through `RunningSandbox::faults`).
    pub faults: Vec<Fault>,
    /// The seeded app's secret, for `appsecret_proof`.
    pub app_secret: String,
    /// Require `appsecret_proof` on every call.
    pub require_appsecret_proof: bool,
    /// The address clients reach the sandbox at when a proxy stands in front of it (the
    /// preview iframes and image URLs point there); `None`: the listen address. Like a server
    /// behind a reverse proxy: Meta's own links name its public hosts, not its back ends.
    pub public_url: Option<String>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            state_file: None,
            latency: Duration::ZERO,
            pending_polls: 2,
            rate_limits: RateLimits::default(),
            faults: Vec::new(),
            app_secret: "sandbox-app-secret".into(),
            require_appsecret_proof: false,
            public_url: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    State(#[from] persist::PersistError),
}

/// A sandbox serving on `base_url` (e.g. `http://127.0.0.1:41234`, no version, no slash).
pub struct RunningSandbox {
    /// Where clients reach it: `public_url` when one was configured, else `listen_url`.
    pub base_url: String,
    /// The address it listens on (what a proxy in front of it forwards to).
    pub listen_url: String,
    pub seed: SeedInfo,
    /// Switch faults on and off at run time.
    pub faults: FaultControl,
    server: Arc<server::Server>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningSandbox {
    /// `base_url` plus a version, e.g. `graph_url("v25.0")`.
    pub fn graph_url(&self, version: &str) -> String {
        format!("{}/{version}", self.base_url)
    }

    /// Runs `f` on the world (for test setup or inspection).
    pub fn with_world<R>(&self, f: impl FnOnce(&mut state::World) -> R) -> R {
        let mut world = self.server.core.world.lock().expect("world lock poisoned");
        f(&mut world)
    }

    /// Stops accepting connections and waits for the accept loop to end.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Serves until the process ends (for the binary).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

pub struct Sandbox;

impl Sandbox {
    /// Seeds (or loads) the world and starts serving on `config.listen`.
    pub async fn start(config: SandboxConfig) -> Result<RunningSandbox, SandboxError> {
        let listener =
            TcpListener::bind(config.listen)
                .await
                .map_err(|source| SandboxError::Listen {
                    addr: config.listen,
                    source,
                })?;
        let addr = listener
            .local_addr()
            .map_err(|source| SandboxError::Listen {
                addr: config.listen,
                source,
            })?;
        let listen_url = format!("http://{addr}");
        let base_url = config
            .public_url
            .as_deref()
            .map(|u| u.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| listen_url.clone());

        let loaded = match &config.state_file {
            Some(path) => persist::load(path)?,
            None => None,
        };
        let (world, seed, saved_seed) = match loaded {
            Some(file) => {
                let mut world = file.world;
                let seed = seed::info_from_saved(&mut world, &file.seed);
                (world, seed, file.seed)
            }
            None => {
                let (world, seed) = seed::seed_world(&config.app_secret);
                let saved = seed::SavedSeed::without_tokens(&seed);
                (world, seed, saved)
            }
        };

        let faults = FaultControl::default();
        for f in &config.faults {
            faults.inject(f.clone());
        }
        let options = graph::CoreOptions {
            pending_polls: config.pending_polls,
            require_appsecret_proof: config.require_appsecret_proof,
            rate_limits: config.rate_limits.clone(),
        };
        let server = Arc::new(server::Server {
            core: graph::Core::new(world, base_url.clone(), options, faults.clone()),
            latency: config.latency,
            state_file: config.state_file.clone(),
            saved_seed,
        });
        if config.state_file.is_some() {
            // Save right away so the freshly minted tokens' hashes are on disk.
            let world = server.core.world.lock().expect("world lock poisoned");
            if let Some(path) = &server.state_file {
                persist::save(path, &server.saved_seed, &world)?;
            }
        }

        let (stop, mut stopped) = oneshot::channel();
        let accept_server = server.clone();
        let task = tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    accepted = listener.accept() => {
                        let Ok((stream, _)) = accepted else { continue };
                        let server = accept_server.clone();
                        tokio::spawn(async move {
                            let service = service_fn(move |req| server.clone().handle(req));
                            // An Err from the service (fault injection) closes the connection
                            // without a reply, which is the point.
                            let _ = http1::Builder::new().keep_alive(true).serve_connection(TokioIo::new(stream), service).await;
                        });
                    }
                }
            }
        });
        Ok(RunningSandbox {
            base_url,
            listen_url,
            seed,
            faults,
            server,
            stop: Some(stop),
            task: Some(task),
        })
    }
}
