use crate::helpers::*;
use crate::on_both_backends;
use verbinding_store::{Backend, Db, MIGRATIONS_POSTGRES, MIGRATIONS_SQLITE, schema_version};

on_both_backends!(an_old_database_is_migrated_with_its_data, a_newer_database_is_refused);

/// Builds a database as the first release left it (only migration 1, with
/// data in it), then opens it with this build.
async fn an_old_database_is_migrated_with_its_data(b: Backend) {
    let (url, _dir) = fresh_database(b).await;
    let db = Db::connect(&url).await.expect("connect");
    let first = match b {
        Backend::Sqlite => &MIGRATIONS_SQLITE[0],
        Backend::Postgres => &MIGRATIONS_POSTGRES[0],
    };
    sqlx::raw_sql(first.sql).execute(db.raw()).await.expect("v1 schema");
    sqlx::raw_sql(
        "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL);
         INSERT INTO schema_migrations VALUES (1, 'foundation', 0);
         INSERT INTO organisations (code, name_nl, name_en, kind) VALUES ('BZ', 'Buitenlandse Zaken', 'Foreign Affairs', 'ministry');",
    )
    .execute(db.raw())
    .await
    .expect("v1 data");
    db.close().await;

    let db = Db::open(&url).await.expect("migrate");
    // The last version, not the count: versions may skip (another branch's).
    let latest = match b {
        Backend::Sqlite => MIGRATIONS_SQLITE,
        Backend::Postgres => MIGRATIONS_POSTGRES,
    }
    .last()
    .map_or(0, |m| m.version);
    assert_eq!(schema_version(&db).await.expect("version"), latest);
    let code: String = sqlx::query_scalar("SELECT code FROM organisations").fetch_one(db.raw()).await.expect("row");
    assert_eq!(code, "BZ");
    // Opening again is a no-op.
    db.close().await;
    let db = Db::open(&url).await.expect("reopen");
    assert_eq!(schema_version(&db).await.expect("version"), latest);
}

async fn a_newer_database_is_refused(b: Backend) {
    let (url, _dir) = fresh_database(b).await;
    let db = Db::open(&url).await.expect("open");
    sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)")
        .execute(db.raw())
        .await
        .expect("insert");
    db.close().await;
    let err = Db::open(&url).await.expect_err("must refuse");
    assert!(err.to_string().contains("newer than this program knows"), "{err}");
}
