//! Fixture replay: recorded HTTP interactions served from a local wiremock server.
//!
//! A scenario folder (`fixtures/<provider>/<scenario>/`, format in the workspace's
//! `fixtures/README.md`) holds one JSON file per interaction. [`Replay`] mounts them in
//! file-name order on a [`MockServer`] bound to 127.0.0.1; the first interaction that
//! matches a request and is not used up answers it. A request nothing matches gets
//! status 599 from a lowest-priority catch-all, with a body naming the request, and is
//! reported by [`Replay::assert_all_used`].

mod fixture;
mod matcher;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use cloud_core::ProviderConfig;
use url::Url;
use wiremock::{Mock, MockServer};

use crate::guard;
use fixture::Interaction;
use matcher::{AnyRequest, Entry, InteractionMatcher, Log, Unmatched};

pub use matcher::UNMATCHED_STATUS;

/// Priority of the catch-all: the lowest wiremock has, so every interaction and every
/// extra mock mounted on [`Replay::server`] is tried first.
const CATCH_ALL_PRIORITY: u8 = u8::MAX;

/// The libcloud-rs workspace's `fixtures/` folder, next to this crate's source. A driver
/// crate of its own (built against the published `cloud-test`) keeps its fixtures in its
/// own tree and replays them with [`Replay::start_dir`].
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("..")
        .join("fixtures")
}

/// What one mounted interaction needs for reports.
#[derive(Debug)]
struct Mounted {
    file: String,
    what: String,
    times: Option<u64>,
}

/// A local HTTP server replaying one scenario's interactions.
pub struct Replay {
    source: PathBuf,
    mounted: Vec<Mounted>,
    log: Log,
    server: MockServer,
}

impl std::fmt::Debug for Replay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replay")
            .field("source", &self.source)
            .field("uri", &self.server.uri())
            .field("interactions", &self.mounted.len())
            .finish_non_exhaustive()
    }
}

impl Replay {
    /// Replays `fixtures/<provider>/<scenario>/` of the libcloud-rs workspace (see
    /// [`fixtures_dir`]).
    ///
    /// Panics naming the folder when it does not exist, and naming the file when an
    /// interaction file is malformed.
    pub async fn start(provider: &str, scenario: &str) -> Replay {
        Replay::start_dir(fixtures_dir().join(provider).join(scenario)).await
    }

    /// Replays the interaction files (`*.json`) of any folder, in file-name order.
    ///
    /// Panics like [`Replay::start`].
    pub async fn start_dir(dir: impl AsRef<Path>) -> Replay {
        let dir = dir.as_ref();
        assert!(
            dir.is_dir(),
            "fixture folder {} does not exist",
            dir.display()
        );
        let interactions = fixture::load_dir(dir);
        Replay::serve(dir.to_path_buf(), interactions).await
    }

    /// A server with no interactions: every request it receives is unmatched. For tests
    /// that a call sends no request at all.
    pub async fn empty() -> Replay {
        Replay::serve(PathBuf::from("(no interactions)"), Vec::new()).await
    }

    async fn serve(source: PathBuf, interactions: Vec<Interaction>) -> Replay {
        let server = MockServer::builder().start().await;
        let log: Log = Arc::new(Mutex::new(Vec::new()));
        let mut mounted = Vec::with_capacity(interactions.len());
        for (index, interaction) in interactions.into_iter().enumerate() {
            let Interaction {
                file,
                request,
                response,
                times,
            } = interaction;
            mounted.push(Mounted {
                file,
                what: format!("{} {}", request.method, request.path),
                times,
            });
            let mut mock = Mock::given(InteractionMatcher {
                index,
                spec: request,
                log: log.clone(),
            })
            .respond_with(response);
            if let Some(n) = times {
                mock = mock.up_to_n_times(n);
            }
            server.register(mock).await;
        }
        server
            .register(
                Mock::given(AnyRequest)
                    .respond_with(Unmatched { log: log.clone() })
                    .with_priority(CATCH_ALL_PRIORITY),
            )
            .await;
        let replay = Replay {
            source,
            mounted,
            log,
            server,
        };
        guard::assert_loopback(&replay.uri());
        replay
    }

    /// The server's base URL (`http://127.0.0.1:<port>/`).
    pub fn uri(&self) -> Url {
        let uri = self.server.uri();
        Url::parse(&uri).unwrap_or_else(|e| panic!("mock server URI {uri:?} is invalid: {e}"))
    }

    /// A driver configuration pointing at this server: [`guard::test_config`] of
    /// [`Replay::uri`].
    pub fn config(&self) -> ProviderConfig {
        guard::test_config(&self.uri())
    }

    /// The underlying server, to mount extra mocks or read the requests it received.
    /// Extra mocks are tried after the interactions mounted before them and before the
    /// catch-all.
    pub fn server(&self) -> &MockServer {
        &self.server
    }

    /// Every request received so far, in order, as `METHOD /path?query` followed by the
    /// interaction file that answered it or `UNMATCHED`.
    pub fn history(&self) -> Vec<String> {
        self.entries()
            .iter()
            .map(|e| format!("{} -> {}", e.request, self.answered_by(e)))
            .collect()
    }

    /// Problems found so far: interactions with a finite `times` not fully used, and
    /// requests no interaction matched. Empty when the replay went as written.
    pub fn problems(&self) -> Vec<String> {
        let entries = self.entries();
        let mut problems = Vec::new();
        for (index, m) in self.mounted.iter().enumerate() {
            let Some(times) = m.times else { continue };
            let used = entries
                .iter()
                .filter(|e| e.answered_by == Some(index))
                .count() as u64;
            if used < times {
                problems.push(format!(
                    "{} ({}) answered {used} of {times} request(s)",
                    m.file, m.what
                ));
            }
        }
        for e in entries.iter().filter(|e| e.answered_by.is_none()) {
            problems.push(format!("unmatched request: {}", e.request));
        }
        problems
    }

    /// Panics, listing every interaction with a finite `times` that was not fully used
    /// and every request that matched no interaction, along with the whole request
    /// history. Call it at the end of a test.
    pub async fn assert_all_used(&self) {
        let problems = self.problems();
        if problems.is_empty() {
            return;
        }
        let mut msg = format!("fixture replay of {} went wrong:\n", self.source.display());
        for p in &problems {
            msg.push_str(&format!("  - {p}\n"));
        }
        msg.push_str("requests received, in order:\n");
        let history = self.history();
        if history.is_empty() {
            msg.push_str("  (none)\n");
        }
        for (i, h) in history.iter().enumerate() {
            msg.push_str(&format!("  {}. {h}\n", i + 1));
        }
        panic!("{msg}");
    }

    fn entries(&self) -> Vec<Entry> {
        self.log.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn answered_by(&self, entry: &Entry) -> &str {
        match entry.answered_by.and_then(|i| self.mounted.get(i)) {
            Some(m) => &m.file,
            None => "UNMATCHED",
        }
    }
}
