//! Embedded, forward-only migrations, one list per backend, applied at start.
//! A database newer than this binary is refused rather than guessed at.

use crate::{Backend, Db};

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub const MIGRATIONS_SQLITE: &[Migration] = &[
    Migration { version: 1, name: "foundation", sql: include_str!("../migrations/sqlite/0001_foundation.sql") },
    Migration { version: 2, name: "lookup_indexes", sql: include_str!("../migrations/sqlite/0002_lookup_indexes.sql") },
    Migration { version: 3, name: "incidents", sql: include_str!("../migrations/sqlite/0003_incidents.sql") },
    Migration { version: 4, name: "assessments", sql: include_str!("../migrations/sqlite/0004_assessments.sql") },
    Migration { version: 5, name: "response", sql: include_str!("../migrations/sqlite/0005_response.sql") },
    Migration { version: 6, name: "partners", sql: include_str!("../migrations/sqlite/0006_partners.sql") },
    Migration {
        version: 7,
        name: "consultation_decisions",
        sql: include_str!("../migrations/sqlite/0007_consultation_decisions.sql"),
    },
    Migration {
        version: 8,
        name: "incident_list_indexes",
        sql: include_str!("../migrations/sqlite/0008_incident_list_indexes.sql"),
    },
    Migration { version: 9, name: "playbooks", sql: include_str!("../migrations/sqlite/0009_playbooks.sql") },
    Migration { version: 10, name: "executions", sql: include_str!("../migrations/sqlite/0010_executions.sql") },
    Migration {
        version: 11,
        name: "execution_journal",
        sql: include_str!("../migrations/sqlite/0011_execution_journal.sql"),
    },
    Migration {
        version: 12,
        name: "task_attachments",
        sql: include_str!("../migrations/sqlite/0012_task_attachments.sql"),
    },
    Migration { version: 13, name: "object_owner", sql: include_str!("../migrations/sqlite/0013_object_owner.sql") },
    Migration { version: 14, name: "token_expiry", sql: include_str!("../migrations/sqlite/0014_token_expiry.sql") },
    Migration {
        version: 15,
        name: "task_classification",
        sql: include_str!("../migrations/sqlite/0015_task_classification.sql"),
    },
    Migration {
        version: 16,
        name: "decision_review",
        sql: include_str!("../migrations/sqlite/0016_decision_review.sql"),
    },
    Migration { version: 17, name: "strategy", sql: include_str!("../migrations/sqlite/0017_strategy.sql") },
    Migration { version: 18, name: "portfolio", sql: include_str!("../migrations/sqlite/0018_portfolio.sql") },
    Migration { version: 19, name: "reviews", sql: include_str!("../migrations/sqlite/0019_reviews.sql") },
    Migration { version: 20, name: "foresight", sql: include_str!("../migrations/sqlite/0020_foresight.sql") },
    Migration { version: 21, name: "serving work", sql: include_str!("../migrations/sqlite/0021_serving_work.sql") },
    Migration {
        version: 22,
        name: "measurement evidence",
        sql: include_str!("../migrations/sqlite/0022_measurement_evidence.sql"),
    },
    Migration {
        version: 23,
        name: "signpost re-arming",
        sql: include_str!("../migrations/sqlite/0023_signpost_rearming.sql"),
    },
    Migration {
        version: 24,
        name: "user time zone",
        sql: include_str!("../migrations/sqlite/0024_user_time_zone.sql"),
    },
    Migration {
        version: 25,
        name: "consultation delegation",
        sql: include_str!("../migrations/sqlite/0025_consultation_delegation.sql"),
    },
    Migration {
        version: 26,
        name: "assessment from task",
        sql: include_str!("../migrations/sqlite/0026_assessment_from_task.sql"),
    },
];

