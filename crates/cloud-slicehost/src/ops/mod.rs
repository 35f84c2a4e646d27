//! The driver's calls, grouped by resource. Each module adds methods to
//! [`SlicehostCompute`](crate::SlicehostCompute); the `Compute` implementation delegates
//! to them.

mod catalog;
mod images;
mod nodes;
