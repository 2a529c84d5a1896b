//! The marked-object steps, written once for every context: a change checks
//! the caller's permission, keeps the new marking within the writer's own
//! clearance (the ceiling is checked by the domain's validation), writes,
//! checks the writer can still see what they wrote, records the audit event
//! and commits — all in one transaction. A read checks the permission, reads
//! through the visibility filter and records reads above Ongerubriceerd.
//!
//! A new marked context uses [`Change`] and [`Read`] and adds only its own
//! rules between their steps.

use crate::{App, AppError, Caller, audit};
use verbinding_domain::access::{Principal, VisibilityFilter};
use verbinding_domain::audit::AuditAction;
use verbinding_domain::authority::Originator;
use verbinding_domain::marking::ValidMarking;
use verbinding_domain::role::Permission;
use verbinding_store::objects::Edit;
use verbinding_store::{ReadConn, WriteTx};

/// A change in progress: one write transaction for one caller.
pub struct Change<'a> {
    app: &'a App,
    caller: &'a Caller,
    /// The caller's visibility filter, for the reads inside the change.
    pub filter: VisibilityFilter,
    pub tx: WriteTx,
}

impl<'a> Change<'a> {
    /// Checks the permission, then begins the transaction.
    pub async fn begin(app: &'a App, caller: &'a Caller, permission: Permission) -> Result<Change<'a>, AppError> {
        caller.require(permission)?;
        let filter = caller.reader()?;
        let tx = app.db.write().await?;
        Ok(Change { app, caller, filter, tx })
    }

    pub fn caller(&self) -> &Caller {
        self.caller
    }

    /// The user making the change (operator and system callers have none).
    pub fn user_id(&self) -> Result<i64, AppError> {
        Ok(self.caller.account()?.id)
    }

    pub fn now_ms(&self) -> i64 {
        self.app.now_ms()
    }

    /// Nobody files or re-marks content above their own clearance.
    pub fn within_own_clearance(&self, marking: &ValidMarking) -> Result<(), AppError> {
        within_own_clearance(&self.caller.principal, marking)
    }

    /// After a write: the author must still be able to see the object, so
    /// nobody files or re-marks something out of their own reach. A failure
    /// drops (rolls back) the transaction with the caller's `?`.
    pub async fn still_visible(&mut self, object_id: i64) -> Result<(), AppError> {
        if verbinding_store::objects::is_visible(&mut self.tx, &self.filter, object_id).await? {
            Ok(())
        } else {
            Err(AppError::invalid("need_to_know", "need_to_know_excludes_you"))
        }
    }

    /// Appends the caller's audit event about an object, with its detail.
    pub async fn audit(
        &mut self,
        action: AuditAction,
        object_id: i64,
        detail: serde_json::Value,
    ) -> Result<(), AppError> {
        let e = audit::about_object(audit::event(self.app, self.caller, action), object_id);
        verbinding_store::audit::append(&mut self.tx, &audit::with_detail(e, detail)).await?;
        Ok(())
    }

    pub async fn commit(self) -> Result<(), AppError> {
        self.tx.commit().await?;
        Ok(())
    }

    /// Commits a change that wrote nothing outside `scope` (see
    /// [`verbinding_store::Scope`]): the caches of everything else stay.
    pub async fn commit_changing(self, scope: verbinding_store::Scope) -> Result<(), AppError> {
        self.tx.commit_changing(scope).await?;
        Ok(())
    }

    /// The usual end of a change to a marked object: the writer still sees
    /// it, the event is recorded, the transaction commits.
    pub async fn finish(
        mut self,
        object_id: i64,
        action: AuditAction,
        detail: serde_json::Value,
    ) -> Result<(), AppError> {
        self.still_visible(object_id).await?;
        self.audit(action, object_id, detail).await?;
        self.commit().await
    }
}

/// Nobody files or re-marks content above their own clearance.
pub fn within_own_clearance(principal: &Principal, marking: &ValidMarking) -> Result<(), AppError> {
    if verbinding_domain::classification::cleared_for(&principal.clearance, &marking.classification) {
        Ok(())
    } else {
        Err(AppError::invalid("classification", "above_clearance"))
    }
}

/// A read of one marked object in progress.
pub struct Read<'a> {
    app: &'a App,
    caller: &'a Caller,
    /// The caller's visibility filter, for the reads inside the change.
    pub filter: VisibilityFilter,
    /// A read connection: a detail read never takes SQLite's write lock.
    pub conn: ReadConn,
}

