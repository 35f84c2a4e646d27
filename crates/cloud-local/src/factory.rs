//! The registry entry: builds drivers from a [`ProviderConfig`].

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use cloud_core::compute::Compute;
use cloud_core::options::{OptionKind, OptionSpec};
use cloud_core::storage::ObjectStorage;
use cloud_core::{
    Area, AreaSession, DriverFactory, Error, ErrorKind, Lifecycle, ProviderConfig, ProviderMeta,
    Result, Session,
};

use crate::{LocalCompute, LocalComputeOptions, LocalStorage, PROVIDER_ID};

/// Environment variable naming the state directory.
pub const STATE_DIR_ENV: &str = "LIBCLOUD_LOCAL_STATE_DIR";

/// Environment variable giving the boot delay in milliseconds.
pub const BOOT_DELAY_ENV: &str = "LIBCLOUD_LOCAL_BOOT_DELAY_MS";

/// The boot delay when none is configured: 1.5 s.
pub const DEFAULT_BOOT_DELAY: Duration = Duration::from_millis(1500);

/// Option naming the state directory.
const STATE_DIR_OPTION: &str = "state_dir";

/// Option giving the boot delay in milliseconds.
const BOOT_DELAY_OPTION: &str = "boot_delay_ms";

/// Builds [`LocalCompute`] and [`LocalStorage`] drivers for the `local` provider.
///
/// Options (in `ProviderConfig::options`) and environment variables (read through
/// `ProviderConfig::env`):
///
/// | option | environment | meaning |
/// | --- | --- | --- |
/// | `state_dir` | `LIBCLOUD_LOCAL_STATE_DIR` | where state lives; see [`resolve_state_dir`] |
/// | `boot_delay_ms` | `LIBCLOUD_LOCAL_BOOT_DELAY_MS` | node boot time, default 1500 |
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalFactory;

/// The options the local provider reads.
const OPTIONS: &[OptionSpec] = &[
    OptionSpec::new(
        STATE_DIR_OPTION,
        OptionKind::Path,
        "where state lives (default $XDG_DATA_HOME/libcloud/local)",
    )
    .env(&[STATE_DIR_ENV]),
    OptionSpec::new(
        BOOT_DELAY_OPTION,
        OptionKind::Count {
            min: 0,
            max: 3_600_000,
        },
        "milliseconds a new node stays pending before it runs",
    )
    .default_value("1500")
    .env(&[BOOT_DELAY_ENV]),
];

#[async_trait]
impl DriverFactory for LocalFactory {
    fn meta(&self) -> ProviderMeta {
        ProviderMeta {
            id: PROVIDER_ID.to_string(),
            name: "Local simulation".to_string(),
            areas: vec![Area::Compute, Area::Storage],
            lifecycle: Lifecycle::Active,
            api_reference: "https://docs.rs/cloud-local".to_string(),
        }
    }

