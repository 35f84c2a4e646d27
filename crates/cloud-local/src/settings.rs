//! What the local provider reads from a configuration: where its state lives and how
//! long a node takes to boot, as declared options with environment variables, and the
//! functions that resolve them.

use std::path::PathBuf;
use std::time::Duration;

use cloud_core::options::{OptionKind, OptionSpec};
use cloud_core::{Error, ErrorKind, ProviderConfig, Result};

use crate::PROVIDER_ID;

/// Environment variable naming the state directory.
pub const STATE_DIR_ENV: &str = "LIBCLOUD_LOCAL_STATE_DIR";

/// Environment variable giving the boot delay in milliseconds.
pub const BOOT_DELAY_ENV: &str = "LIBCLOUD_LOCAL_BOOT_DELAY_MS";

/// The boot delay when none is configured: 1.5 s.
pub const DEFAULT_BOOT_DELAY: Duration = Duration::from_millis(1500);

/// The `state_dir` option: where state lives.
pub(crate) const STATE_DIR: OptionSpec = OptionSpec::new(
    "state_dir",
    OptionKind::Path,
    "where state lives (default $XDG_DATA_HOME/libcloud/local)",
)
.env(&[STATE_DIR_ENV]);

/// The `boot_delay_ms` option: how long a new node stays pending.
pub(crate) const BOOT_DELAY: OptionSpec = OptionSpec::new(
    "boot_delay_ms",
    OptionKind::Count {
        min: 0,
        max: 3_600_000,
    },
    "milliseconds a new node stays pending before it runs",
)
.default_value("1500")
.env(&[BOOT_DELAY_ENV]);

/// The options the local provider reads.
pub(crate) const OPTIONS: &[OptionSpec] = &[STATE_DIR, BOOT_DELAY];

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

/// The state directory: the `state_dir` option, else `$LIBCLOUD_LOCAL_STATE_DIR`, else
/// `$XDG_DATA_HOME/libcloud/local`, else `$HOME/.local/share/libcloud/local`. Empty
/// values count as unset, and a relative `XDG_DATA_HOME` is ignored, as the XDG base
/// directory rules say. With none of them, a `Configuration` error.
pub fn resolve_state_dir(config: &ProviderConfig) -> Result<PathBuf> {
    if let Some(dir) = non_empty(config.options.get(STATE_DIR.name).cloned()) {
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
            "no state directory for the local provider: set the {} option, \
             {STATE_DIR_ENV}, XDG_DATA_HOME or HOME",
            STATE_DIR.name
        ),
    )
    .with_provider(PROVIDER_ID))
}

/// The boot delay: the `boot_delay_ms` option, else `$LIBCLOUD_LOCAL_BOOT_DELAY_MS`, else
/// [`DEFAULT_BOOT_DELAY`]. A value that is not a whole number of milliseconds from 0 to
/// 3 600 000 is a `Configuration` error naming the value and where it came from.
pub fn resolve_boot_delay(config: &ProviderConfig) -> Result<Duration> {
    match config.option_number(PROVIDER_ID, &BOOT_DELAY) {
        Ok(millis) => Ok(millis.map_or(DEFAULT_BOOT_DELAY, Duration::from_millis)),
        Err(e) => Err(Error::new(ErrorKind::Configuration, e.message()).with_provider(PROVIDER_ID)),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Arc;

    use super::*;
    use cloud_core::MapEnv;

    /// A configuration with these options and environment variables (and no others).
    pub(crate) fn config<const N: usize>(
        options: &[(&str, &str)],
        env: [(&str, &str); N],
    ) -> ProviderConfig {
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
        assert!(err.message().contains("boot_delay_ms"), "{err}");
        assert_eq!(
            delay(&config(
                &[("boot_delay_ms", "5")],
                [(BOOT_DELAY_ENV, "soon")]
            )),
            Duration::from_millis(5),
            "the option wins over the environment"
        );
        let err = resolve_boot_delay(&config(&[], [(BOOT_DELAY_ENV, "3600001")])).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
        assert_eq!(err.provider(), Some("local"));
    }
}
