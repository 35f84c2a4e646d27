//! Cloud Load Balancers answers.
