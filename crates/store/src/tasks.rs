//! What people add to the tasks of a draaiboek run besides answers: notes
//! (claims, delegations, comments) read with the names of those involved,
//! and attachments (immutable files, kept in the database). The caller
//! checks that the viewer may see the execution first.

use crate::sql::Sql;
use crate::{Result, StoreError};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::access::VisibilityFilter;

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

pub async fn notes(conn: &mut AnyConnection, filter: &VisibilityFilter, execution: i64) -> Result<Vec<NamedNote>> {
    let mut sql = Sql::new(
        "SELECT n.task, n.kind, n.text, tu.name AS to_name, tu.email AS to_email, bu.name AS by_name, \
         bu.email AS by_email, n.at_ms FROM execution_task_notes n \
         LEFT JOIN execution_tasks t ON t.execution_id = n.execution_id AND t.task = n.task \
         LEFT JOIN users tu ON tu.id = n.to_user_id LEFT JOIN users bu ON bu.id = n.by_user_id WHERE n.execution_id = ",
    );
    sql.bind_int(execution).push(" AND ").cleared_task("t", filter).push(" ORDER BY n.id");
    Ok(sql.query_as().fetch_all(conn).await?)
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
                       FROM execution_task_attachments a JOIN users u ON u.id = a.uploaded_by \
                       LEFT JOIN execution_tasks t ON t.execution_id = a.execution_id AND t.task = a.task";

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
pub async fn attachments(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    execution: i64,
) -> Result<Vec<Attachment>> {
    let mut sql = Sql::new(&format!("SELECT {COLUMNS} WHERE a.execution_id = "));
    sql.bind_int(execution).push(" AND ").cleared_task("t", filter).push(" ORDER BY a.id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// One attachment of this execution with its bytes, if its task is not
/// marked above the reader's clearance (else NotFound, as for another run's).
pub async fn attachment(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    execution: i64,
    id: i64,
) -> Result<(Attachment, Vec<u8>)> {
    let mut sql = Sql::new(&format!("SELECT {COLUMNS} WHERE a.execution_id = "));
    sql.bind_int(execution).push(" AND a.id = ").bind_int(id).push(" AND ").cleared_task("t", filter);
    let meta: Attachment = sql.query_as().fetch_optional(&mut *conn).await?.ok_or(StoreError::NotFound)?;
    let (content,): (Vec<u8>,) =
        sqlx::query_as("SELECT content FROM execution_task_attachments WHERE id = $1").bind(id).fetch_one(conn).await?;
    Ok((meta, content))
}
