//! How long Cloud DNS jobs are waited for: the options the DNS driver reads.

use std::time::Duration;

use cloud_core::operation::WaitOptions;
use cloud_core::options::{OptionKind, OptionSpec};
use cloud_core::{ProviderConfig, Result};

use crate::PROVIDER_ID;

/// Seconds between two polls of a change's job.
pub(crate) const DNS_JOB_POLL: OptionSpec = OptionSpec::new(
    "dns_job_poll_secs",
    OptionKind::Seconds,
    "time between two polls of a Cloud DNS job (every change is one)",
)
.default_value("1");

/// Seconds a change's job is waited for before the call gives up with a timeout.
pub(crate) const DNS_JOB_TIMEOUT: OptionSpec = OptionSpec::new(
    "dns_job_timeout_secs",
    OptionKind::Seconds,
    "time a Cloud DNS change is waited for before the call fails with a timeout (the \
     change may still be applied)",
)
.default_value("120");

/// How jobs are polled under `config`: its options, else every second for two minutes,
/// with a little jitter.
pub(crate) fn job_wait(config: &ProviderConfig) -> Result<WaitOptions> {
    let poll = config.option_duration(PROVIDER_ID, &DNS_JOB_POLL)?;
    let timeout = config.option_duration(PROVIDER_ID, &DNS_JOB_TIMEOUT)?;
    Ok(WaitOptions {
        poll_interval: poll.unwrap_or(Duration::from_secs(1)),
        timeout: timeout.unwrap_or(Duration::from_secs(120)),
        jitter: 0.2,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn options_set_the_wait_and_bad_values_are_refused() {
        let mut config = ProviderConfig::default();
        let wait = job_wait(&config).unwrap();
        assert_eq!(wait.poll_interval, Duration::from_secs(1));
        assert_eq!(wait.timeout, Duration::from_secs(120));
        config
            .options
            .insert("dns_job_poll_secs".into(), "0.05".into());
        config
            .options
            .insert("dns_job_timeout_secs".into(), "2".into());
        let wait = job_wait(&config).unwrap();
        assert_eq!(wait.poll_interval, Duration::from_millis(50));
        assert_eq!(wait.timeout, Duration::from_secs(2));
        config
            .options
            .insert("dns_job_timeout_secs".into(), "soon".into());
        let err = job_wait(&config).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.message().contains("dns_job_timeout_secs"), "{err}");
    }
}
