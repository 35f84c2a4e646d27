//! Server-side copies: `Copy Blob` with `x-ms-copy-source`, then `Get Blob Properties`
//! until `x-ms-copy-status` is no longer `pending`.

use std::time::Duration;

use cloud_core::http::Method;
use cloud_core::storage::ObjectMeta;
use cloud_core::{Error, ErrorKind, Result};

use super::{ctx, in_ctx, validate_container, validate_key};
use crate::client::request;
use crate::settings::Credentials;
use crate::{AzureBlobStorage, model};

const COPY: &str = "Copy Blob";

/// First pause between two looks at a pending copy; it doubles up to [`MAX_PAUSE`].
const FIRST_PAUSE: Duration = Duration::from_millis(200);
/// Longest pause between two looks.
const MAX_PAUSE: Duration = Duration::from_secs(5);

impl AzureBlobStorage {
    /// Copies `src` onto `dst` on the service, waiting for a pending copy to end (within
    /// the retry budget); a failed or aborted copy is a `Provider` error.
    pub(crate) async fn copy(
        &self,
        src_container: &str,
        src_key: &str,
        dst_container: &str,
        dst_key: &str,
    ) -> Result<ObjectMeta> {
        ctx(
            validate_container(src_container)
                .and_then(|()| validate_key(src_key))
                .and_then(|()| validate_container(dst_container))
                .and_then(|()| validate_key(dst_key)),
            COPY,
        )?;
        let mut source = self.client.blob_url(src_container, src_key);
        // A SAS authorises the destination only: the source needs it in its URL too.
        if let Credentials::Sas(token) = &self.settings.credentials {
            source.set_query(Some(token.expose()));
        }
        let req = request(
            COPY,
            Method::PUT,
            self.client.blob_url(dst_container, dst_key),
        )
        .header("x-ms-copy-source", source.as_str())
        .header("content-length", "0");
        let resp = self.client.send(req).await?;
        let mut status = model::copy_status(&resp.headers).unwrap_or_else(|| "success".into());
        let budget = self
            .client
            .config()
            .retry
            .budget
            .max(Duration::from_secs(60));
        let started = std::time::Instant::now();
        let mut pause = FIRST_PAUSE;
        loop {
            match status.as_str() {
                "success" => return self.head(dst_container, dst_key).await,
                "pending" => {}
                other => {
                    return Err(in_ctx(
                        Error::new(
                            ErrorKind::Provider,
                            format!("the copy to {dst_container}/{dst_key} ended {other}"),
                        )
                        .with_code("CopyFailed"),
                        COPY,
                    ));
                }
            }
            if started.elapsed() + pause > budget {
                return Err(in_ctx(
                    Error::new(
                        ErrorKind::Timeout,
                        format!("the copy to {dst_container}/{dst_key} is still pending"),
                    ),
                    COPY,
                ));
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(MAX_PAUSE);
            let meta = self.head(dst_container, dst_key).await?;
            status = meta
                .extra
                .get("copy_status")
                .and_then(|v| v.as_str())
                .map(str::to_ascii_lowercase)
                .unwrap_or_else(|| "success".into());
        }
    }
}
