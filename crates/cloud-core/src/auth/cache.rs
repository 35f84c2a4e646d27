//! One token shared by every request of a client, fetched again before it expires.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use super::{AccessToken, TokenSource};
use crate::{Clock, Error, Result, Secret, SystemClock};

/// How long before expiry a token is fetched again, unless the token is short-lived
/// (see [`TokenCache`]).
pub const DEFAULT_REFRESH_AHEAD: Duration = Duration::from_secs(5 * 60);

/// How long a still-valid token is served without trying again after fetching its
/// successor failed.
pub const RETRY_PAUSE: Duration = Duration::from_secs(10);

/// A cache in front of a [`TokenSource`]: hands out the current token and logs in
/// again shortly before it expires or after the server refused it.
///
/// **When it fetches.** A token is fetched again once less than the refresh-ahead
/// window remains before it expires. The window is [`DEFAULT_REFRESH_AHEAD`] (set it
/// with [`TokenCache::with_refresh_ahead`]) but never more than a tenth of the token's
/// lifetime as seen when it was fetched, so a token issued for two minutes is used for
/// 108 seconds rather than fetched on every call. Tokens without an expiry are kept
/// until [`invalidate`](TokenCache::invalidate)d or refused.
///
/// **One login at a time.** However many tasks ask at once, one `fetch` runs; the
/// others wait for it and share its token or its error.
///
/// **Failures.** When fetching ahead of expiry fails while the cached token is still
/// valid, the cached token is served (and the failure logged at debug level), and the
/// next attempt waits [`RETRY_PAUSE`] (or half the remaining validity, if shorter); once
/// the token has expired, the error is returned.
///
/// Clones are cheap and share the cached token. Configure the cache before cloning it:
/// the clock and window belong to each handle.
#[derive(Clone)]
pub struct TokenCache {
    source: Arc<dyn TokenSource>,
    clock: Arc<dyn Clock>,
    refresh_ahead: Duration,
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    /// Held for the whole of a fetch, so only one runs at a time.
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    cached: Option<Cached>,
    /// Fetches finished so far; a task that sees this move while it waited for its turn
    /// knows another task has just fetched, and uses that outcome.
    fetches: u64,
    /// The last fetch's error, while no fetch has succeeded since.
    last_error: Option<Error>,
}

struct Cached {
    token: AccessToken,
    fetched_at: SystemTime,
    /// After a failed refresh ahead of expiry: no new attempt before this.
    retry_not_before: Option<SystemTime>,
}

