//! Files kept as evidence of a measurement: immutable, in the database,
//! read without their bytes for lists. The caller checks that the viewer
//! may see the measurement's indicator first.

use crate::sql::{Arg, Sql};
use crate::{Result, StoreError};
use sqlx::{Any, AnyConnection, FromRow, Transaction};

/// An evidence file as stored, without its bytes.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct EvidenceFile {
    pub id: i64,
    pub measurement_id: i64,
    pub file_name: String,
    pub original_name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by_name: String,
    pub uploaded_at: i64,
}

/// A file to keep: its checked name, type and digest, and its bytes.
pub struct NewFile<'a> {
    pub file_name: &'a str,
    pub original_name: &'a str,
    pub media_type: &'a str,
    pub sha256: &'a str,
    pub uploaded_by: i64,
    pub content: &'a [u8],
}

const SELECT: &str = "SELECT f.id, f.measurement_id, f.file_name, f.original_name, f.media_type, f.size, f.sha256, \
                      u.name AS uploaded_by_name, f.uploaded_at FROM measurement_files f \
                      JOIN users u ON u.id = f.uploaded_by";

pub async fn add(tx: &mut Transaction<'_, Any>, measurement: i64, f: &NewFile<'_>, now_ms: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO measurement_files (measurement_id, file_name, original_name, media_type, size, sha256, \
         uploaded_by, uploaded_at, content) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(measurement)
    .bind(f.file_name)
    .bind(f.original_name)
    .bind(f.media_type)
    .bind(f.content.len() as i64)
    .bind(f.sha256)
    .bind(f.uploaded_by)
    .bind(now_ms)
    .bind(f.content.to_vec())
    .fetch_one(&mut **tx)
    .await?)
}

/// The files of these measurements, in the order they were added.
pub async fn of_measurements(conn: &mut AnyConnection, measurements: &[i64]) -> Result<Vec<EvidenceFile>> {
    let mut sql = Sql::new(&format!("{SELECT} WHERE f.measurement_id IN "));
    sql.bind_list(measurements.iter().map(|i| Arg::Int(*i))).push(" ORDER BY f.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// One file with its bytes.
pub async fn get(conn: &mut AnyConnection, id: i64) -> Result<(EvidenceFile, Vec<u8>)> {
    let meta: EvidenceFile = sqlx::query_as(&format!("{SELECT} WHERE f.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let (content,): (Vec<u8>,) =
        sqlx::query_as("SELECT content FROM measurement_files WHERE id = $1").bind(id).fetch_one(conn).await?;
    Ok((meta, content))
}