    fn options(&self) -> &'static [OptionSpec] {
        OPTIONS
    }

    /// Resolves the state directory (an error when there is none) and opens both areas
    /// under it; an area that cannot be opened reports why when it is asked for.
    async fn connect(&self, config: &ProviderConfig) -> Result<Arc<dyn Session>> {
        let state_dir = resolve_state_dir(config)?;
        let compute = resolve_boot_delay(config).and_then(|boot_delay| {
            let driver = LocalCompute::open(&state_dir, LocalComputeOptions { boot_delay })?;
            Ok(Arc::new(driver) as Arc<dyn Compute>)
        });
        let storage = LocalStorage::open(state_dir.join("storage"))
            .map(|driver| Arc::new(driver) as Arc<dyn ObjectStorage>);
        Ok(Arc::new(
            AreaSession::new(PROVIDER_ID)
                .with_compute(compute)
                .with_storage(storage),
        ))
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

/// The state directory: the `state_dir` option, else `$LIBCLOUD_LOCAL_STATE_DIR`, else
/// `$XDG_DATA_HOME/libcloud/local`, else `$HOME/.local/share/libcloud/local`. Empty
/// values count as unset, and a relative `XDG_DATA_HOME` is ignored, as the XDG base
/// directory rules say. With none of them, a `Configuration` error.
pub fn resolve_state_dir(config: &ProviderConfig) -> Result<PathBuf> {
    if let Some(dir) = non_empty(config.options.get(STATE_DIR_OPTION).cloned()) {
        return Ok(PathBuf::from(dir));
    }
    if let Some(dir) = non_empty(config.env.var(STATE_DIR_ENV)) {
        return Ok(PathBuf::from(dir));
    }
    if let Some(data_home) = non_empty(config.env.var("XDG_DATA_HOME"))
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
    {
        return Ok(data_home.join("libcloud").join("local"));
    }
    if let Some(home) = non_empty(config.env.var("HOME")) {
        return Ok(PathBuf::from(home)
            .join(".local")
            .join("share")
            .join("libcloud")
            .join("local"));
    }
    Err(Error::new(
        ErrorKind::Configuration,
        format!(
            "no state directory for the local provider: set the {STATE_DIR_OPTION} option, \
             {STATE_DIR_ENV}, XDG_DATA_HOME or HOME"
        ),
    )
    .with_provider(PROVIDER_ID))
}

/// The boot delay: the `boot_delay_ms` option, else `$LIBCLOUD_LOCAL_BOOT_DELAY_MS`, else
/// [`DEFAULT_BOOT_DELAY`]. A value that is not a whole number of milliseconds is a
/// `Configuration` error naming it.
pub fn resolve_boot_delay(config: &ProviderConfig) -> Result<Duration> {
    let (source, raw) = match non_empty(config.options.get(BOOT_DELAY_OPTION).cloned()) {
        Some(raw) => (BOOT_DELAY_OPTION, raw),
        None => match non_empty(config.env.var(BOOT_DELAY_ENV)) {
            Some(raw) => (BOOT_DELAY_ENV, raw),
            None => return Ok(DEFAULT_BOOT_DELAY),
        },
    };
    raw.trim()
        .parse::<u64>()
        .map(Duration::from_millis)
        .map_err(|_| {
            Error::new(
                ErrorKind::Configuration,
                format!("{source} value {raw:?} is not a whole number of milliseconds"),
            )
            .with_provider(PROVIDER_ID)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::MapEnv;

    fn config<const N: usize>(options: &[(&str, &str)], env: [(&str, &str); N]) -> ProviderConfig {
        ProviderConfig {
            options: options
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            env: Arc::new(MapEnv::from(env)),
            ..Default::default()
        }
    }

    #[test]
    fn state_dir_resolution_order() {
        let all = [
            (STATE_DIR_ENV, "/env/state"),
            ("XDG_DATA_HOME", "/xdg"),
            ("HOME", "/home/u"),
        ];
        let dir = |c: &ProviderConfig| resolve_state_dir(c).unwrap();
        assert_eq!(
            dir(&config(&[("state_dir", "/opt/s")], all)),
            PathBuf::from("/opt/s")
        );
        assert_eq!(dir(&config(&[], all)), PathBuf::from("/env/state"));
        assert_eq!(
            dir(&config(
                &[],
                [("XDG_DATA_HOME", "/xdg"), ("HOME", "/home/u")]
            )),
            PathBuf::from("/xdg/libcloud/local")
        );
        assert_eq!(
            dir(&config(
                &[],
                [
                    (STATE_DIR_ENV, ""),
                    ("XDG_DATA_HOME", "relative"),
                    ("HOME", "/home/u")
                ]
            )),
            PathBuf::from("/home/u/.local/share/libcloud/local")
        );
        let err = resolve_state_dir(&config(&[("state_dir", "")], [])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains(STATE_DIR_ENV), "{err}");
    }

    #[test]
    fn boot_delay_resolution_and_errors() {
        let delay = |c: &ProviderConfig| resolve_boot_delay(c).unwrap();
        assert_eq!(delay(&config(&[], [])), DEFAULT_BOOT_DELAY);
        assert_eq!(
            delay(&config(&[], [(BOOT_DELAY_ENV, "250")])),
            Duration::from_millis(250)
        );
        assert_eq!(
            delay(&config(
                &[("boot_delay_ms", " 0 ")],
                [(BOOT_DELAY_ENV, "250")]
            )),
            Duration::ZERO
        );
        let err = resolve_boot_delay(&config(&[], [(BOOT_DELAY_ENV, "1.5s")])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains("\"1.5s\""), "{err}");
        assert!(err.message().contains(BOOT_DELAY_ENV), "{err}");
        let err = resolve_boot_delay(&config(&[("boot_delay_ms", "-1")], [])).unwrap_err();
        assert!(err.message().contains("\"-1\""), "{err}");
    }

    #[test]
    fn meta_describes_the_provider() {
        let meta = LocalFactory.meta();
        assert_eq!(meta.id, "local");
        assert_eq!(meta.name, "Local simulation");
        assert_eq!(meta.areas, vec![Area::Compute, Area::Storage]);
        assert_eq!(meta.lifecycle, Lifecycle::Active);
        assert!(meta.api_reference.starts_with("https://"));
    }

    #[tokio::test]
    async fn one_session_serves_both_areas_in_the_resolved_dir() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_str().unwrap();
        let cfg = config(&[], [(STATE_DIR_ENV, root), (BOOT_DELAY_ENV, "7")]);
        let session = LocalFactory.connect(&cfg).await.unwrap();
        assert_eq!(session.provider_id(), "local");
        let compute = session.compute().unwrap();
        let local = compute.as_any().downcast_ref::<LocalCompute>().unwrap();
        assert_eq!(local.options().boot_delay, Duration::from_millis(7));
        assert_eq!(local.state_dir(), tmp.path().join("compute"));
        let storage = session.storage().unwrap();
        storage.create_container("c").await.unwrap();
        assert!(tmp.path().join("storage").join("c").is_dir());

        let bad = config(&[], [(STATE_DIR_ENV, root), (BOOT_DELAY_ENV, "soon")]);
        let session = LocalFactory.connect(&bad).await.unwrap();
        let err = session.compute().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert!(err.message().contains("soon"), "{err}");
        assert!(
            session.storage().is_ok(),
            "storage does not need the boot delay"
        );
        let err = LocalFactory.connect(&config(&[], [])).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
    }

    #[tokio::test]
    async fn connecting_through_core_refuses_undeclared_options() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_str().unwrap();
        let cfg = config(&[("boot_dely_ms", "5")], [(STATE_DIR_ENV, root)]);
        let err = cloud_core::connect(&LocalFactory, &cfg).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(
            err.message().contains("did you mean boot_delay_ms?"),
            "{err}"
        );
    }
}
