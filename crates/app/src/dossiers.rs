//! Creating, reading and editing dossiers: the marked-object steps of
//! [`crate::marked`] on the dossier store.

use crate::marked::{self, MarkedKind};
use crate::{App, AppError, Caller};
use verbinding_domain::access::VisibilityFilter;
use verbinding_domain::dossier::{DossierInput, ValidDossier};
use verbinding_store::dossiers::{self, Dossier};
use verbinding_store::objects::Edit;

/// Dossiers as a marked kind.
pub struct Dossiers;

impl MarkedKind for Dossiers {
    const KIND: &'static str = "dossier";
    type Input = DossierInput;
    type Valid = ValidDossier;
    type Row = Dossier;
    marked::marked_columns!(DossierInput, ValidDossier, Dossier);
    fn insert(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        valid: &ValidDossier,
        by: i64,
        now: i64,
    ) -> impl Future<Output = verbinding_store::Result<i64>> + Send {
        dossiers::create(tx, valid, by, now)
    }
    fn update(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        edit: &Edit,
        valid: &ValidDossier,
    ) -> impl Future<Output = verbinding_store::Result<()>> + Send {
        dossiers::update(tx, edit, valid)
    }
    fn get_visible(
        conn: &mut sqlx::AnyConnection,
        filter: &VisibilityFilter,
        id: i64,
    ) -> impl Future<Output = verbinding_store::Result<Dossier>> + Send {
        dossiers::get_visible(conn, filter, id)
    }
}

/// Creates a dossier ([`marked::create`]).
pub async fn create(app: &App, caller: &Caller, input: &DossierInput) -> Result<i64, AppError> {
    marked::create::<Dossiers>(app, caller, input).await
}

/// Reads one dossier, audited above Ongerubriceerd ([`marked::read`]).
pub async fn read(app: &App, caller: &Caller, id: i64) -> Result<Dossier, AppError> {
    marked::read::<Dossiers>(app, caller, id).await
}

/// Loads for editing without recording a read twice ([`marked::load`]).
pub async fn load(app: &App, caller: &Caller, id: i64) -> Result<Dossier, AppError> {
    marked::load::<Dossiers>(app, caller, id).await
}

/// Whether the caller decides this one's marking (its owner, or a
/// coordinator of its lead organisation).
pub fn decides_marking(caller: &Caller, row: &Dossier) -> Result<bool, AppError> {
    marked::decides_marking::<Dossiers>(caller, row)
}

/// Applies an edit made on `version` ([`marked::update`]).
pub async fn update(app: &App, caller: &Caller, id: i64, version: i64, input: &DossierInput) -> Result<(), AppError> {
    marked::update::<Dossiers>(app, caller, id, version, input).await
}

/// One page of the dossiers the caller may see (newest first, before the
/// id `before`), with how many they may see in all.
pub async fn list(
    app: &App,
    caller: &Caller,
    before: Option<i64>,
    limit: i64,
) -> Result<(Vec<Dossier>, i64), AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    let items = dossiers::list_visible(&mut conn, &f, before, limit).await?;
    let total = dossiers::count_visible(&mut conn, &f).await?;
    drop(conn);
    let shown: Vec<_> = items.iter().map(|d| (d.id, d.classification.as_str())).collect();
    crate::marked::record_reads(app, caller, &shown, Some("dossiers")).await?;
    Ok((items, total))
}
