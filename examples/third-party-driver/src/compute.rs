//! The compute driver: `impl Compute` for the notebook, each call a read or a change of
//! the file, run on tokio's blocking pool so file work and lock waits never hold up the
//! async threads.

use std::any::Any;

use async_trait::async_trait;
use chrono::Utc;
use futures::stream;
use libcloud::core::paginate::stream_of_list;
use libcloud::{
    BoxStream, Compute, ComputeCapabilities, ComputeFeature, CreateNode, Error, ErrorKind, Image,
    Location, Node, Result, Size,
};

use crate::record::Page;
use crate::settings::NotebookSettings;
use crate::store::Notebook;
use crate::{PROVIDER_ID, catalog, nodes};

/// The notebook's compute driver: nodes written down in a JSON file.
///
/// Several drivers, in one process or many, may share a file: every change happens
/// under a file lock.
#[derive(Debug, Clone)]
pub struct NotebookCompute {
    settings: NotebookSettings,
    notebook: Notebook,
}

impl NotebookCompute {
    /// A driver keeping its nodes where `settings` say. Nothing is read or created
    /// until the first call.
    pub fn new(settings: NotebookSettings) -> Self {
        NotebookCompute {
            notebook: Notebook::new(settings.file.clone()),
            settings,
        }
    }

    /// The settings the driver was made with.
    pub fn settings(&self) -> &NotebookSettings {
        &self.settings
    }

    /// Runs `read` on the notebook's contents, off the async threads.
    async fn read<T, F>(&self, operation: &'static str, read: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Page) -> Result<T> + Send + 'static,
    {
        let notebook = self.notebook.clone();
        blocking(operation, move || read(&notebook.read()?)).await
    }

    /// Runs `change` on the notebook's contents under its lock, off the async threads.
    async fn change<T, F>(&self, operation: &'static str, change: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Page) -> Result<T> + Send + 'static,
    {
        let notebook = self.notebook.clone();
        blocking(operation, move || notebook.change(change)).await
    }
}

/// Runs `work` on tokio's blocking pool, naming the provider and `operation` in its
/// error.
async fn blocking<T, F>(operation: &'static str, work: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T> + Send + 'static,
{
    let result = match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(join) => Err(Error::new(
            ErrorKind::Io,
            format!("the notebook task failed: {join}"),
        )),
    };
    result.map_err(|e| e.in_context(PROVIDER_ID, operation))
}

#[async_trait]
impl Compute for NotebookCompute {
    fn provider_id(&self) -> &str {
        PROVIDER_ID
    }

    /// Reboots are counted, images can be fetched by id and nodes keep their tags;
    /// nothing else optional is offered.
    fn capabilities(&self) -> ComputeCapabilities {
        ComputeCapabilities::with([
            ComputeFeature::Reboot,
            ComputeFeature::GetImage,
            ComputeFeature::Tags,
        ])
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn list_nodes(&self) -> BoxStream<'_, Result<Node>> {
        stream_of_list(self.read("list_nodes", |page| {
            Ok(page.nodes.iter().map(|n| n.to_node()).collect())
        }))
    }

    async fn get_node(&self, id: &str) -> Result<Node> {
        let id = id.to_string();
        self.read(
            "get_node",
            move |page| Ok(nodes::find(page, &id)?.to_node()),
        )
        .await
    }

    async fn create_node(&self, request: &CreateNode) -> Result<Node> {
        self.capabilities().check_create(PROVIDER_ID, request)?;
        let request = request.clone();
        let max_nodes = self.settings.max_nodes;
        self.change("create_node", move |page| {
            Ok(nodes::create(page, &request, max_nodes, Utc::now())?.to_node())
        })
        .await
    }

    async fn reboot_node(&self, id: &str) -> Result<()> {
        let id = id.to_string();
        self.change("reboot_node", move |page| {
            nodes::reboot(page, &id, Utc::now())
        })
        .await
    }

    async fn destroy_node(&self, id: &str) -> Result<()> {
        let id = id.to_string();
        self.change("destroy_node", move |page| nodes::destroy(page, &id))
            .await
    }

    fn list_sizes(&self) -> BoxStream<'_, Result<Size>> {
        Box::pin(stream::iter(catalog::sizes().into_iter().map(Ok)))
    }

    fn list_images(&self) -> BoxStream<'_, Result<Image>> {
        Box::pin(stream::iter(catalog::images().into_iter().map(Ok)))
    }

    async fn get_image(&self, id: &str) -> Result<Image> {
        catalog::image(id).map_err(|e| e.with_operation("get_image"))
    }

    fn list_locations(&self) -> BoxStream<'_, Result<Location>> {
        Box::pin(stream::iter(catalog::locations().into_iter().map(Ok)))
    }
}