impl<'a> Read<'a> {
    /// Checks `ReadObjects`, then takes the connection the read happens on.
    pub async fn begin(app: &'a App, caller: &'a Caller) -> Result<Read<'a>, AppError> {
        let filter = caller.reader()?;
        let conn = app.db.read().await?;
        Ok(Read { app, caller, filter, conn })
    }

    /// Ends the read: a read above Ongerubriceerd is recorded in the audit
    /// trail through the writer before the object is handed out, so a read
    /// whose audit row could not be written shows nothing.
    pub async fn finish(self, object_id: i64, classification: &str) -> Result<(), AppError> {
        drop(self.conn);
        record_reads(self.app, self.caller, &[(object_id, classification)], None).await
    }
}

/// Records the reads of classified objects (above Ongerubriceerd) a caller
/// is about to be shown — one audit row per object, about that object, so
/// the audit trail shows each row only to who may see its object — before
/// anything is handed out: a read whose audit row could not be written
/// shows nothing. `view` names what showed them (an incident's timeline,
/// its decisions, …); none for the object's own page. The rows are written
/// in the read-audit writer's next group commit.
pub(crate) async fn record_reads(
    app: &App,
    caller: &Caller,
    objects: &[(i64, &str)],
    view: Option<&str>,
) -> Result<(), AppError> {
    let classified: Vec<i64> = objects
        .iter()
        .filter(|(_, classification)| verbinding_domain::classification::is_classified(classification))
        .map(|(id, _)| *id)
        .collect();
    record_read_ids(app, caller, &classified, view).await
}

/// Records that a list, panel or inbox (`view`) showed the caller these
/// objects, read through their visibility filter a moment ago: the reads
/// of the classified ones among them are audited before the list is handed
/// out. The web layer calls this again when it answers from its cache, so a
/// cached list is audited as every other.
pub async fn record_shown(app: &App, caller: &Caller, ids: &[i64], view: &str) -> Result<(), AppError> {
    // Only a reader is shown objects, and only objects they may see: no
    // caller records a read of anything else.
    let filter = caller.reader()?;
    if ids.is_empty() {
        return Ok(());
    }
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut conn = app.db.read().await?;
    let classified = verbinding_store::objects::classified_among(&mut conn, &filter, &ids).await?;
    drop(conn);
    record_read_ids(app, caller, &classified, Some(view)).await
}

async fn record_read_ids(app: &App, caller: &Caller, ids: &[i64], view: Option<&str>) -> Result<(), AppError> {
    let events = ids
        .iter()
        .map(|id| {
            let e = audit::about_object(audit::event(app, caller, AuditAction::ObjectRead), *id);
            match view {
                Some(v) => audit::with_detail(e, serde_json::json!({"view": v})),
                None => e,
            }
        })
        .collect();
    crate::read_audit::write(app, events).await
}

/// Appends the caller's audit event about an object, with its detail, in a
/// transaction of the service's own (committed with the change it records).
pub async fn audit_about(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    app: &App,
    caller: &Caller,
    action: AuditAction,
    object_id: i64,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    let e = audit::about_object(audit::event(app, caller, action), object_id);
    verbinding_store::audit::append(tx, &audit::with_detail(e, detail)).await?;
    Ok(())
}

/// [`Change::still_visible`] for a service that holds its own transaction.
pub async fn still_visible(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    filter: &VisibilityFilter,
    object_id: i64,
) -> Result<(), AppError> {
    if verbinding_store::objects::is_visible(tx, filter, object_id).await? {
        Ok(())
    } else {
        Err(AppError::invalid("need_to_know", "need_to_know_excludes_you"))
    }
}

/// A change to what belongs to an incident (its rounds, decisions,
/// measures): the steps every such service begins with, done once.
pub struct IncidentChange<'a> {
    pub user: &'a verbinding_store::directory::User,
    pub filter: VisibilityFilter,
    pub now: i64,
    pub tx: WriteTx,
}

/// Checks the permission and that a person acts, begins the transaction and
/// reads the incident through the caller's visibility (else `NotFound`,
/// before any input is judged).
pub async fn on_incident<'a>(
    app: &App,
    caller: &'a Caller,
    permission: Permission,
    incident_id: i64,
) -> Result<IncidentChange<'a>, AppError> {
    caller.require(permission)?;
    let user = caller.account()?;
    let filter = caller.reader()?;
    let now = app.now_ms();
    let mut tx = app.db.write().await?;
    verbinding_store::incidents::get_visible(&mut tx, &filter, incident_id).await?;
    Ok(IncidentChange { user, filter, now, tx })
}

