//! Integration tests: the real server, a fresh database per test, on SQLite
//! and PostgreSQL. Each module tells one part of the users' story.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]
#![allow(
    clippy::let_underscore_must_use,
    clippy::clone_on_ref_ptr,
    reason = "test code: clean-up that may fail (a temp dir, a killed child) and shared fixtures"
)]

mod fixtures;
mod foresight;
mod helpers;

mod assessments;
mod audit_trail;
mod authentication;
mod authority_admin;
mod authority_credentials;
mod authority_graphs;
mod authority_headers;
mod authority_marking;
mod authority_playbooks;
mod authority_reads;
mod authority_steps;
mod authorization_matrix;
mod caching;
mod cli;
mod consultations;
mod contracts;
mod crash;
mod decisions;
mod directory;
mod dossiers;
mod evaluation;
mod evidence;
mod execution_tasks;
mod executions;
mod exports;
mod incidents;
mod migrations;
mod operations;
mod playbook_import_page;
mod playbooks;
mod portfolio;
mod response;
mod reviews;
mod run_history;
mod service_matrix;
mod signing;
mod standalone_runs;
mod step_assessments;
mod strategy;
mod time_zones;
