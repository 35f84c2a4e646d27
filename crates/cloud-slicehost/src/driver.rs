//! The Slicehost compute driver.

use std::sync::Arc;

use async_trait::async_trait;
use cloud_core::compute::{
    Compute, ComputeCapabilities, ComputeFeature, CreateNode, Image, Location, Node, Size,
};
use cloud_core::http::{Endpoint, HttpClient, HttpRequest, HttpResponse, Method};
use cloud_core::{BoxStream, Error, ErrorKind, ProviderConfig, Result};
use futures::StreamExt;

use crate::errors::SlicehostErrorParser;
use crate::parse::{self, LOCATION_ID};
use crate::{API_KEY_ENV, DEFAULT_ENDPOINT, PROVIDER_ID};
use cloud_core::http::BasicAuth;

/// Compute over the Slicehost API: slices as nodes, flavors as sizes, images, and one
/// fixed location. Reach [`SlicehostCompute::hard_reboot`] by downcasting a
/// `dyn Compute` through [`Compute::as_any`].
#[derive(Debug, Clone)]
pub struct SlicehostCompute {
    http: HttpClient,
}

impl SlicehostCompute {
    /// A driver from a configuration: the `api_key` credential (or `SLICEHOST_API_KEY`),
    /// and `endpoint` when set.
    pub fn new(config: &ProviderConfig) -> Result<Self> {
        let key = config.require_credential(PROVIDER_ID, "api_key", &[API_KEY_ENV])?;
        let endpoint = Endpoint::choose(config.endpoint.as_ref(), DEFAULT_ENDPOINT)
            .map_err(|e| e.in_context(PROVIDER_ID, "connect"))?;
        let http = HttpClient::new(
            PROVIDER_ID,
            endpoint,
            config.http.clone(),
            Arc::new(BasicAuth::new(&key, None)?),
            Arc::new(SlicehostErrorParser),
        )?;
        Ok(SlicehostCompute { http })
    }

    /// Hard-reboots a slice (`PUT /slices/ID/hard_reboot.xml`): a power cycle rather
    /// than a clean restart. Returns the slice as Slicehost reports it afterwards.
    pub async fn hard_reboot(&self, id: &str) -> Result<Node> {
        let id = slice_id(id, "hard_reboot")?;
        let resp = self
            .send(
                "hard_reboot",
                Method::PUT,
                &format!("slices/{id}/hard_reboot.xml"),
            )
            .await?;
        parse::parse_slice(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, "hard_reboot"))
    }

    async fn send(&self, operation: &str, method: Method, path: &str) -> Result<HttpResponse> {
        let request = HttpRequest::new(operation, method, self.http.url(path))
            .header("accept", "application/xml");
        self.http.send(request).await
    }

    async fn get_list<T>(
        &self,
        operation: &str,
        path: &str,
        parse: fn(&[u8]) -> Result<Vec<T>>,
    ) -> Result<Vec<T>> {
        let resp = self.send(operation, Method::GET, path).await?;
        parse(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, operation))
    }

    fn list_stream<'a, T: Send + 'a>(
        &'a self,
        operation: &'a str,
        path: &'a str,
        parse: fn(&[u8]) -> Result<Vec<T>>,
    ) -> BoxStream<'a, Result<T>> {
        // Slicehost lists are not paged: one request answers the whole list.
        futures::stream::once(self.get_list(operation, path, parse))
            .flat_map(|result| {
                let items: Vec<Result<T>> = match result {
                    Ok(items) => items.into_iter().map(Ok).collect(),
                    Err(e) => vec![Err(e)],
                };
                futures::stream::iter(items)
            })
            .boxed()
    }
}

/// The one location the driver reports. The Slicehost API had no notion of location:
/// Slicehost chose the data centre (St. Louis, later also Dallas–Fort Worth) itself.
pub fn location() -> Location {
    let mut extra = cloud_core::compute::Extra::new();
    extra.insert(
        "note".into(),
        "Slicehost placed slices itself; the API took no location".into(),
    );
    Location {
        id: LOCATION_ID.to_string(),
        name: "Slicehost".to_string(),
        country: Some("US".to_string()),
        extra,
    }
}

/// Checks that `id` is a Slicehost id (a decimal number) before it goes into a path.
/// Anything else cannot name a slice, so it is `NotFound`, and no request is sent.
fn slice_id<'a>(id: &'a str, operation: &str) -> Result<&'a str> {
    if !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit()) {
        Ok(id)
    } else {
        Err(Error::not_found(format!(
            "no slice has id {id:?}: Slicehost slice ids are numbers"
        ))
        .with_provider(PROVIDER_ID)
        .with_operation(operation))
    }
}

/// Checks a flavor or image id of a create: a decimal number.
fn numeric_arg<'a>(value: &'a str, what: &str) -> Result<&'a str> {
    if !value.is_empty() && value.len() <= 20 && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(value)
    } else {
        Err(invalid(format!(
            "{what} {value:?} is not a Slicehost {what}: those are numbers"
        )))
    }
}

fn invalid(message: String) -> Error {
    Error::invalid_input(message)
        .with_provider(PROVIDER_ID)
        .with_operation("create_node")
}

/// The XML body of `POST /slices.xml`.
fn create_body(name: &str, flavor: &str, image: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><slice><name>{}</name>\
         <flavor-id type=\"integer\">{flavor}</flavor-id>\
         <image-id type=\"integer\">{image}</image-id></slice>",
        cloud_core::xml::escape(name)
    )
}

