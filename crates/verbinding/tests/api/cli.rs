use crate::helpers::*;
use std::process::{Command, Output};
use verbinding_store::Backend;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_verbinding"))
        .args(args)
        .env_remove("VERBINDING_DATABASE_URL")
        .output()
        .expect("run")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

async fn user_add_reports_each_problem(b: Backend) {
    let app = spawn_app(b).await;
    let dir = TempDir::new();
    let pw = dir.0.join("pw");
    std::fs::write(&pw, "a long enough passphrase\n").expect("write");
    let pw = pw.to_str().expect("path");
    let db = app.db_url.as_str();
    let base = |email: &str, org: &str, role: &str, level: &str| {
        run(&[
            "user",
            "add",
            "--email",
            email,
            "--name",
            "Joost",
            "--org",
            org,
            "--role",
            role,
            "--clearance",
            level,
            "--password-file",
            pw,
            "--database",
            db,
        ])
    };
    let ok = base("joost@ezk.example", "EZK", "liaison", "dep-v");
    assert!(ok.status.success(), "{}", text(&ok));
    let mut c = app.client();
    assert_eq!(c.login("joost@ezk.example", "a long enough passphrase").await.status(), 303);
    for (out, needle) in [
        (base("a@ezk.example", "ATLANTIS", "liaison", "dep-v"), "Unknown organisation"),
        (base("b@ezk.example", "EZK", "wizard", "dep-v"), "Unknown role"),
        (base("c@ezk.example", "EZK", "liaison", "very-secret"), "Unknown clearance"),
        (base("JOOST@ezk.example", "EZK", "liaison", "dep-v"), "already in use"),
    ] {
        assert!(!out.status.success());
        assert!(text(&out).contains(needle), "{}", text(&out));
        assert!(!text(&out).contains("panicked"));
    }
}

#[tokio::test]
async fn user_add_on_sqlite() {
    user_add_reports_each_problem(Backend::Sqlite).await;
}

#[tokio::test]
async fn user_add_on_postgres() {
    user_add_reports_each_problem(Backend::Postgres).await;
}

#[test]
fn bad_urls_and_unreachable_databases_are_one_sentence() {
    for (url, needle) in [
        ("mysql://x/y", "must start with sqlite:// or postgres://"),
        ("sqlite:///no/such/dir/v.db", "does not exist"),
        ("postgres://nobody@127.0.0.1:1/none", "cannot open the database"),
    ] {
        let out = run(&["audit", "verify", "--database", url]);
        assert!(!out.status.success());
        let t = text(&out);
        assert!(t.contains(needle), "{url}: {t}");
        assert!(!t.contains("panicked") && t.lines().count() == 1, "{t}");
    }
    let dir = TempDir::new();
    let cfg = dir.0.join("v.toml");
    std::fs::write(&cfg, "listen = \"127.0.0.1:1\"\ncolour = \"blue\"\n").expect("write");
    let out = run(&["--config", cfg.to_str().expect("p"), "audit", "verify"]);
    assert!(!out.status.success());
    assert!(text(&out).contains("unknown field `colour`"), "{}", text(&out));
}

#[tokio::test]
async fn backup_while_serving_and_restore_refuses_to_overwrite() {
    let app = spawn_app(Backend::Sqlite).await;
    let dir = TempDir::new();
    let backup = dir.0.join("backup.db");
    let backup = backup.to_str().expect("p");
    let out = run(&["backup", backup, "--database", &app.db_url]);
    assert!(out.status.success(), "{}", text(&out));
    let again = run(&["backup", backup, "--database", &app.db_url]);
    assert!(!again.status.success(), "an existing backup file is never overwritten");

    let refused = run(&["restore", backup, "--database", &app.db_url]);
    assert!(!refused.status.success());
    assert!(text(&refused).contains("--force"), "{}", text(&refused));

    let target = format!("sqlite://{}/restored.db", dir.0.display());
    let out = run(&["restore", backup, "--database", &target]);
    assert!(out.status.success(), "{}", text(&out));
    let verified = run(&["audit", "verify", "--database", &target]);
    assert!(verified.status.success(), "{}", text(&verified));
    let restored = verbinding_store::Db::open(&target).await.expect("open");
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(restored.raw()).await.expect("n");
    assert_eq!(users as usize, verbinding_app::demo::USERS.len());

    let junk = dir.0.join("junk.db");
    std::fs::write(&junk, "this is not a database").expect("write");
    let out = run(&["restore", junk.to_str().expect("p"), "--database", &target, "--force"]);
    assert!(!out.status.success(), "a broken backup is refused before anything is replaced");
    let still: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(restored.raw()).await.expect("n");
    assert_eq!(still as usize, verbinding_app::demo::USERS.len());
}

#[test]
fn playbook_lint_names_step_property_and_reason() {
    let clean = corpus("cacao/examples/oasis-tcs-cacao/Examples__CACAO-2.0__basic-example-1.json");
    let out = run(&["playbook", "lint", clean.to_str().expect("path")]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("no findings"));
    let broken = corpus("cacao/examples/soarca/test__playbooks__missing_step_playbook.json");
    let out = run(&["playbook", "lint", broken.to_str().expect("path")]);
    assert!(!out.status.success());
    assert!(
        text(&out).contains(
            "action--2190f685-1857-44ac-ad0e-0ded6c6ef3ce: on_completion (dangling_reference): \
             end--6b23c237-ade8-4d00-9aa1-75999738d558 is not in the workflow"
        ),
        "{}",
        text(&out)
    );
    let dir = TempDir::new();
    let junk = dir.0.join("junk.json");
    std::fs::write(&junk, "{ not json").expect("write");
    let out = run(&["playbook", "lint", junk.to_str().expect("path")]);
    assert!(!out.status.success() && text(&out).contains("is not JSON"), "{}", text(&out));
}
