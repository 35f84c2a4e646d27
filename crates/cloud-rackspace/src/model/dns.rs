//! Cloud DNS answers.
