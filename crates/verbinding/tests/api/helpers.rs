//! The test harness: a real server on port 0 with a fresh database per test,
//! on SQLite or PostgreSQL, and clients that act like users.

use reqwest::redirect::Policy;
use std::net::SocketAddr;
use std::sync::Arc;
use verbinding_app::{App, AppConfig, ManualClock};
use verbinding_store::{Backend, Db};
use verbinding_web::{AppState, WebConfig};

pub const DEMO_PASSWORD: &str = verbinding_app::demo::DEMO_PASSWORD;
/// 2026-11-23T09:00:00Z: tests run at a fixed time and move the clock themselves.
pub const START_MS: i64 = 1_795_424_400_000;

pub struct TestApp {
    pub addr: SocketAddr,
    pub state: AppState,
    pub clock: Arc<ManualClock>,
    pub db_url: String,
    _dir: Option<TempDir>,
}

/// A directory removed when the test ends.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        let p = std::env::temp_dir().join(format!("verbinding-test-{}", uuid()));
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The status a refusal with this field-error code answers: 409 when the
/// request is well formed but does not fit the stored data (an unknown
/// reference, a state that does not allow it), else 422. Spelled out here,
/// not read from the server's list, for the codes these tests meet.
pub fn refusal_status(code: &str) -> u16 {
    const DOES_NOT_FIT: [&str; 9] = [
        "not_invited",
        "org_unknown",
        "invitee_without_need_to_know",
        "measure_unknown",
        "actor_unknown",
        "round_unknown",
        "assessment_unknown",
        "decision_unknown",
        "playbook_unknown",
    ];
    if DOES_NOT_FIT.contains(&code) { 409 } else { 422 }
}

pub fn uuid() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{}_{}_{}", std::process::id(), nanos, N.fetch_add(1, Ordering::SeqCst))
}

/// A fresh, empty database URL for the backend.
pub async fn fresh_database(backend: Backend) -> (String, Option<TempDir>) {
    match backend {
        Backend::Sqlite => {
            let dir = TempDir::new();
            let url = format!("sqlite://{}/test.db", dir.0.display());
            (url, Some(dir))
        }
        Backend::Postgres => {
            let admin = std::env::var("VERBINDING_TEST_POSTGRES").expect(
                "VERBINDING_TEST_POSTGRES is not set: run the suite with scripts/test.sh, which starts PostgreSQL",
            );
            let name = format!("vb_{}", uuid());
            let db = Db::connect(&admin).await.expect("connect to the PostgreSQL test server");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(db.raw()).await.expect("create database");
            db.close().await;
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            (format!("{base}/{name}"), None)
        }
    }
}

/// Server errors are printed with the test's output (set VERBINDING_LOG for more).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("VERBINDING_LOG").unwrap_or_else(|_| "error".into());
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().try_init();
}

pub async fn spawn_app_with(backend: Backend, config: (AppConfig, WebConfig), demo: bool) -> TestApp {
    init_logging();
    let (db_url, dir) = fresh_database(backend).await;
    let db = Db::open(&db_url).await.expect("open database");
    let clock = Arc::new(ManualClock::new(START_MS));
    let app = App::new(db, config.0, clock.clone()).expect("app").with_cacao_schemas(cacao_schemas());
    if demo {
        verbinding_app::demo::load(&app).await.expect("demo data");
    }
    let state = AppState::new(app, config.1);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = verbinding_web::app(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move {
        axum::serve(listener, app).await.expect("serve");
    });
    TestApp { addr, state, clock, db_url, _dir: dir }
}

/// The server with the demo directory, users and dossiers.
/// The official CACAO schemas from the corpus, compiled once per test process.
pub fn cacao_schemas() -> Arc<verbinding_playbook::schema::CacaoSchemas> {
    static SCHEMAS: std::sync::OnceLock<Arc<verbinding_playbook::schema::CacaoSchemas>> = std::sync::OnceLock::new();
    SCHEMAS
        .get_or_init(|| {
            let dir = corpus("cacao/schemas/oasis-cacao-json-schemas/schemas");
            Arc::new(verbinding_app::playbooks::load_schemas(&dir).expect("CACAO schemas"))
        })
        .clone()
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, Default::default(), true).await
}

/// The caller a service sees for this user, as if through a token.
pub async fn caller_for(a: &App, email: &str) -> verbinding_app::Caller {
    let mut conn = a.db.read().await.expect("connection");
    let (user, _) = verbinding_store::directory::login_lookup(&mut conn, email).await.expect("lookup").expect(email);
    drop(conn);
    verbinding_app::auth::caller_of(a, user, verbinding_app::Origin::Token, "test", "test").await.expect("caller")
}