/// A context whose objects are marked and edited whole (dossiers,
/// incidents): what the shared create, read, load and update steps need of
/// it. A new such context implements this and gets the steps, with their
/// order, for free.
pub trait MarkedKind {
    /// The `kind` in the creation's audit detail.
    const KIND: &'static str;
    type Input: Sync;
    type Valid: Sync;
    type Row: Send;
    fn validate(input: &Self::Input, ceiling: &str) -> Result<Self::Valid, verbinding_domain::DomainError>;
    /// An edit's valid value: by default the input's own validation. A kind
    /// part of whose stored record is not the editor's to change (an
    /// imported project) builds that part from the stored row.
    fn validate_edit(row: &Self::Row, input: &Self::Input, ceiling: &str) -> Result<Self::Valid, AppError> {
        let _ = row;
        Ok(Self::validate(input, ceiling)?)
    }
    fn marking(valid: &Self::Valid) -> &ValidMarking;
    fn classification(row: &Self::Row) -> &str;
    fn insert(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        valid: &Self::Valid,
        by: i64,
        now: i64,
    ) -> impl Future<Output = verbinding_store::Result<i64>> + Send;
    fn update(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        edit: &Edit,
        valid: &Self::Valid,
    ) -> impl Future<Output = verbinding_store::Result<()>> + Send;
    fn get_visible(
        conn: &mut sqlx::AnyConnection,
        filter: &VisibilityFilter,
        id: i64,
    ) -> impl Future<Output = verbinding_store::Result<Self::Row>> + Send;
    /// The stored object's marking and who decides it (originator control).
    fn stored(row: &Self::Row) -> Result<StoredMarking, AppError>;
    /// The lead organisation (its code) an edit names.
    fn lead(valid: &Self::Valid) -> &str;
    /// The permission creating and editing objects of this kind needs.
    const PERMISSION: Permission = Permission::WriteObjects;
    /// The kind's own rules on an edit, inside its transaction after the
    /// new marking is written (a strategy's node stays no more open than
    /// its parent, and its children no more open than it).
    fn after_update(
        _tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        _id: i64,
    ) -> impl Future<Output = Result<(), AppError>> + Send {
        async { Ok(()) }
    }
    /// The kind's own writes beside its row, inside the transaction of a
    /// create or an edit, seen through the writer's filter (a project's
    /// links to the objectives it serves: each must be visible to them).
    fn after_write(
        _tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        _filter: &VisibilityFilter,
        _id: i64,
        _valid: &Self::Valid,
    ) -> impl Future<Output = Result<(), AppError>> + Send {
        async { Ok(()) }
    }
    /// Whether objects of this kind guard draaiboek runs (an incident's
    /// runs take its marking), so that a new marking must keep every run no
    /// more open than its draaiboeken (rule 3).
    const GUARDS_RUNS: bool = false;
}

/// The parts of a [`MarkedKind`] that read what every whole-edited marked
/// object has: an input validated against the ceiling, a valid value with
/// its `marking` and `lead_org`, and a row with the marking columns, the
/// owner and the lead. Written once; each kind names its types.
macro_rules! marked_columns {
    ($input:ty, $valid:ty, $row:ty) => {
        fn validate(input: &$input, ceiling: &str) -> Result<$valid, verbinding_domain::DomainError> {
            input.validate(ceiling)
        }
        $crate::marked::marked_row!($valid, $row);
    };
}

/// The parts of [`marked_columns`] that read the valid value and the row
/// only, for a kind whose validation needs more than the ceiling (a review
/// is checked against the clock).
macro_rules! marked_row {
    ($valid:ty, $row:ty) => {
        fn marking(valid: &$valid) -> &verbinding_domain::marking::ValidMarking {
            &valid.marking
        }
        fn classification(row: &$row) -> &str {
            &row.classification
        }
        fn stored(r: &$row) -> Result<$crate::marked::StoredMarking, $crate::AppError> {
            let originator =
                verbinding_domain::authority::Originator { owner_org: r.owner_org_id, lead_org: Some(r.lead_org_id) };
            $crate::marked::StoredMarking::from_row(
                originator,
                &r.lead_org_code,
                &r.classification,
                &r.tlp,
                r.open_to_all,
                &r.need_to_know,
                &r.need_to_know_users,
            )
        }
        fn lead(valid: &$valid) -> &str {
            &valid.lead_org
        }
    };
}
pub(crate) use marked_columns;
pub(crate) use marked_row;

/// An object's marking as stored, who decides it, and its lead organisation.
pub struct StoredMarking {
    pub originator: Originator,
    pub marking: ValidMarking,
    pub lead_code: String,
}

impl StoredMarking {
    /// From the columns every marked row carries; a TLP outside the
    /// vocabulary is a storage error, not an empty marking.
    pub fn from_row(
        originator: Originator,
        lead_code: &str,
        classification: &str,
        tlp: &str,
        open_to_all: i64,
        orgs: &[String],
        users: &[String],
    ) -> Result<StoredMarking, AppError> {
        let tlp = verbinding_domain::tlp::Tlp::parse(tlp)
            .ok_or_else(|| AppError::internal(format!("a stored TLP outside the vocabulary: {tlp:?}")))?;
        let marking = ValidMarking {
            classification: classification.to_string(),
            tlp,
            open_to_all: open_to_all == 1,
            orgs: orgs.to_vec(),
            users: users.to_vec(),
        };
        Ok(StoredMarking { originator, marking, lead_code: lead_code.to_string() })
    }
}