fn unsupported_option(what: &str) -> Error {
    Error::new(
        ErrorKind::Unsupported,
        format!("Slicehost does not support {what} on create"),
    )
    .with_provider(PROVIDER_ID)
    .with_operation("create_node")
}

#[async_trait]
impl Compute for SlicehostCompute {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    fn capabilities(&self) -> ComputeCapabilities {
        ComputeCapabilities::with([ComputeFeature::Reboot, ComputeFeature::GetImage])
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn list_nodes(&self) -> BoxStream<'_, Result<Node>> {
        self.list_stream("list_nodes", "slices.xml", parse::parse_slices)
    }

    async fn get_node(&self, id: &str) -> Result<Node> {
        let id = slice_id(id, "get_node")?;
        let resp = self
            .send("get_node", Method::GET, &format!("slices/{id}.xml"))
            .await?;
        parse::parse_slice(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, "get_node"))
    }

    async fn create_node(&self, request: &CreateNode) -> Result<Node> {
        let name = request.name.trim();
        if name.is_empty() {
            return Err(invalid("a slice needs a name".into()));
        }
        let flavor = numeric_arg(&request.size, "flavor id")?;
        let image = numeric_arg(&request.image, "image id")?;
        if let Some(loc) = &request.location
            && loc != LOCATION_ID
        {
            return Err(invalid(format!(
                "location {loc:?} does not exist; Slicehost has one location, {LOCATION_ID:?}"
            )));
        }
        if request.auth.is_some() {
            return Err(unsupported_option(
                "first-login credentials (Slicehost generates the root password)",
            ));
        }
        if !request.tags.is_empty() {
            return Err(unsupported_option("tags"));
        }
        if request.user_data.is_some() {
            return Err(unsupported_option("user data"));
        }
        let http_request =
            HttpRequest::new("create_node", Method::POST, self.http.url("slices.xml"))
                .header("accept", "application/xml")
                .header("content-type", "application/xml")
                .body(create_body(name, flavor, image));
        let resp = self.http.send(http_request).await?;
        parse::parse_slice(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, "create_node"))
    }

    async fn destroy_node(&self, id: &str) -> Result<()> {
        let id = slice_id(id, "destroy_node")?;
        self.send("destroy_node", Method::DELETE, &format!("slices/{id}.xml"))
            .await?;
        Ok(())
    }

    async fn reboot_node(&self, id: &str) -> Result<()> {
        let id = slice_id(id, "reboot_node")?;
        self.send(
            "reboot_node",
            Method::PUT,
            &format!("slices/{id}/reboot.xml"),
        )
        .await?;
        Ok(())
    }

    fn list_sizes(&self) -> BoxStream<'_, Result<Size>> {
        self.list_stream("list_sizes", "flavors.xml", parse::parse_flavors)
    }

    fn list_images(&self) -> BoxStream<'_, Result<Image>> {
        self.list_stream("list_images", "images.xml", parse::parse_images)
    }

    async fn get_image(&self, id: &str) -> Result<Image> {
        if numeric_arg(id, "image id").is_err() {
            return Err(Error::not_found(format!(
                "no image has id {id:?}: Slicehost image ids are numbers"
            ))
            .with_provider(PROVIDER_ID)
            .with_operation("get_image"));
        }
        let mut images = self
            .get_list(
                "get_image",
                &format!("images/{id}.xml"),
                parse::parse_images,
            )
            .await?;
        match images.len() {
            1 => Ok(images.remove(0)),
            n => Err(Error::malformed(format!("expected one image, found {n}"))
                .with_provider(PROVIDER_ID)
                .with_operation("get_image")),
        }
    }

    fn list_locations(&self) -> BoxStream<'_, Result<Location>> {
        futures::stream::iter([Ok(location())]).boxed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_body_escapes_the_name() {
        let body = create_body("a<b&c", "1", "10");
        assert!(body.contains("<name>a&lt;b&amp;c</name>"), "{body}");
        assert!(body.contains("<flavor-id type=\"integer\">1</flavor-id>"));
        assert!(body.contains("<image-id type=\"integer\">10</image-id>"));
    }

    #[test]
    fn ids_are_checked_before_they_reach_a_path() {
        for bad in [
            "",
            "../1",
            "1/reboot",
            "abc",
            "1.xml",
            "123456789012345678901",
        ] {
            assert_eq!(
                slice_id(bad, "get_node").unwrap_err().kind(),
                ErrorKind::NotFound,
                "{bad:?}"
            );
        }
        assert_eq!(slice_id("4521", "get_node").unwrap(), "4521");
        assert_eq!(
            numeric_arg("big", "flavor id").unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }

    #[test]
    fn new_needs_an_api_key() {
        let config = ProviderConfig {
            env: Arc::new(cloud_core::MapEnv::default()),
            ..ProviderConfig::default()
        };
        let err = SlicehostCompute::new(&config).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCredentials);
        assert!(err.to_string().contains(API_KEY_ENV));
    }

    #[test]
    fn debug_never_shows_the_key() {
        let mut config = ProviderConfig {
            endpoint: Some("http://127.0.0.1:9/".parse().unwrap()),
            ..ProviderConfig::default()
        };
        config
            .credentials
            .insert("api_key".into(), cloud_core::Secret::new("sekrit-key-77"));
        let driver = SlicehostCompute::new(&config).unwrap();
        let shown = format!("{driver:?}");
        assert!(!shown.contains("sekrit-key-77"), "{shown}");
        use base64::Engine;
        let encoded = base64::engine::general_purpose::STANDARD.encode("sekrit-key-77:");
        assert!(!shown.contains(&encoded), "{shown}");
    }
}
