//! Organisations and users.

use crate::sql::Sql;
use crate::{Result, StoreError, unique_violation};
use sqlx::{Any, AnyConnection, FromRow, Transaction};
use verbinding_domain::access::Principal;
use verbinding_domain::directory::NewUser;
use verbinding_domain::role::Role;

#[derive(Debug, Clone, FromRow, serde::Serialize)]
pub struct Organisation {
    pub id: i64,
    pub code: String,
    pub name_nl: String,
    pub name_en: String,
    pub kind: String,
    pub parent_id: Option<i64>,
    pub city: Option<String>,
    /// Its liaisons answer consultation rounds addressed to its parent
    /// (delegated by the parent ministry).
    #[serde(serialize_with = "crate::as_bool")]
    pub answers_for_parent: i64,
}

#[derive(Debug, Clone, FromRow)]
struct UserRow {
    id: i64,
    email: String,
    name: String,
    org_id: i64,
    clearance: String,
    active: i64,
    posting_end: Option<String>,
    language: Option<String>,
    time_zone: Option<String>,
    version: i64,
}

/// A user as the application sees one (never with the password hash).
#[derive(Debug, Clone, serde::Serialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub org_id: i64,
    pub roles: Vec<Role>,
    pub clearance: String,
    pub active: bool,
    pub posting_end: Option<String>,
    pub language: Option<String>,
    /// The IANA time zone the person reads times in; none: the ministry's.
    pub time_zone: Option<String>,
    pub version: i64,
}

/// What an organisation is entered with (demo data, administration).
pub struct NewOrganisation<'a> {
    pub code: &'a str,
    pub name_nl: &'a str,
    pub name_en: &'a str,
    pub kind: &'a str,
    pub parent_code: Option<&'a str>,
    pub city: Option<&'a str>,
}

const USER_COLUMNS: &str = "id, email, name, org_id, clearance, active, posting_end, language, time_zone, version";

pub async fn list_orgs(conn: &mut AnyConnection) -> Result<Vec<Organisation>> {
    Ok(sqlx::query_as(
        "SELECT id, code, name_nl, name_en, kind, parent_id, city, answers_for_parent FROM organisations ORDER BY code",
    )
    .fetch_all(conn)
    .await?)
}

pub async fn org_by_code(conn: &mut AnyConnection, code: &str) -> Result<Organisation> {
    sqlx::query_as("SELECT id, code, name_nl, name_en, kind, parent_id, city, answers_for_parent FROM organisations WHERE code = $1")
        .bind(code)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// The id of the organisation with this code, if there is one.
/// A person's id and organisation, by (normalised) email address.
pub async fn user_and_org_by_email(conn: &mut AnyConnection, email: &str) -> Result<Option<(i64, i64)>> {
    Ok(sqlx::query_as("SELECT id, org_id FROM users WHERE email = $1").bind(email).fetch_optional(conn).await?)
}

pub async fn org_id_by_code(conn: &mut AnyConnection, code: &str) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT id FROM organisations WHERE code = $1").bind(code).fetch_optional(conn).await?)
}

/// Inserts an organisation or updates its names when the code exists.
pub async fn upsert_org(tx: &mut Transaction<'_, Any>, o: &NewOrganisation<'_>) -> Result<i64> {
    let parent_id = match o.parent_code {
        Some(code) => Some(
            org_by_code(tx, code).await.map_err(|_| StoreError::Refused { field: "parent", code: "org_unknown" })?.id,
        ),
        None => None,
    };
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM organisations WHERE code = $1")
        .bind(o.code)
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(id) = existing {
        sqlx::query(
            "UPDATE organisations SET name_nl = $1, name_en = $2, kind = $3, parent_id = $4, city = $5 WHERE id = $6",
        )
        .bind(o.name_nl)
        .bind(o.name_en)
        .bind(o.kind)
        .bind(parent_id)
        .bind(o.city)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        return Ok(id);
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO organisations (code, name_nl, name_en, kind, parent_id, city) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(o.code)
    .bind(o.name_nl)
    .bind(o.name_en)
    .bind(o.kind)
    .bind(parent_id)
    .bind(o.city)
    .fetch_one(&mut **tx)
    .await?)
}