impl TokenCache {
    /// An empty cache that logs in through `source` on first use.
    pub fn new(source: Arc<dyn TokenSource>) -> Self {
        TokenCache {
            source,
            clock: Arc::new(SystemClock),
            refresh_ahead: DEFAULT_REFRESH_AHEAD,
            shared: Arc::new(Shared {
                state: Mutex::new(State::default()),
                fetching: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The same cache reading time from `clock`; for tests.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The same cache fetching a new token once less than `window` remains (still at
    /// most a tenth of the token's lifetime). `Duration::ZERO` uses tokens until they
    /// expire.
    pub fn with_refresh_ahead(mut self, window: Duration) -> Self {
        self.refresh_ahead = window;
        self
    }

    /// The current token, fetched first when there is none or it expires within the
    /// refresh-ahead window.
    pub async fn token(&self) -> Result<Secret> {
        let seen = {
            let state = self.state();
            if let Some(secret) = self.fresh(&state) {
                return Ok(secret);
            }
            state.fetches
        };
        let _turn = self.shared.fetching.lock().await;
        {
            let state = self.state();
            if let Some(secret) = self.fresh(&state) {
                return Ok(secret);
            }
            if state.fetches != seen {
                if let Some(secret) = self.valid(&state) {
                    return Ok(secret);
                }
                if let Some(err) = &state.last_error {
                    return Err(err.copied());
                }
            }
        }
        self.fetch_in_turn().await
    }

    /// The server answered 401 to `rejected`. When the cache still holds that token, it
    /// is dropped and a new one fetched; when another task has already replaced it, the
    /// current token is returned without fetching. Concurrent calls share one fetch.
    pub async fn refresh_after_rejection(&self, rejected: &Secret) -> Result<Secret> {
        let seen = self.state().fetches;
        let _turn = self.shared.fetching.lock().await;
        {
            let mut state = self.state();
            if let Some(current) = self.valid(&state)
                && current != *rejected
            {
                return Ok(current);
            }
            if state.cached.is_none()
                && state.fetches != seen
                && let Some(err) = &state.last_error
            {
                return Err(err.copied());
            }
            state.cached = None;
        }
        tracing::debug!("token refused by the server; logging in again");
        self.fetch_in_turn().await
    }

    /// Forgets the cached token; the next call fetches a new one.
    pub fn invalidate(&self) {
        self.state().cached = None;
    }

    /// Fetches a token and stores it; the caller holds `fetching`.
    async fn fetch_in_turn(&self) -> Result<Secret> {
        let result = self.source.fetch().await;
        let now = self.clock.now();
        let mut state = self.state();
        state.fetches += 1;
        match result {
            Ok(token) => {
                let secret = token.secret.clone();
                state.last_error = None;
                state.cached = Some(Cached {
                    token,
                    fetched_at: now,
                    retry_not_before: None,
                });
                Ok(secret)
            }
            Err(err) => {
                state.last_error = Some(err.copied());
                let Some(secret) = self.valid(&state) else {
                    return Err(err);
                };
                if let Some(cached) = state.cached.as_mut()
                    && let Some(remaining) = cached.token.expires_in(now)
                {
                    cached.retry_not_before = Some(now + RETRY_PAUSE.min(remaining / 2));
                }
                tracing::debug!(error = %err, "token refresh failed; the cached token is still valid");
                Ok(secret)
            }
        }
    }

    /// The cached token, unless it is due for a refresh.
    fn fresh(&self, state: &State) -> Option<Secret> {
        let cached = state.cached.as_ref()?;
        let Some(expires_at) = cached.token.expires_at else {
            return Some(cached.token.secret.clone());
        };
        let lifetime = expires_at
            .duration_since(cached.fetched_at)
            .unwrap_or(Duration::ZERO);
        let window = self.refresh_ahead.min(lifetime / 10);
        let now = self.clock.now();
        let remaining = cached.token.expires_in(now)?;
        let pausing = cached.retry_not_before.is_some_and(|at| now < at);
        (remaining > window || (pausing && remaining > Duration::ZERO))
            .then(|| cached.token.secret.clone())
    }

    /// The cached token, unless it has expired.
    fn valid(&self, state: &State) -> Option<Secret> {
        let cached = state.cached.as_ref()?;
        (!cached.token.is_expired(self.clock.now())).then(|| cached.token.secret.clone())
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expires_at = self
            .state()
            .cached
            .as_ref()
            .map(|cached| cached.token.expires_at);
        f.debug_struct("TokenCache")
            .field("source", &self.source)
            .field("refresh_ahead", &self.refresh_ahead)
            .field("cached", &expires_at.is_some())
            .field("expires_at", &expires_at.flatten())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    use async_trait::async_trait;

    use super::*;
    use crate::{ErrorKind, FixedClock};

    const HOUR: Duration = Duration::from_secs(3600);
    const MINUTE: Duration = Duration::from_secs(60);

    /// Hands out `t1`, `t2`, … valid for `lifetime`, after a short pause; fails on
    /// demand. Counts every attempt, failed ones included.
    #[derive(Debug)]
    struct CountingSource {
        clock: Arc<FixedClock>,
        lifetime: Option<Duration>,
        attempts: AtomicUsize,
        failing: AtomicBool,
    }

    impl CountingSource {
        fn new(clock: &Arc<FixedClock>, lifetime: Option<Duration>) -> Arc<Self> {
            Arc::new(CountingSource {
                clock: clock.clone(),
                lifetime,
                attempts: AtomicUsize::new(0),
                failing: AtomicBool::new(false),
            })
        }

        fn attempts(&self) -> usize {
            self.attempts.load(Ordering::SeqCst)
        }

        fn fail(&self, failing: bool) {
            self.failing.store(failing, Ordering::SeqCst);
        }
    }

    #[async_trait]
    impl TokenSource for CountingSource {
        async fn fetch(&self) -> Result<AccessToken> {
            let n = self.attempts.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(Duration::from_millis(50)).await;
            if self.failing.load(Ordering::SeqCst) {
                return Err(
                    Error::new(ErrorKind::Transport, "token service unreachable")
                        .with_provider("test"),
                );
            }
            let secret = Secret::new(format!("t{n}"));
            Ok(match self.lifetime {
                Some(lifetime) => AccessToken::valid_for(secret, self.clock.now(), lifetime),
                None => AccessToken::non_expiring(secret),
            })
        }
    }

    fn setup(lifetime: Option<Duration>) -> (Arc<FixedClock>, Arc<CountingSource>, TokenCache) {
        let clock = Arc::new(FixedClock::at_unix(1_700_000_000));
        let source = CountingSource::new(&clock, lifetime);
        let cache = TokenCache::new(source.clone()).with_clock(clock.clone());
        (clock, source, cache)
    }

    async fn token(cache: &TokenCache) -> String {
        cache.token().await.unwrap().expose().to_string()
    }

    #[tokio::test(start_paused = true)]
    async fn hundred_concurrent_callers_on_an_empty_cache_share_one_fetch() {
        let (_, source, cache) = setup(Some(HOUR));
        let tasks: Vec<_> = (0..100)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { token(&cache).await })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap(), "t1");
        }
        assert_eq!(source.attempts(), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_token_expiring_in_an_hour_is_reused_and_one_expiring_in_two_minutes_is_not() {
        let (clock, source, cache) = setup(Some(2 * HOUR));
        assert_eq!(token(&cache).await, "t1");
        clock.advance(HOUR);
        assert_eq!(token(&cache).await, "t1");
        assert_eq!(source.attempts(), 1);
        clock.advance(58 * MINUTE);
        assert_eq!(token(&cache).await, "t2");
        assert_eq!(source.attempts(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_short_lived_token_is_refreshed_in_the_last_tenth_of_its_life() {
        let (clock, source, cache) = setup(Some(2 * MINUTE));
        assert_eq!(token(&cache).await, "t1");
        clock.advance(Duration::from_secs(100));
        assert_eq!(token(&cache).await, "t1");
        clock.advance(Duration::from_secs(10));
        assert_eq!(token(&cache).await, "t2");
        assert_eq!(source.attempts(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_zero_refresh_ahead_window_uses_the_token_until_it_expires() {
        let (clock, _, cache) = setup(Some(HOUR));
        let cache = cache.with_refresh_ahead(Duration::ZERO);
        assert_eq!(token(&cache).await, "t1");
        clock.advance(HOUR - Duration::from_secs(1));
        assert_eq!(token(&cache).await, "t1");
        clock.advance(Duration::from_secs(1));
        assert_eq!(token(&cache).await, "t2");
    }

    #[tokio::test(start_paused = true)]
    async fn a_non_expiring_token_is_fetched_once_until_invalidated() {
        let (clock, source, cache) = setup(None);
        assert_eq!(token(&cache).await, "t1");
        clock.advance(1000 * HOUR);
        assert_eq!(token(&cache).await, "t1");
        assert_eq!(source.attempts(), 1);
        cache.invalidate();
        assert_eq!(token(&cache).await, "t2");
    }

    #[tokio::test(start_paused = true)]
    async fn rejection_of_the_current_token_fetches_a_new_one() {
        let (_, source, cache) = setup(Some(HOUR));
        let t1 = cache.token().await.unwrap();
        let t2 = cache.refresh_after_rejection(&t1).await.unwrap();
        assert_eq!(t2.expose(), "t2");
        assert_eq!(source.attempts(), 2);
        assert_eq!(token(&cache).await, "t2");
    }

    #[tokio::test(start_paused = true)]
    async fn rejection_of_an_already_replaced_token_does_not_fetch() {
        let (_, source, cache) = setup(Some(HOUR));
        let t1 = cache.token().await.unwrap();
        cache.refresh_after_rejection(&t1).await.unwrap();
        let again = cache.refresh_after_rejection(&t1).await.unwrap();
        assert_eq!(again.expose(), "t2");
        assert_eq!(source.attempts(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_rejections_of_one_token_share_one_fetch() {
        let (_, source, cache) = setup(Some(HOUR));
        let t1 = cache.token().await.unwrap();
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let (cache, t1) = (cache.clone(), t1.clone());
                tokio::spawn(async move { cache.refresh_after_rejection(&t1).await })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap().expose(), "t2");
        }
        assert_eq!(source.attempts(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_refresh_ahead_keeps_serving_the_still_valid_token() {
        let (clock, source, cache) = setup(Some(HOUR));
        assert_eq!(token(&cache).await, "t1");
        clock.advance(58 * MINUTE);
        source.fail(true);
        assert_eq!(token(&cache).await, "t1");
        assert_eq!(source.attempts(), 2);
        assert_eq!(token(&cache).await, "t1");
        assert_eq!(
            source.attempts(),
            2,
            "no new attempt within the retry pause"
        );
        source.fail(false);
        clock.advance(RETRY_PAUSE);
        assert_eq!(token(&cache).await, "t3");
    }

    #[tokio::test(start_paused = true)]
    async fn an_expired_token_and_a_failing_source_give_the_error() {
        let (clock, source, cache) = setup(Some(HOUR));
        assert_eq!(token(&cache).await, "t1");
        clock.advance(HOUR);
        source.fail(true);
        let err = cache.token().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Transport);
        assert!(
            err.to_string().contains("token service unreachable"),
            "{err}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn concurrent_callers_share_a_failed_fetch() {
        let (_, source, cache) = setup(Some(HOUR));
        source.fail(true);
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { cache.token().await })
            })
            .collect();
        for task in tasks {
            let err = task.await.unwrap().unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Transport);
            assert_eq!(err.provider(), Some("test"));
        }
        assert_eq!(source.attempts(), 1);
        source.fail(false);
        assert_eq!(token(&cache).await, "t2");
    }

    #[tokio::test(start_paused = true)]
    async fn debug_never_shows_the_token() {
        let (_, _, cache) = setup(Some(HOUR));
        let secret = cache.token().await.unwrap();
        let shown = format!("{cache:?}");
        assert!(!shown.contains(secret.expose()), "{shown}");
        assert!(shown.contains("cached: true"), "{shown}");
    }
}