pub const MIGRATIONS_POSTGRES: &[Migration] = &[
    Migration { version: 1, name: "foundation", sql: include_str!("../migrations/postgres/0001_foundation.sql") },
    Migration {
        version: 2,
        name: "lookup_indexes",
        sql: include_str!("../migrations/postgres/0002_lookup_indexes.sql"),
    },
    Migration { version: 3, name: "incidents", sql: include_str!("../migrations/postgres/0003_incidents.sql") },
    Migration { version: 4, name: "assessments", sql: include_str!("../migrations/postgres/0004_assessments.sql") },
    Migration { version: 5, name: "response", sql: include_str!("../migrations/postgres/0005_response.sql") },
    Migration { version: 6, name: "partners", sql: include_str!("../migrations/postgres/0006_partners.sql") },
    Migration {
        version: 7,
        name: "consultation_decisions",
        sql: include_str!("../migrations/postgres/0007_consultation_decisions.sql"),
    },
    Migration {
        version: 8,
        name: "incident_list_indexes",
        sql: include_str!("../migrations/postgres/0008_incident_list_indexes.sql"),
    },
    Migration { version: 9, name: "playbooks", sql: include_str!("../migrations/postgres/0009_playbooks.sql") },
    Migration { version: 10, name: "executions", sql: include_str!("../migrations/postgres/0010_executions.sql") },
    Migration {
        version: 11,
        name: "execution_journal",
        sql: include_str!("../migrations/postgres/0011_execution_journal.sql"),
    },
    Migration {
        version: 12,
        name: "task_attachments",
        sql: include_str!("../migrations/postgres/0012_task_attachments.sql"),
    },
    Migration { version: 13, name: "object_owner", sql: include_str!("../migrations/postgres/0013_object_owner.sql") },
    Migration { version: 14, name: "token_expiry", sql: include_str!("../migrations/postgres/0014_token_expiry.sql") },
    Migration {
        version: 15,
        name: "task_classification",
        sql: include_str!("../migrations/postgres/0015_task_classification.sql"),
    },
    Migration {
        version: 16,
        name: "decision_review",
        sql: include_str!("../migrations/postgres/0016_decision_review.sql"),
    },
    Migration { version: 17, name: "strategy", sql: include_str!("../migrations/postgres/0017_strategy.sql") },
    Migration { version: 18, name: "portfolio", sql: include_str!("../migrations/postgres/0018_portfolio.sql") },
    Migration { version: 19, name: "reviews", sql: include_str!("../migrations/postgres/0019_reviews.sql") },
    Migration { version: 20, name: "foresight", sql: include_str!("../migrations/postgres/0020_foresight.sql") },
    Migration { version: 21, name: "serving work", sql: include_str!("../migrations/postgres/0021_serving_work.sql") },
    Migration {
        version: 22,
        name: "measurement evidence",
        sql: include_str!("../migrations/postgres/0022_measurement_evidence.sql"),
    },
    Migration {
        version: 23,
        name: "signpost re-arming",
        sql: include_str!("../migrations/postgres/0023_signpost_rearming.sql"),
    },
    Migration {
        version: 24,
        name: "user time zone",
        sql: include_str!("../migrations/postgres/0024_user_time_zone.sql"),
    },
    Migration {
        version: 25,
        name: "consultation delegation",
        sql: include_str!("../migrations/postgres/0025_consultation_delegation.sql"),
    },
    Migration {
        version: 26,
        name: "assessment from task",
        sql: include_str!("../migrations/postgres/0026_assessment_from_task.sql"),
    },
];

#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error("the database has schema version {found}, newer than this program knows ({known}); upgrade Verbinding")]
    TooNew { found: i64, known: i64 },
    #[error("migration {version} ({name}) failed: {source}")]
    Failed { version: i64, name: &'static str, source: sqlx::Error },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

pub(crate) async fn run(db: &Db) -> Result<(), MigrationError> {
    let list = match db.backend {
        Backend::Sqlite => MIGRATIONS_SQLITE,
        Backend::Postgres => MIGRATIONS_POSTGRES,
    };
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .execute(&db.pool)
    .await?;
    let current: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetch_one(&db.pool).await?;
    let known = list.last().map(|m| m.version).unwrap_or(0);
    if current > known {
        return Err(MigrationError::TooNew { found: current, known });
    }
    for m in list.iter().filter(|m| m.version > current) {
        let mut tx = db.write().await.map_err(|e| match e {
            crate::StoreError::Database(e) => MigrationError::Database(e),
            other => MigrationError::Database(sqlx::Error::Protocol(other.to_string())),
        })?;
        sqlx::raw_sql(m.sql).execute(&mut **tx).await.map_err(|source| MigrationError::Failed {
            version: m.version,
            name: m.name,
            source,
        })?;
        // Applied-at is informational; the migration order is the version.
        sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, 0)")
            .bind(m.version)
            .bind(m.name)
            .execute(&mut **tx)
            .await?;
        tx.commit().await?;
        tracing::info!(version = m.version, name = m.name, "migration applied");
    }
    Ok(())
}

/// The schema version a database is at (for diagnostics and tests).
pub async fn schema_version(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetch_one(&db.pool).await
}
