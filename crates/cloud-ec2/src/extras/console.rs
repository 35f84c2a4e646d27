//! Console output.

use cloud_core::Result;

use crate::Ec2Compute;
use crate::client::query;
use crate::model::console_output_root;
use crate::ops::validate::id;

impl Ec2Compute {
    /// The instance's console output, base64-decoded (empty when AWS has none yet;
    /// it keeps about the last 64 KiB).
    pub async fn console_output(&self, instance_id: &str) -> Result<String> {
        let instance_id = id("instance id", instance_id, "console_output")?;
        let root = self
            .api
            .call(query("GetConsoleOutput").param("InstanceId", instance_id))
            .await?;
        console_output_root(&root)
            .map_err(|e| e.in_context(self.api.provider(), "GetConsoleOutput"))
    }
}
