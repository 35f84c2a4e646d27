//! A stand-in for the Google metadata server's project id
//! (`/computeMetadata/v1/project/project-id`), as the drivers on Google Cloud ask it.

use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Where the metadata server answers the instance's project id.
pub const PROJECT_PATH: &str = "/computeMetadata/v1/project/project-id";

/// A metadata server naming `project`, to requests that carry `Metadata-Flavor:
/// Google`, with that header on its answer. It expects to be asked exactly once: the
/// test fails when the server is dropped otherwise.
pub async fn naming_project(project: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(PROJECT_PATH))
        .and(header("metadata-flavor", "Google"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("metadata-flavor", "Google")
                .set_body_string(project),
        )
        .expect(1)
        .mount(&server)
        .await;
    server
}
