//! Typed getters: a driver reads each declared option as the type its spec names.

use std::time::Duration;

use super::{OptionSpec, OptionValue, parse_option};
use crate::{Error, ErrorKind, ProviderConfig, Result};

impl ProviderConfig {
    /// The option `spec` declares, from [`ProviderConfig::options`] or else the first of
    /// its environment variables that is set and not blank, read as its kind. `None` when
    /// unset; a value of the wrong type is an `InvalidInput` error naming the option (or
    /// the variable it came from) and what it takes.
    pub fn option_value(&self, provider: &str, spec: &OptionSpec) -> Result<Option<OptionValue>> {
        let (source, text) = match self.options.get(spec.name) {
            Some(text) => (spec.name.to_string(), text.clone()),
            None => match spec.env.iter().find_map(|var| {
                self.env
                    .var(var)
                    .filter(|v| !v.trim().is_empty())
                    .map(|v| (var.to_string(), v))
            }) {
                Some(found) => found,
                None => return Ok(None),
            },
        };
        parse_option(&spec.kind, &source, &text)
            .map(Some)
            .map_err(|e| e.with_provider(provider))
    }

    /// A text, path or choice option (choices in their declared spelling).
    pub fn option_text(&self, provider: &str, spec: &OptionSpec) -> Result<Option<String>> {
        self.typed(provider, spec, |v| match v {
            OptionValue::Text(t) => Some(t),
            _ => None,
        })
    }

    /// A count or byte-size option.
    pub fn option_number(&self, provider: &str, spec: &OptionSpec) -> Result<Option<u64>> {
        self.typed(provider, spec, |v| match v {
            OptionValue::Number(n) => Some(n),
            _ => None,
        })
    }

    /// A flag option.
    pub fn option_flag(&self, provider: &str, spec: &OptionSpec) -> Result<Option<bool>> {
        self.typed(provider, spec, |v| match v {
            OptionValue::Flag(b) => Some(b),
            _ => None,
        })
    }

    /// A seconds option.
    pub fn option_duration(&self, provider: &str, spec: &OptionSpec) -> Result<Option<Duration>> {
        self.typed(provider, spec, |v| match v {
            OptionValue::Seconds(d) => Some(d),
            _ => None,
        })
    }

    /// A list option's items.
    pub fn option_list(&self, provider: &str, spec: &OptionSpec) -> Result<Option<Vec<String>>> {
        self.typed(provider, spec, |v| match v {
            OptionValue::List(items) => Some(items),
            _ => None,
        })
    }

    fn typed<T>(
        &self,
        provider: &str,
        spec: &OptionSpec,
        pick: impl FnOnce(OptionValue) -> Option<T>,
    ) -> Result<Option<T>> {
        match self.option_value(provider, spec)? {
            None => Ok(None),
            Some(value) => pick(value).map(Some).ok_or_else(|| {
                Error::new(
                    ErrorKind::Configuration,
                    format!(
                        "option {} is declared as {}, which this getter does not read",
                        spec.name,
                        spec.kind.describe()
                    ),
                )
                .with_provider(provider)
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::MapEnv;
    use crate::options::OptionKind;

    const PAGE: OptionSpec = OptionSpec::new(
        "page_size",
        OptionKind::Count { min: 1, max: 10 },
        "items per page",
    )
    .env(&["X_PAGE"]);

    #[test]
    fn options_win_over_the_environment_and_bad_values_name_their_source() {
        let mut config = ProviderConfig {
            env: Arc::new(MapEnv::from([("X_PAGE", "7")])),
            ..Default::default()
        };
        assert_eq!(config.option_number("p", &PAGE).unwrap(), Some(7));
        config.options.insert("page_size".into(), "3".into());
        assert_eq!(config.option_number("p", &PAGE).unwrap(), Some(3));
        config.options.insert("page_size".into(), "30".into());
        let err = config.option_number("p", &PAGE).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.to_string().contains("page_size"), "{err}");

        let config = ProviderConfig {
            env: Arc::new(MapEnv::from([("X_PAGE", "many")])),
            ..Default::default()
        };
        let err = config.option_number("p", &PAGE).unwrap_err();
        assert!(err.to_string().contains("X_PAGE"), "{err}");
        let unset = ProviderConfig {
            env: Arc::new(MapEnv::default()),
            ..Default::default()
        };
        assert_eq!(unset.option_number("p", &PAGE).unwrap(), None);
    }

    #[test]
    fn a_getter_of_another_type_is_a_configuration_error() {
        let mut config = ProviderConfig {
            env: Arc::new(MapEnv::default()),
            ..Default::default()
        };
        config.options.insert("page_size".into(), "3".into());
        let err = config.option_flag("p", &PAGE).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Configuration);
    }
}
