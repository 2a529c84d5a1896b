//! The pure domain of Verbinding: the rules, with no I/O and no clock.
//!
//! Storage and web layers call into these modules; nothing here knows about
//! databases, HTTP or the current time (time is always passed in).

pub mod access;
pub mod administration;
pub mod assessment;
pub mod assessment_step;
pub mod audit;
pub mod authority;
pub mod classification;
pub mod consultation;
pub mod decision;
pub mod directory;
pub mod dossier;
pub mod error;
pub mod incident;
pub mod marking;
pub mod misp;
pub mod partners;
pub mod portfolio;
pub mod response;
pub mod role;
pub mod strategy;
pub mod tlp;
pub mod vocabulary;

pub use error::{DomainError, FieldError};