/// Whether the caller decides the marking of this object (pages offer the
/// marking fields only then).
pub fn decides_marking<K: MarkedKind>(caller: &Caller, row: &K::Row) -> Result<bool, AppError> {
    Ok(verbinding_domain::authority::decides_marking(&caller.principal, &K::stored(row)?.originator))
}

/// Creates an object of kind `K`: permission, validation, the writer's own
/// clearance, the write, still visible to the writer, audit — one
/// transaction. Nobody files what they could not see.
pub async fn create<K: MarkedKind>(app: &App, caller: &Caller, input: &K::Input) -> Result<i64, AppError> {
    caller.require(K::PERMISSION)?;
    // Someone who may read nothing (the system) is refused before their
    // input is judged.
    caller.reader()?;
    let valid = K::validate(input, &app.config.ceiling)?;
    let mut c = Change::begin(app, caller, K::PERMISSION).await?;
    c.within_own_clearance(K::marking(&valid))?;
    let (by, now) = (c.user_id()?, c.now_ms());
    let id = K::insert(&mut c.tx, &valid, by, now).await?;
    K::after_write(&mut c.tx, &c.filter, id, &valid).await?;
    c.finish(id, AuditAction::ObjectCreated, serde_json::json!({"kind": K::KIND})).await?;
    Ok(id)
}

/// Reads one object of kind `K`; a read above Ongerubriceerd is audited in
/// the same transaction.
pub async fn read<K: MarkedKind>(app: &App, caller: &Caller, id: i64) -> Result<K::Row, AppError> {
    let mut r = Read::begin(app, caller).await?;
    let row = K::get_visible(&mut r.conn, &r.filter, id).await?;
    r.finish(id, K::classification(&row)).await?;
    Ok(row)
}

/// Loads through the visibility rule without recording a read again (edit
/// forms, answers after a change).
pub async fn load<K: MarkedKind>(app: &App, caller: &Caller, id: i64) -> Result<K::Row, AppError> {
    let f = caller.reader()?;
    let mut conn = app.db.read().await?;
    Ok(K::get_visible(&mut conn, &f, id).await?)
}

/// Applies an edit made on `version` (a stale one is a conflict). The
/// editor must see the object before — someone who may not learns nothing,
/// not even whether their input would have been valid — and still see it
/// after: nobody locks themselves out or moves it beyond their clearance.
pub async fn update<K: MarkedKind>(
    app: &App,
    caller: &Caller,
    id: i64,
    version: i64,
    input: &K::Input,
) -> Result<(), AppError> {
    let mut c = Change::begin(app, caller, K::PERMISSION).await?;
    let row = K::get_visible(&mut c.tx, &c.filter, id).await?;
    let valid = K::validate_edit(&row, input, &app.config.ceiling)?;
    // Originator control: who may edit the content does not by that decide
    // who else may see it.
    let stored = K::stored(&row)?;
    let lead_changed = !K::lead(&valid).eq_ignore_ascii_case(&stored.lead_code);
    verbinding_domain::authority::check_marking_change(
        &caller.principal,
        &stored.originator,
        &stored.marking,
        K::marking(&valid),
        lead_changed,
    )?;
    c.within_own_clearance(K::marking(&valid))?;
    let (by, now) = (c.user_id()?, c.now_ms());
    K::update(&mut c.tx, &Edit { id, version, editor: by, now_ms: now }, &valid).await?;
    K::after_write(&mut c.tx, &c.filter, id, &valid).await?;
    if K::GUARDS_RUNS {
        crate::executions::guarded_runs_still_covered(&mut c.tx, id).await?;
    }
    K::after_update(&mut c.tx, id).await?;
    c.finish(id, AuditAction::ObjectUpdated, serde_json::json!({})).await
}

/// Whether object `narrow` is no more open than each of `sources`
/// (`access::covers`): what a derived object (a run, a strategy's node)
/// must stay.
pub(crate) async fn no_more_open_than(
    conn: &mut sqlx::AnyConnection,
    narrow: i64,
    sources: &[i64],
) -> Result<bool, AppError> {
    let marking = verbinding_store::objects::marking(conn, narrow).await?;
    crate::executions::all_cover(conn, sources, &marking).await
}

/// Ends a change that belongs to an incident: the caller's event about the
/// incident, then the commit.
pub async fn commit_on_incident(
    mut tx: WriteTx,
    app: &App,
    caller: &Caller,
    action: AuditAction,
    incident_id: i64,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    audit_about(&mut tx, app, caller, action, incident_id, detail).await?;
    tx.commit().await?;
    Ok(())
}
