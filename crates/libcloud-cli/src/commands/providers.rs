//! `libcloud providers [ID]`.

use libcloud::{DriverFactory, Result};
use serde::Serialize;

use super::Ctx;
use crate::cli::OutputFormat;
use crate::output::{Tabular, opt};

/// Lists the compiled-in providers with their areas and lifecycle; with an id, shows
/// that provider's options and credentials with their environment variables.
pub async fn run(ctx: &mut Ctx, id: Option<String>) -> Result<()> {
    let Some(id) = id else {
        let providers = ctx.registry().providers();
        return ctx
            .printer
            .list(futures::stream::iter(providers.into_iter().map(Ok)))
            .await;
    };
    let factory = ctx.registry().factory(&id)?;
    let settings = settings(factory.as_ref());
    match ctx.printer.format() {
        OutputFormat::Json => {
            let details = Details {
                provider: factory.meta(),
                settings,
            };
            let value = serde_json::to_value(&details)
                .map_err(|e| libcloud::Error::new(libcloud::ErrorKind::Io, e.to_string()))?;
            ctx.printer.json_value(&value)
        }
        OutputFormat::Table => {
            ctx.printer.item(&factory.meta())?;
            ctx.printer.line("")?;
            ctx.printer
                .list(futures::stream::iter(settings.into_iter().map(Ok)))
                .await
        }
    }
}

/// A provider and what it reads.
#[derive(Serialize)]
struct Details {
    provider: libcloud::ProviderMeta,
    settings: Vec<Setting>,
}

/// One option or credential, as a row.
#[derive(Serialize)]
struct Setting {
    /// `option` or `credential`.
    kind: &'static str,
    name: &'static str,
    /// What values it takes (options), or whether it is required (credentials).
    takes: String,
    default: Option<&'static str>,
    env: Vec<&'static str>,
    help: &'static str,
}

impl Tabular for Setting {
    const HEADERS: &'static [&'static str] = &["kind", "name", "takes", "default", "env", "help"];
    fn row(&self) -> Vec<String> {
        vec![
            self.kind.to_string(),
            self.name.to_string(),
            self.takes.clone(),
            opt(&self.default),
            self.env.join(", "),
            self.help.to_string(),
        ]
    }
}

/// The provider's credentials, then its options, then the HTTP options every provider
/// takes.
fn settings(factory: &dyn DriverFactory) -> Vec<Setting> {
    let credentials = factory.credentials().iter().map(|c| Setting {
        kind: "credential",
        name: c.name,
        takes: if c.required { "required" } else { "optional" }.to_string(),
        default: None,
        env: c.env.to_vec(),
        help: c.help,
    });
    let options = libcloud::core::options::accepted_options(factory.options())
        .into_iter()
        .map(|o| Setting {
            kind: "option",
            name: o.name,
            takes: o.kind.describe(),
            default: o.default,
            env: o.env.to_vec(),
            help: o.help,
        });
    credentials.chain(options).collect()
}
