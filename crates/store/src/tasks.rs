//! What people add to the tasks of a draaiboek run besides answers: notes
//! (claims, delegations, comments) read with the names of those involved,
//! and attachments (immutable files, kept in the database). The caller
//! checks that the viewer may see the execution first.

use crate::{Result, StoreError};
use sqlx::{Any, AnyConnection, FromRow, Transaction};

/// A note on a task with the people's names and emails.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct NamedNote {
    pub task: String,
    pub kind: String,
    pub text: String,
    pub to_name: Option<String>,
    pub to_email: Option<String>,
    pub by_name: Option<String>,
    pub by_email: Option<String>,
    pub at_ms: i64,
}

pub async fn notes(conn: &mut AnyConnection, execution: i64) -> Result<Vec<NamedNote>> {
    Ok(sqlx::query_as(
        "SELECT n.task, n.kind, n.text, tu.name AS to_name, tu.email AS to_email, bu.name AS by_name, \
         bu.email AS by_email, n.at_ms FROM execution_task_notes n \
         LEFT JOIN users tu ON tu.id = n.to_user_id LEFT JOIN users bu ON bu.id = n.by_user_id \
         WHERE n.execution_id = $1 ORDER BY n.id",
    )
    .bind(execution)
    .fetch_all(conn)
    .await?)
}

/// An attachment as stored, without its bytes.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Attachment {
    pub id: i64,
    pub execution_id: i64,
    pub task: String,
    pub file_name: String,
    pub original_name: String,
    pub media_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_by_name: String,
    pub uploaded_at: i64,
}

pub struct NewAttachment<'a> {
    pub execution_id: i64,
    pub task: &'a str,
    pub file_name: &'a str,
    pub original_name: &'a str,
    pub media_type: &'a str,
    pub sha256: &'a str,
    pub uploaded_by: i64,
    pub content: &'a [u8],
}

const COLUMNS: &str = "a.id, a.execution_id, a.task, a.file_name, a.original_name, a.media_type, a.size, a.sha256, \
                       u.email AS uploaded_by, u.name AS uploaded_by_name, a.uploaded_at \
                       FROM execution_task_attachments a JOIN users u ON u.id = a.uploaded_by";

pub async fn add_attachment(tx: &mut Transaction<'_, Any>, a: &NewAttachment<'_>, now_ms: i64) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO execution_task_attachments (execution_id, task, file_name, original_name, media_type, size, \
         sha256, uploaded_by, uploaded_at, content) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(a.execution_id)
    .bind(a.task)
    .bind(a.file_name)
    .bind(a.original_name)
    .bind(a.media_type)
    .bind(a.content.len() as i64)
    .bind(a.sha256)
    .bind(a.uploaded_by)
    .bind(now_ms)
    .bind(a.content.to_vec())
    .fetch_one(&mut **tx)
    .await?)
}

/// Every attachment of an execution, in the order they were added.
pub async fn attachments(conn: &mut AnyConnection, execution: i64) -> Result<Vec<Attachment>> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} WHERE a.execution_id = $1 ORDER BY a.id"))
        .bind(execution)
        .fetch_all(conn)
        .await?)
}

/// One attachment of this execution with its bytes.
pub async fn attachment(conn: &mut AnyConnection, execution: i64, id: i64) -> Result<(Attachment, Vec<u8>)> {
    let meta: Attachment = sqlx::query_as(&format!("SELECT {COLUMNS} WHERE a.execution_id = $1 AND a.id = $2"))
        .bind(execution)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let (content,): (Vec<u8>,) =
        sqlx::query_as("SELECT content FROM execution_task_attachments WHERE id = $1").bind(id).fetch_one(conn).await?;
    Ok((meta, content))
}
