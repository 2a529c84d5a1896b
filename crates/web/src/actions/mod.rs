//! Application actions shared by pages and the API: validate with the domain,
//! change storage and append the audit event in one transaction.

pub mod assessments;
pub mod catalogue;
pub mod dossiers;
pub mod incidents;
pub mod response;
pub mod users;