/// Inserts a new organisation: a code already taken is `Duplicate("code")`,
/// an unknown parent `Refused { field: "parent", code: "org_unknown" }`.
/// Whether the organisation's liaisons answer consultations for its parent.
pub async fn set_answers_for_parent(tx: &mut Transaction<'_, Any>, id: i64, on: bool) -> Result<()> {
    sqlx::query("UPDATE organisations SET answers_for_parent = $1 WHERE id = $2")
        .bind(i64::from(on))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The code the caller's organisation answers a consultation as, besides
/// its own: its parent's, when the parent delegated that to it.
pub fn answers_for(orgs: &[Organisation], org_id: i64) -> Option<&Organisation> {
    let own = orgs.iter().find(|o| o.id == org_id)?;
    own.parent_id.filter(|_| own.answers_for_parent == 1).and_then(|p| orgs.iter().find(|o| o.id == p))
}

pub async fn insert_org(tx: &mut Transaction<'_, Any>, o: &NewOrganisation<'_>) -> Result<i64> {
    let parent_id = match o.parent_code {
        Some(code) => match org_id_by_code(tx, code).await? {
            Some(id) => Some(id),
            None => return Err(StoreError::Refused { field: "parent", code: "org_unknown" }),
        },
        None => None,
    };
    if org_id_by_code(tx, o.code).await?.is_some() {
        return Err(StoreError::Duplicate("code"));
    }
    sqlx::query_scalar(
        "INSERT INTO organisations (code, name_nl, name_en, kind, parent_id, city) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(o.code)
    .bind(o.name_nl)
    .bind(o.name_en)
    .bind(o.kind)
    .bind(parent_id)
    .bind(o.city)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| unique_violation(e, "code"))
}

/// The organisation and every organisation it is a unit of, nearest first.
pub fn org_chain(orgs: &[Organisation], org_id: i64) -> Vec<i64> {
    let mut chain = Vec::new();
    let mut current = Some(org_id);
    while let Some(id) = current {
        if chain.contains(&id) {
            break; // a cycle in bad data must not hang the server
        }
        chain.push(id);
        current = orgs.iter().find(|o| o.id == id).and_then(|o| o.parent_id);
    }
    chain
}

async fn roles_of(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<Role>> {
    let ids: Vec<String> = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
        .bind(user_id)
        .fetch_all(conn)
        .await?;
    // A role removed from the code is ignored rather than granting anything.
    Ok(ids.iter().filter_map(|r| Role::parse(r)).collect())
}

async fn hydrate(conn: &mut AnyConnection, row: UserRow) -> Result<User> {
    let roles = roles_of(conn, row.id).await?;
    Ok(User {
        id: row.id,
        email: row.email,
        name: row.name,
        org_id: row.org_id,
        roles,
        clearance: row.clearance,
        active: row.active == 1,
        posting_end: row.posting_end,
        language: row.language,
        time_zone: row.time_zone,
        version: row.version,
    })
}

pub async fn user_by_id(conn: &mut AnyConnection, id: i64) -> Result<User> {
    let row: UserRow = sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    hydrate(conn, row).await
}

/// The user and password hash for a login attempt.
pub async fn login_lookup(conn: &mut AnyConnection, email: &str) -> Result<Option<(User, String)>> {
    let row: Option<(i64, String)> = sqlx::query_as("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(&mut *conn)
        .await?;
    match row {
        Some((id, hash)) => Ok(Some((user_by_id(conn, id).await?, hash))),
        None => Ok(None),
    }
}

pub async fn password_hash(conn: &mut AnyConnection, user_id: i64) -> Result<String> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// Builds the principal the access rule decides on.
pub async fn principal(conn: &mut AnyConnection, user: &User) -> Result<Principal> {
    Ok(principal_in(&list_orgs(conn).await?, user))
}

/// The principal of `user` in an already loaded organisation tree.
pub fn principal_in(orgs: &[Organisation], user: &User) -> Principal {
    Principal {
        user_id: user.id,
        org_chain: org_chain(orgs, user.org_id),
        roles: user.roles.clone(),
        clearance: user.clearance.clone(),
    }
}

pub async fn create_user(
    tx: &mut Transaction<'_, Any>,
    u: &NewUser,
    org_id: i64,
    password_hash: &str,
    now_ms: i64,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, name, org_id, clearance, active, posting_end, password_hash, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 1, $5, $6, 1, $7, $7) RETURNING id",
    )
    .bind(&u.email)
    .bind(&u.name)
    .bind(org_id)
    .bind(&u.clearance)
    .bind(u.posting_end.as_deref())
    .bind(password_hash)
    .bind(now_ms)
    .fetch_one(&mut **tx)
    .await
    .map_err(|e| unique_violation(e, "email"))?;
    set_roles(tx, id, &u.roles).await?;
    Ok(id)
}

async fn set_roles(tx: &mut Transaction<'_, Any>, user_id: i64, roles: &[Role]) -> Result<()> {
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1").bind(user_id).execute(&mut **tx).await?;
    for r in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(user_id)
            .bind(r.id())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// An administrator's edit. `version` is the version the form was loaded at.
pub struct UserUpdate<'a> {
    pub id: i64,
    pub version: i64,
    pub name: &'a str,
    pub org_id: i64,
    pub roles: &'a [Role],
    pub clearance: &'a str,
    pub posting_end: Option<&'a str>,
    pub active: bool,
}

/// Applies an edit unless someone else changed the user first.
pub async fn update_user(tx: &mut Transaction<'_, Any>, u: &UserUpdate<'_>, now_ms: i64) -> Result<()> {
    let changed = sqlx::query(
        "UPDATE users SET name = $1, org_id = $2, clearance = $3, posting_end = $4, active = $5, \
         version = version + 1, updated_at = $6 WHERE id = $7 AND version = $8",
    )
    .bind(u.name)
    .bind(u.org_id)
    .bind(u.clearance)
    .bind(u.posting_end)
    .bind(i64::from(u.active))
    .bind(now_ms)
    .bind(u.id)
    .bind(u.version)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM users WHERE id = $1").bind(u.id).fetch_optional(&mut **tx).await?;
        return Err(if exists.is_some() { StoreError::Conflict } else { StoreError::NotFound });
    }
    set_roles(tx, u.id, u.roles).await?;
    if !u.active {
        // Deactivation ends every session and token at once.
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(u.id).execute(&mut **tx).await?;
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
            .bind(now_ms)
            .bind(u.id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn set_password(tx: &mut Transaction<'_, Any>, user_id: i64, hash: &str, now_ms: i64) -> Result<()> {
    sqlx::query("UPDATE users SET password_hash = $1, version = version + 1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now_ms)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_time_zone(tx: &mut Transaction<'_, Any>, user_id: i64, zone: &str) -> Result<()> {
    sqlx::query("UPDATE users SET time_zone = $1 WHERE id = $2").bind(zone).bind(user_id).execute(&mut **tx).await?;
    Ok(())
}

pub async fn set_language(tx: &mut Transaction<'_, Any>, user_id: i64, lang: &str) -> Result<()> {
    sqlx::query("UPDATE users SET language = $1 WHERE id = $2").bind(lang).bind(user_id).execute(&mut **tx).await?;
    Ok(())
}

/// A page of users ordered by id, after `cursor` (exclusive); only members
/// of `orgs` when given (an empty list matches nobody).
pub async fn list_users(
    conn: &mut AnyConnection,
    orgs: Option<&[i64]>,
    after: Option<i64>,
    limit: i64,
) -> Result<Vec<User>> {
    let mut q = Sql::new(&format!("SELECT {USER_COLUMNS} FROM users WHERE id > "));
    q.bind_int(after.unwrap_or(0));
    if let Some(orgs) = orgs {
        q.push(" AND org_id IN ").bind_list(orgs.iter().map(|o| crate::sql::Arg::Int(*o)));
    }
    q.push(" ORDER BY id LIMIT ").bind_int(limit);
    let rows: Vec<UserRow> = q.query_as().fetch_all(&mut *conn).await?;
    let mut users = Vec::with_capacity(rows.len());
    for row in rows {
        users.push(hydrate(conn, row).await?);
    }
    Ok(users)
}

/// The names of the users with these emails (a history names people by
/// the email its commands carried); an unknown email is left out.
pub async fn names_by_email(
    conn: &mut AnyConnection,
    emails: &[String],
) -> Result<std::collections::BTreeMap<String, String>> {
    if emails.is_empty() {
        return Ok(Default::default());
    }
    let mut q = Sql::new("SELECT email, name FROM users WHERE email IN ");
    q.bind_list(emails.iter().map(|e| crate::sql::Arg::Text(e.clone())));
    let rows: Vec<(String, String)> = q.query_as().fetch_all(conn).await?;
    Ok(rows.into_iter().collect())
}

pub async fn count_users(conn: &mut AnyConnection) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(conn).await?)
}

/// The code of organisation `id` in a loaded list (empty when absent).
pub fn code_of(orgs: &[Organisation], id: i64) -> String {
    orgs.iter().find(|o| o.id == id).map(|o| o.code.clone()).unwrap_or_default()
}
