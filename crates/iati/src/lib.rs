//! IATI 2.03 activity files (<https://iatistandard.org/en/iati-standard/203/activity-standard/>).
//!
//! Verbinding publishes its capacity-building projects as IATI activities and
//! imports activities other donors publish. It keeps the part of the standard
//! a results framework needs: who reports, funds and implements, where, in
//! which sectors, with which money, and the results with their indicators,
//! baselines, targets and actuals. Everything else in a file it reads is
//! reported as not kept, never silently dropped.
//!
//! Codes stay the standard's own codes (strings such as `"2"` for an outcome
//! result); decimal values stay the text the file had, so a value read and
//! written again is the same value. The crate does no I/O: [`read()`] turns
//! text into [`Activities`] (and lists what it did not keep), [`write()`] turns
//! them back into text, and [`check()`] says what an activity lacks for a file
//! the official schema accepts.

pub mod check;
pub mod model;
pub mod read;
pub mod write;

pub use check::{Problem, check, check_activities};
pub use model::*;
pub use read::{Read, ReadError, read};
pub use write::write;
