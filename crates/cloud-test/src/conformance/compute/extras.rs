//! Optional compute areas: key pairs (C4), volumes and snapshots (C5), server images (C6).
//! A feature the driver does not claim must answer `Unsupported`.

use cloud_core::ErrorKind;
use cloud_core::compute::{ComputeFeature, CopyImage, CreateVolume, Node};

use super::Suite;
use crate::conformance::{check, collect, fails, ok, unsupported, unsupported_stream};

/// Name of the snapshot C5.4 takes.
const SNAPSHOT_NAME: &str = "conformance-snap";

impl Suite<'_> {
    /// C4: import, list, get, delete; generate and delete.
    pub(super) async fn key_pairs(&self) {
        let (d, plan) = (self.driver, self.plan);
        let name = plan.key_pair_name.as_str();
        let generated = format!("{name}-gen");

        if !self.has(ComputeFeature::KeyPairs) {
            self.step("C4", "key pairs are not supported");
            unsupported_stream("C4", "list_key_pairs", d.list_key_pairs()).await;
            unsupported("C4", "get_key_pair", d.get_key_pair(name).await);
            unsupported("C4", "delete_key_pair", d.delete_key_pair(name).await);
            if !self.has(ComputeFeature::KeyPairImport) {
                unsupported(
                    "C4",
                    "import_key_pair",
                    d.import_key_pair(name, &plan.public_key).await,
                );
            }
            if !self.has(ComputeFeature::KeyPairCreate) {
                unsupported("C4", "create_key_pair", d.create_key_pair(&generated).await);
            }
            return;
        }

        self.step("C4.1", "import_key_pair, list, get, delete");
        if self.has(ComputeFeature::KeyPairImport) {
            let kp = ok(
                "C4.1",
                "import_key_pair",
                d.import_key_pair(name, &plan.public_key).await,
            );
            check(
                "C4.1",
                kp.name == name,
                format!("key pair name {name:?}"),
                &kp.name,
            );
            let all = collect("C4.1", "list_key_pairs", d.list_key_pairs()).await;
            let names: Vec<&str> = all.iter().map(|k| k.name.as_str()).collect();
            check(
                "C4.1",
                names.contains(&name),
                format!("key pair {name:?} among the key pairs"),
                &names,
            );
            let got = ok("C4.1", "get_key_pair", d.get_key_pair(name).await);
            check(
                "C4.1",
                got.name == name,
                format!("key pair name {name:?}"),
                &got.name,
            );
            ok("C4.1", "delete_key_pair", d.delete_key_pair(name).await);
            fails(
                "C4.1",
                "get_key_pair after delete",
                d.get_key_pair(name).await,
                &[ErrorKind::NotFound],
            );
        } else {
            unsupported(
                "C4.1",
                "import_key_pair",
                d.import_key_pair(name, &plan.public_key).await,
            );
        }

        self.step("C4.2", "create_key_pair, delete");
        if self.has(ComputeFeature::KeyPairCreate) {
            let kp = ok(
                "C4.2",
                "create_key_pair",
                d.create_key_pair(&generated).await,
            );
            let has_private = kp.private_key.as_ref().is_some_and(|k| !k.is_empty());
            check(
                "C4.2",
                has_private,
                "a private key in the result",
                kp.private_key.as_ref().map(|_| "an empty private key"),
            );
            ok("C4.2", "delete_key_pair", d.delete_key_pair(&kp.name).await);
        } else {
            unsupported(
                "C4.2",
                "create_key_pair",
                d.create_key_pair(&generated).await,
            );
        }
    }

    /// C5: create, list, attach, detach, snapshot, destroy.
    pub(super) async fn volumes(&self, node: &Node) {
        let (d, plan) = (self.driver, self.plan);
        let request = CreateVolume {
            name: plan.volume_name.clone(),
            size_gib: plan.volume_size_gib,
            location: plan.location.clone(),
            ..Default::default()
        };

        if !self.has(ComputeFeature::Volumes) {
            self.step("C5", "volumes are not supported");
            let missing = plan.volume_name.as_str();
            unsupported_stream("C5", "list_volumes", d.list_volumes()).await;
            unsupported("C5", "create_volume", d.create_volume(&request).await);
            unsupported(
                "C5",
                "attach_volume",
                d.attach_volume(missing, &node.id, None).await,
            );
            unsupported("C5", "detach_volume", d.detach_volume(missing).await);
            unsupported("C5", "destroy_volume", d.destroy_volume(missing).await);
            if !self.has(ComputeFeature::Snapshots) {
                unsupported_stream("C5", "list_snapshots", d.list_snapshots()).await;
            }
            return;
        }

        self.step("C5.1", "create_volume");
        let volume = ok("C5.1", "create_volume", d.create_volume(&request).await);
        check(
            "C5.1",
            !volume.id.is_empty(),
            "a non-empty volume id",
            &volume.id,
        );
        check(
            "C5.1",
            volume.size_gib == plan.volume_size_gib,
            format!("size_gib {}", plan.volume_size_gib),
            volume.size_gib,
        );

        self.step("C5.2", "list_volumes");
        let all = collect("C5.2", "list_volumes", d.list_volumes()).await;
        let ids: Vec<&str> = all.iter().map(|v| v.id.as_str()).collect();
        check(
            "C5.2",
            ids.contains(&volume.id.as_str()),
            format!("volume {:?} among the volumes", volume.id),
            &ids,
        );

        self.step("C5.3", "attach_volume, detach_volume");
        ok(
            "C5.3",
            "attach_volume",
            d.attach_volume(&volume.id, &node.id, None).await,
        );
        ok("C5.3", "detach_volume", d.detach_volume(&volume.id).await);

        self.step("C5.4", "create_snapshot, list_snapshots, destroy_snapshot");
        if self.has(ComputeFeature::Snapshots) {
            let snap = ok(
                "C5.4",
                "create_snapshot",
                d.create_snapshot(&volume.id, Some(SNAPSHOT_NAME)).await,
            );
            check(
                "C5.4",
                !snap.id.is_empty(),
                "a non-empty snapshot id",
                &snap.id,
            );
            let all = collect("C5.4", "list_snapshots", d.list_snapshots()).await;
            let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
            check(
                "C5.4",
                ids.contains(&snap.id.as_str()),
                format!("snapshot {:?} among the snapshots", snap.id),
                &ids,
            );
            ok(
                "C5.4",
                "destroy_snapshot",
                d.destroy_snapshot(&snap.id).await,
            );
        } else {
            unsupported(
                "C5.4",
                "create_snapshot",
                d.create_snapshot(&volume.id, Some(SNAPSHOT_NAME)).await,
            );
            unsupported_stream("C5.4", "list_snapshots", d.list_snapshots()).await;
        }

        self.step("C5.5", "destroy_volume");
        ok("C5.5", "destroy_volume", d.destroy_volume(&volume.id).await);
    }

    /// C6: an image from the node, a copy of it, and deleting both.
    pub(super) async fn server_images(&self, node: &Node) {
        let (d, plan) = (self.driver, self.plan);
        let copy_name = format!("{}-copy", plan.image_name);

        if !self.has(ComputeFeature::ImageCreate) {
            self.step("C6", "server images are not supported");
            unsupported(
                "C6",
                "create_image",
                d.create_image(&node.id, &plan.image_name).await,
            );
            unsupported("C6", "delete_image", d.delete_image(&plan.image_name).await);
            if !self.has(ComputeFeature::ImageCopy) {
                let copy = CopyImage {
                    source_image: plan.image.clone(),
                    name: copy_name,
                    ..Default::default()
                };
                unsupported("C6", "copy_image", d.copy_image(&copy).await);
            }
            return;
        }

        self.step("C6.1", "create_image");
        let image = ok(
            "C6.1",
            "create_image",
            d.create_image(&node.id, &plan.image_name).await,
        );
        check(
            "C6.1",
            !image.id.is_empty(),
            "a non-empty image id",
            &image.id,
        );

        self.step("C6.2", "copy_image, delete_image");
        let copy = CopyImage {
            source_image: image.id.clone(),
            name: copy_name,
            ..Default::default()
        };
        if self.has(ComputeFeature::ImageCopy) {
            let copied = ok("C6.2", "copy_image", d.copy_image(&copy).await);
            check(
                "C6.2",
                !copied.id.is_empty(),
                "a non-empty image id",
                &copied.id,
            );
            ok("C6.2", "delete_image", d.delete_image(&copied.id).await);
        } else {
            unsupported("C6.2", "copy_image", d.copy_image(&copy).await);
        }

        self.step("C6.3", "delete_image");
        ok("C6.3", "delete_image", d.delete_image(&image.id).await);
    }
}