/// A browser-like client: cookie jar, no automatic redirects.
pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub csrf: Option<String>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn client(&self) -> Client {
        Client {
            http: reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().expect("client"),
            base: format!("http://{}", self.addr),
            csrf: None,
        }
    }

    /// Logs in through the login form; panics when the login fails.
    pub async fn login(&self, email: &str) -> Client {
        let mut c = self.client();
        let r = c.login(email, DEMO_PASSWORD).await;
        assert_eq!(r.status(), 303, "login of {email} must redirect");
        c.refresh_csrf("/profile").await;
        c
    }

    /// A personal API token for a demo user.
    pub async fn token(&self, email: &str) -> String {
        let r = reqwest::Client::new()
            .post(self.url("/api/v1/tokens"))
            .json(&serde_json::json!({"email": email, "password": DEMO_PASSWORD}))
            .send()
            .await
            .expect("token request");
        assert_eq!(r.status(), 201);
        r.json::<serde_json::Value>().await.expect("json")["token"].as_str().expect("token").to_string()
    }

    pub async fn api_get(&self, token: &str, path: &str) -> reqwest::Response {
        reqwest::Client::new().get(self.url(path)).bearer_auth(token).send().await.expect("request")
    }

    pub async fn api_send(
        &self,
        method: reqwest::Method,
        token: &str,
        path: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        reqwest::Client::new()
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("request")
    }
}

pub fn csrf_in(html: &str) -> Option<String> {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker)? + marker.len();
    Some(html[start..].split('"').next()?.to_string())
}

impl Client {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(format!("{}{}", self.base, path)).send().await.expect("request")
    }

    pub async fn get_html(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        let s = r.status().as_u16();
        (s, r.text().await.expect("body"))
    }

    /// Reads the anti-forgery token from a page, as a browser form would carry it.
    pub async fn refresh_csrf(&mut self, path: &str) {
        let (_, html) = self.get_html(path).await;
        self.csrf = csrf_in(&html);
    }

    pub async fn login(&mut self, email: &str, password: &str) -> reqwest::Response {
        self.refresh_csrf("/login").await;
        let csrf = self.csrf.clone().unwrap_or_default();
        self.post_form_raw("/login", &[("csrf", csrf.as_str()), ("email", email), ("password", password)]).await
    }

    pub async fn post_form_raw(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http.post(format!("{}{}", self.base, path)).form(form).send().await.expect("request")
    }

    /// Posts a form with the session's anti-forgery token added.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let csrf = self.csrf.clone().expect("call refresh_csrf first");
        let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(form);
        self.post_form_raw(path, &all).await
    }
}

/// Runs a test body against SQLite and against PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name(verbinding_store::Backend::Sqlite).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name(verbinding_store::Backend::Postgres).await;
                }
            }
        )*
    };
}

/// A file of the shared third-party test corpus (never copied into the
/// repository): `$VERBINDING_CORPUS`, else `../shared/corpus` beside the
/// checkout, else the workplace's `/work/shared/corpus`.
pub fn corpus(relative: &str) -> std::path::PathBuf {
    let candidates = [
        std::env::var("VERBINDING_CORPUS").ok().map(std::path::PathBuf::from),
        Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")),
        Some(std::path::PathBuf::from("/work/shared/corpus")),
    ];
    candidates.into_iter().flatten().map(|base| base.join(relative)).find(|p| p.exists()).unwrap_or_else(|| {
        panic!("corpus file {relative} not found: set VERBINDING_CORPUS to the shared corpus folder")
    })
}

/// Ongerubriceerd, TLP:CLEAR, open to every organisation: what may be published.
pub fn public_marking() -> verbinding_domain::marking::MarkingInput {
    verbinding_domain::marking::MarkingInput {
        classification: "ongerubriceerd".into(),
        tlp: "clear".into(),
        open_to_all: true,
        ..Default::default()
    }
}

/// Departementaal Vertrouwelijk, TLP:AMBER, need-to-know for TFC only: the
/// evaluator of BZ may not see it, the coordinator of TFC may.
pub fn tfc_only_marking() -> verbinding_domain::marking::MarkingInput {
    verbinding_domain::marking::MarkingInput {
        classification: "dep-v".into(),
        tlp: "amber".into(),
        orgs: vec!["TFC".into()],
        ..Default::default()
    }
}

/// Re-marks a part of a strategy as `marking`, keeping the rest of it.
pub async fn remark_objective(
    a: &verbinding_app::App,
    c: &verbinding_app::Caller,
    id: i64,
    marking: verbinding_domain::marking::MarkingInput,
) -> Result<(), verbinding_app::AppError> {
    let o = verbinding_app::strategy::load_objective(a, c, id).await?;
    let input = verbinding_domain::strategy::ObjectiveInput {
        title: o.title,
        summary: o.summary,
        level: o.level,
        horizon: o.horizon,
        lead_org: o.lead_org_code,
        contributors: o.contributors,
        assumption: o.assumption,
        risk: o.risk,
        marking,
    };
    verbinding_app::strategy::update_objective(a, c, id, o.version, &input).await
}

/// The (field, code) pairs of a refusal of invalid input; any other answer fails the test.
pub fn field_codes(e: verbinding_app::AppError) -> Vec<(String, String)> {
    match e {
        verbinding_app::AppError::Invalid(f) => f.iter().map(|f| (f.field.to_string(), f.code.to_string())).collect(),
        other => panic!("expected invalid input, got {other}"),
    }
}
