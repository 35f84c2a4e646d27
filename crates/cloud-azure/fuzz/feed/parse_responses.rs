//! What the `parse_responses` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the first byte picks a parser of the Azure driver (a VM
//! or VM list, a network interface, public IP or virtual network, a disk or snapshot,
//! an image or marketplace listing, sizes, locations, SSH keys, an operation status, or
//! the error parser with an HTTP status), the rest is the body. A parser may reject the
//! input, but must never panic.

use cloud_azure::{AzureErrorParser, model};
use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode};

/// Feeds one input to the parser its first byte picks.
pub fn feed(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    match selector % 20 {
        0 => {
            if let Ok(vm) = model::virtual_machine(body) {
                let _ = (vm.data_disks().len(), vm.power_state().map(str::len));
                drop(vm.into_node(&model::Addresses::default()));
            }
        }
        1 => drop(model::virtual_machines(body)),
        2 => {
            let mut addresses = model::Addresses::default();
            if let Ok(nic) = model::network_interface(body) {
                let id = nic.id.clone();
                addresses.add_interface(nic);
                drop(addresses.of(&[id]));
            }
        }
        3 => drop(model::network_interfaces(body)),
        4 => drop(model::public_ip(body)),
        5 => drop(model::public_ips(body)),
        6 => drop(model::subnet_names(body)),
        7 => drop(model::disk(body)),
        8 => drop(model::disks(body)),
        9 => drop(model::snapshot(body)),
        10 => drop(model::snapshots(body)),
        11 => drop(model::custom_image(body)),
        12 => drop(model::custom_images(body)),
        13 => drop(model::marketplace_skus(
            body,
            "Canonical",
            "ubuntu-24_04-lts",
        )),
        14 => drop((
            model::marketplace_versions(body),
            model::marketplace_version(body),
        )),
        15 => drop(model::vm_sizes(body)),
        16 => drop(model::locations(body)),
        17 => drop((
            model::ssh_public_key(body),
            model::ssh_public_keys(body),
            model::generated_key_pair(body, "k"),
        )),
        18 => drop(model::async_operation(body)),
        _ => {
            let status = StatusCode::from_u16(400 + u16::from(selector) % 200)
                .unwrap_or(StatusCode::BAD_REQUEST);
            drop(AzureErrorParser.parse(status, &HeaderMap::new(), body));
        }
    }
}
