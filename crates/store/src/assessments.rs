//! Assessments: marked objects of their own, attached to an incident,
//! versioned. Content is visible through the object's marking; mere
//! existence through the metadata classification.

use crate::incidents::{NewEvent, add_event};
use crate::sql::{Arg, Sql};
use crate::{Result, StoreError, objects};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::assessment::{AssessmentContent, AssessmentKind, ValidAssessment};

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Assessment {
    pub id: i64,
    pub incident_id: i64,
    /// A stored identifier outside the vocabulary does not decode (a storage error).
    #[sqlx(try_from = "String")]
    pub kind: AssessmentKind,
    pub author_org_code: String,
    #[serde(skip)]
    pub author_org_id: i64,
    pub meta_classification: String,
    pub classification: String,
    pub tlp: String,
    #[serde(serialize_with = "crate::as_bool")]
    pub open_to_all: i64,
    #[serde(skip)]
    #[sqlx(rename = "content")]
    pub content_json: String,
    /// Serialised flat, like the request body.
    #[sqlx(skip)]
    #[serde(flatten)]
    pub content: AssessmentContent,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// The run whose task's answer this assessment was recorded from, if any.
    pub execution_id: Option<i64>,
    pub task: Option<String>,
    #[sqlx(skip)]
    pub need_to_know: Vec<String>,
    #[sqlx(skip)]
    pub need_to_know_users: Vec<String>,
}

/// An assessment the caller may know exists but not read.
#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct RestrictedAssessment {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: AssessmentKind,
    pub author_org_code: String,
    pub meta_classification: String,
    pub updated_at: i64,
}

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct AssessmentVersion {
    pub version: i64,
    #[serde(skip)]
    #[sqlx(rename = "content")]
    pub content_json: String,
    #[sqlx(skip)]
    #[serde(flatten)]
    pub content: AssessmentContent,
    pub classification: String,
    pub tlp: String,
    pub edited_by: Option<String>,
    pub edited_at: i64,
}

const SELECT: &str = "SELECT o.id, a.incident_id, a.kind, org.code AS author_org_code, a.author_org_id, a.meta_classification, \
     o.classification, o.tlp, o.open_to_all, a.content, a.version, o.created_at, a.updated_at, a.execution_id, a.task \
     FROM assessments a JOIN objects o ON o.id = a.object_id JOIN organisations org ON org.id = a.author_org_id";

fn content_json(c: &AssessmentContent) -> String {
    serde_json::to_string(c).unwrap_or_else(|_| "{}".into())
}

