//! Sizes (flavors) and the account's one location.

use cloud_core::compute::{Location, Size};
use cloud_core::{BoxStream, Result};
use futures::StreamExt;

use crate::settings::Account;
use crate::{RackspaceFirstGenCompute, model};

impl RackspaceFirstGenCompute {
    /// `GET /flavors/detail`.
    pub(crate) fn sizes(&self) -> BoxStream<'_, Result<Size>> {
        self.api
            .list("list_sizes", "flavors/detail", model::parse_flavors)
    }

    /// The account's location, without a request: the API has none of its own.
    pub(crate) fn locations(&self) -> BoxStream<'_, Result<Location>> {
        futures::stream::iter([Ok(self.location())]).boxed()
    }

    /// The account's location.
    pub(crate) fn location(&self) -> Location {
        model::location(self.account == Account::Uk)
    }
}
