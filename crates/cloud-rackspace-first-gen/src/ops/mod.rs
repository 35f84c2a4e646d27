//! The driver's calls, grouped by resource. Each module adds methods to
//! [`RackspaceFirstGenCompute`](crate::RackspaceFirstGenCompute); the `Compute`
//! implementation delegates to them.

mod catalog;
mod images;
mod nodes;
mod servers;