async fn write_version(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    version: i64,
    a: &ValidAssessment,
    by: i64,
    now_ms: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO assessment_versions (assessment_id, version, content, classification, tlp, open_to_all, edited_by, edited_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(version)
    .bind(content_json(&a.content))
    .bind(&a.marking.classification)
    .bind(a.marking.tlp.id())
    .bind(i64::from(a.marking.open_to_all))
    .bind(by)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    // The version keeps the need-to-know list it was written with (the
    // object's list was just written from the same marking).
    sqlx::query(
        "INSERT INTO assessment_version_access (assessment_id, version, org_id, user_id) \
         SELECT $1, $2, org_id, user_id FROM object_access WHERE object_id = $1",
    )
    .bind(id)
    .bind(version)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn create(
    tx: &mut Transaction<'_, Any>,
    incident_id: i64,
    a: &ValidAssessment,
    author_org_id: i64,
    creator: i64,
    now_ms: i64,
) -> Result<i64> {
    let id = objects::create(tx, "assessment", &a.marking, creator, now_ms).await?;
    sqlx::query(
        "INSERT INTO assessments (object_id, incident_id, kind, author_org_id, meta_classification, content, version, \
         created_by, created_at, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $8, $7)",
    )
    .bind(id)
    .bind(incident_id)
    .bind(a.kind.id())
    .bind(author_org_id)
    .bind(&a.meta_classification)
    .bind(content_json(&a.content))
    .bind(creator)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    write_version(tx, id, 1, a, creator, now_ms).await?;
    let detail = serde_json::json!({"kind": a.kind});
    add_event(tx, incident_id, NewEvent { kind: "assessment", detail, by: Some(creator), object_id: Some(id) }, now_ms)
        .await?;
    Ok(id)
}

/// Records that the assessment is what a run's task's answer became (one per task).
pub async fn link_to_task(tx: &mut Transaction<'_, Any>, id: i64, execution: i64, task: &str) -> Result<()> {
    sqlx::query("UPDATE assessments SET execution_id = $1, task = $2 WHERE object_id = $3")
        .bind(execution)
        .bind(task)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The assessments a run's tasks became that the caller may read: (task, assessment id).
pub async fn of_run(conn: &mut AnyConnection, filter: &VisibilityFilter, execution: i64) -> Result<Vec<(String, i64)>> {
    let mut sql = Sql::new(
        "SELECT a.task, a.object_id FROM assessments a JOIN objects o ON o.id = a.object_id WHERE a.execution_id = ",
    );
    sql.bind_int(execution).push(" AND ");
    sql.visible("o", filter);
    sql.push(" ORDER BY a.object_id");
    Ok(sql.query_as().fetch_all(conn).await?)
}

/// Applies an edit made on `version`; a stale version is a conflict. The kind
/// and the author organisation never change.
pub async fn update(tx: &mut Transaction<'_, Any>, edit: &objects::Edit, a: &ValidAssessment) -> Result<()> {
    let (id, version, editor, now_ms) = (edit.id, edit.version, edit.editor, edit.now_ms);
    let query = sqlx::query(
        "UPDATE assessments SET content = $1, meta_classification = $2, version = version + 1, updated_at = $3, updated_by = $4 \
         WHERE object_id = $5 AND version = $6",
    )
    .bind(content_json(&a.content))
    .bind(&a.meta_classification);
    objects::update_versioned(tx, query, edit).await?;
    objects::remark(tx, id, &a.marking).await?;
    write_version(tx, id, version + 1, a, editor, now_ms).await?;
    let incident_id: i64 = sqlx::query_scalar("SELECT incident_id FROM assessments WHERE object_id = $1")
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    let detail = serde_json::json!({"kind": a.kind, "version": version + 1});
    add_event(
        tx,
        incident_id,
        NewEvent { kind: "assessment-revised", detail, by: Some(editor), object_id: Some(id) },
        now_ms,
    )
    .await?;
    Ok(())
}

fn parse(mut a: Assessment) -> Result<Assessment> {
    a.content = crate::decode("content of assessment", a.id, &a.content_json)?;
    Ok(a)
}

/// One assessment whose content the caller may read; otherwise `NotFound`.
/// An assessment derives from its incident and is never more open than it:
/// both must be visible, whatever the assessment's own marking says.
pub async fn get_visible(conn: &mut AnyConnection, filter: &VisibilityFilter, id: i64) -> Result<Assessment> {
    let mut sql = Sql::new(SELECT);
    sql.push(" JOIN objects io ON io.id = a.incident_id WHERE o.id = ").bind_int(id).push(" AND ");
    sql.visible("o", filter);
    sql.push(" AND ");
    sql.visible("io", filter);
    let a: Assessment = sql.query_as().fetch_optional(&mut *conn).await?.ok_or(StoreError::NotFound)?;
    let mut a = parse(a)?;
    (a.need_to_know, a.need_to_know_users) = objects::need_to_know(conn, a.id).await?;
    Ok(a)
}

/// The assessments of an incident: those the caller may read, and those
/// whose existence (metadata classification) the caller may know.
pub async fn for_incident(
    conn: &mut AnyConnection,
    filter: &VisibilityFilter,
    incident_id: i64,
) -> Result<(Vec<Assessment>, Vec<RestrictedAssessment>)> {
    let mut sql = Sql::new(SELECT);
    sql.push(" WHERE a.incident_id = ").bind_int(incident_id).push(" AND ");
    sql.visible("o", filter);
    sql.push(" ORDER BY o.id");
    let readable: Vec<Assessment> =
        sql.query_as().fetch_all(&mut *conn).await?.into_iter().map(parse).collect::<Result<_>>()?;
    let mut sql = Sql::new(
        "SELECT a.object_id AS id, a.kind, org.code AS author_org_code, a.meta_classification, a.updated_at FROM assessments a \
         JOIN objects o ON o.id = a.object_id JOIN organisations org ON org.id = a.author_org_id WHERE a.incident_id = ",
    );
    sql.bind_int(incident_id);
    sql.push(" AND a.meta_classification IN ");
    sql.bind_list(filter.labels.iter().map(|l| Arg::Text(l.to_string())));
    sql.push(" AND NOT ");
    sql.visible("o", filter);
    sql.push(" ORDER BY o.id");
    let restricted: Vec<RestrictedAssessment> = sql.query_as().fetch_all(conn).await?;
    Ok((readable, restricted))
}

/// The versions of an assessment the caller may read (the assessment itself
/// is checked by the caller). Each version is marked on its own: one written
/// at a higher classification than the caller's clearance, or with a
/// need-to-know list that did not include them, stays hidden even after the
/// assessment was downgraded or its list widened.
pub async fn versions(conn: &mut AnyConnection, filter: &VisibilityFilter, id: i64) -> Result<Vec<AssessmentVersion>> {
    let mut sql = Sql::new(
        "SELECT v.version, v.content, v.classification, v.tlp, u.email AS edited_by, v.edited_at FROM assessment_versions v \
         LEFT JOIN users u ON u.id = v.edited_by WHERE v.assessment_id = ",
    );
    sql.bind_int(id);
    sql.push(" AND v.classification IN ");
    sql.bind_list(filter.labels.iter().map(|l| Arg::Text(l.to_string())));
    sql.push(
        " AND (v.open_to_all = 1 OR EXISTS (SELECT 1 FROM assessment_version_access va \
         WHERE va.assessment_id = v.assessment_id AND va.version = v.version AND (va.user_id = ",
    );
    sql.bind_int(filter.user_id);
    sql.push(" OR va.org_id IN ");
    sql.bind_list(filter.org_chain.iter().map(|o| Arg::Int(*o)));
    sql.push(")))");
    sql.push(" ORDER BY v.version DESC");
    let rows: Vec<AssessmentVersion> = sql.query_as().fetch_all(conn).await?;
    rows.into_iter()
        .map(|mut v| {
            v.content = crate::decode("content of an assessment version", v.version, &v.content_json)?;
            Ok(v)
        })
        .collect()
}
