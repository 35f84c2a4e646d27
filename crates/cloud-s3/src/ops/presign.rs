//! Signed URLs: SigV4 query-string signatures for GET and PUT.

use cloud_aws_auth::presign_url;
use cloud_aws_auth::sigv4::MAX_PRESIGN_EXPIRY;
use cloud_core::http::Method;
use cloud_core::storage::{SignedMethod, SignedUrlRequest};
use cloud_core::{Error, Result};
use url::Url;

use super::names::{validate_bucket, validate_key};
use super::{ctx, in_ctx};
use crate::S3Storage;

impl S3Storage {
    /// A URL allowing `request.method` on the object until `request.expires_in` (one
    /// second to seven days) has passed, in the bucket's region and with the driver's
    /// addressing style. On AWS, a bucket whose region is not known yet is looked up
    /// once (`HeadBucket`, following its redirect); if that fails the configured region
    /// is used. The URL carries a signature: treat it as a secret and keep it out of
    /// logs.
    pub(crate) async fn presign(
        &self,
        bucket: &str,
        key: &str,
        request: &SignedUrlRequest,
    ) -> Result<Url> {
        let checked = validate_bucket(bucket)
            .and_then(|()| validate_key(key))
            .and_then(|()| {
                let expiry = request.expires_in;
                if expiry.as_secs() == 0 || expiry > MAX_PRESIGN_EXPIRY {
                    Err(Error::invalid_input(format!(
                        "a signed URL must last from 1 second to 7 days ({} s); {} s asked",
                        MAX_PRESIGN_EXPIRY.as_secs(),
                        expiry.as_secs_f64()
                    )))
                } else {
                    Ok(())
                }
            });
        ctx(checked, "signed_url")?;
        let unknown = !self.client.addressing().is_custom() && !self.client.knows_region(bucket);
        if unknown && let Err(e) = self.head_bucket(bucket).await {
            tracing::debug!(
                bucket,
                error = %e,
                "bucket region unknown; signing for the configured one"
            );
        }
        let region = self.client.bucket_region(bucket);
        let url = ctx(
            self.client
                .addressing()
                .url(&region, bucket, Some(key), &[]),
            "signed_url",
        )?;
        let method = match request.method {
            SignedMethod::Get => Method::GET,
            SignedMethod::Put => Method::PUT,
        };
        let credentials = self
            .client
            .credentials()
            .await
            .map_err(|e| in_ctx(e, "signed_url"))?;
        ctx(
            presign_url(
                &method,
                &url,
                &region,
                "s3",
                &credentials,
                request.expires_in,
                self.client.now(),
            ),
            "signed_url",
        )
    }
}
