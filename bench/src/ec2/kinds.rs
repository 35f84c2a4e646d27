//! The fleets `ec2-list` lists: the realistic, varied one, and the uniform one every
//! earlier report used.

use super::fleet::Fleet;
use super::fleet_realistic;

/// A fleet generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FleetKind {
    /// [`fleet_realistic`]: every state, zero to forty tags, one or two interfaces, …
    Realistic,
    /// [`Fleet::generate`]: the same shape for every instance.
    Uniform,
}

impl FleetKind {
    /// Both, in report order.
    pub const ALL: [FleetKind; 2] = [FleetKind::Realistic, FleetKind::Uniform];

    /// Its name in the report.
    pub fn name(self) -> &'static str {
        match self {
            FleetKind::Realistic => "realistic",
            FleetKind::Uniform => "uniform",
        }
    }

    /// `n` instances of it.
    pub fn generate(self, n: usize) -> Fleet {
        match self {
            FleetKind::Realistic => fleet_realistic::generate(n),
            FleetKind::Uniform => Fleet::generate(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_makes_its_own_fleet() {
        let a = FleetKind::Realistic.generate(50);
        let b = FleetKind::Uniform.generate(50);
        assert_eq!((a.len(), b.len()), (50, 50));
        assert_ne!(a.instance(0), b.instance(0));
        assert_eq!(
            FleetKind::ALL.map(FleetKind::name),
            ["realistic", "uniform"]
        );
    }
}
