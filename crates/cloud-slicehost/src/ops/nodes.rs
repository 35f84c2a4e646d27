//! Slices as nodes, including the provider-only hard reboot.

use cloud_core::compute::{Compute, CreateNode, Node};
use cloud_core::http::Method;
use cloud_core::{BoxStream, Error, Result, ids};

use crate::model::{self, LOCATION_ID};
use crate::{PROVIDER_ID, SlicehostCompute};

impl SlicehostCompute {
    pub(crate) fn nodes(&self) -> BoxStream<'_, Result<Node>> {
        self.api
            .list("list_nodes", "slices.xml", model::parse_slices)
    }

    pub(crate) async fn node(&self, id: &str) -> Result<Node> {
        const OP: &str = "get_node";
        let id = slice_id(id, OP)?;
        self.api
            .parsed(
                OP,
                Method::GET,
                &format!("slices/{id}.xml"),
                model::parse_slice,
            )
            .await
    }

    /// Checks everything that can be checked locally, then `POST /slices.xml`.
    pub(crate) async fn create(&self, request: &CreateNode) -> Result<Node> {
        const OP: &str = "create_node";
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
        self.refuse_undeclared(request)?;
        let resp = self
            .api
            .send_xml(
                OP,
                Method::POST,
                "slices.xml",
                create_body(name, flavor, image),
            )
            .await?;
        model::parse_slice(&resp.body).map_err(|e| e.in_context(PROVIDER_ID, OP))
    }

    pub(crate) async fn destroy(&self, id: &str) -> Result<()> {
        const OP: &str = "destroy_node";
        let id = slice_id(id, OP)?;
        self.api
            .send(OP, Method::DELETE, &format!("slices/{id}.xml"))
            .await?;
        Ok(())
    }

    /// `PUT /slices/ID/reboot.xml`: a clean restart.
    pub(crate) async fn reboot(&self, id: &str) -> Result<()> {
        const OP: &str = "reboot_node";
        let id = slice_id(id, OP)?;
        self.api
            .send(OP, Method::PUT, &format!("slices/{id}/reboot.xml"))
            .await?;
        Ok(())
    }

    /// Hard-reboots a slice (`PUT /slices/ID/hard_reboot.xml`): a power cycle rather
    /// than a clean restart. Returns the slice as Slicehost reports it afterwards.
    /// Provider-only: reach it from a `dyn Compute` through [`Compute::as_any`].
    pub async fn hard_reboot(&self, id: &str) -> Result<Node> {
        const OP: &str = "hard_reboot";
        let id = slice_id(id, OP)?;
        self.api
            .parsed(
                OP,
                Method::PUT,
                &format!("slices/{id}/hard_reboot.xml"),
                model::parse_slice,
            )
            .await
    }

    /// Refuses what the capabilities do not declare: Slicehost takes no first-login
    /// credentials, tags or user data. A refused credential says why: Slicehost makes
    /// the root password itself and answers it in the node's `extra["root_password"]`.
    fn refuse_undeclared(&self, request: &CreateNode) -> Result<()> {
        self.capabilities()
            .check_create(PROVIDER_ID, request)
            .map_err(|err| match &request.auth {
                None => err,
                Some(_) => Error::new(
                    err.kind(),
                    format!(
                        "{}: Slicehost sets the first-login credentials itself and answers \
                         the root password in the node's extra[\"root_password\"]",
                        err.message()
                    ),
                )
                .with_provider(PROVIDER_ID)
                .with_operation("create_node"),
            })
    }
}

/// A slice id (a decimal number) before it goes into a path. Anything else cannot name
/// a slice: `NotFound`, and no request is sent.
fn slice_id(id: &str, operation: &str) -> Result<u64> {
    ids::numeric(PROVIDER_ID, "slice", id, operation)
}

/// A flavor or image id of a create: a decimal number, else `InvalidInput`.
fn numeric_arg<'a>(value: &'a str, what: &str) -> Result<&'a str> {
    match ids::numeric(PROVIDER_ID, what, value, "create_node") {
        Ok(_) => Ok(value),
        Err(_) => Err(invalid(format!(
            "{what} {value:?} is not a Slicehost {what}: those are numbers"
        ))),
    }
}

/// An `InvalidInput` error of `create_node`.
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

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::compute::NodeAuth;
    use cloud_core::{ErrorKind, ProviderConfig, Secret};

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
        assert_eq!(slice_id("4521", "get_node").unwrap(), 4521);
        let err = numeric_arg("big", "flavor id").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.message().contains("flavor id \"big\""), "{err}");
        assert_eq!(numeric_arg("10", "image id").unwrap(), "10");
    }

    #[tokio::test]
    async fn create_refuses_what_the_capabilities_do_not_declare() {
        let mut config = ProviderConfig {
            endpoint: Some("http://127.0.0.1:9/".parse().unwrap()),
            ..ProviderConfig::default()
        };
        config
            .credentials
            .insert("api_key".into(), Secret::new("k"));
        let driver = SlicehostCompute::new(&config).unwrap();
        let base = || CreateNode::new("x", "1", "10");
        let cases = [
            (
                CreateNode {
                    auth: Some(NodeAuth::SshKey {
                        public_key: "ssh-ed25519 AAAA".into(),
                    }),
                    ..base()
                },
                "root_password",
            ),
            (
                CreateNode {
                    auth: Some(NodeAuth::KeyPairName { name: "k".into() }),
                    ..base()
                },
                "first-login credentials",
            ),
            (
                CreateNode {
                    tags: [("team".to_string(), "blue".to_string())].into(),
                    ..base()
                },
                "tags",
            ),
            (
                CreateNode {
                    user_data: Some("#!/bin/sh".into()),
                    ..base()
                },
                "user data",
            ),
        ];
        for (request, says) in cases {
            let err = driver.create_node(&request).await.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
            assert_eq!(err.operation(), Some("create_node"));
            assert!(err.message().contains(says), "{err}");
        }
    }
}
