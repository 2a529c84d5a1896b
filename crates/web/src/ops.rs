//! Operational endpoints: liveness, readiness and Prometheus metrics.

use crate::AppState;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

/// (method, route, status)
type RouteKey = (String, String, u16);
/// (count, total seconds)
type Tally = (u64, f64);

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<RouteKey, Tally>>,
}

impl Metrics {
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let mut m = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        let e = m.entry((method.to_string(), route.to_string(), status)).or_insert((0, 0.0));
        e.0 += 1;
        e.1 += elapsed.as_secs_f64();
    }

    fn render(&self) -> String {
        let m = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = String::from(
            "# HELP verbinding_http_requests_total HTTP requests by route and status.\n\
             # TYPE verbinding_http_requests_total counter\n",
        );
        for ((method, route, status), (count, _)) in m.iter() {
            out.push_str(&format!(
                "verbinding_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {count}\n"
            ));
        }
        out.push_str(
            "# HELP verbinding_http_request_seconds_sum Time spent answering, by route.\n\
             # TYPE verbinding_http_request_seconds_sum counter\n",
        );
        for ((method, route, status), (_, secs)) in m.iter() {
            out.push_str(&format!(
                "verbinding_http_request_seconds_sum{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {secs:.6}\n"
            ));
        }
        out
    }
}

pub async fn healthz() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain")], "ok")
}

pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    if state.db.ping().await {
        (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain")], "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, [(header::CONTENT_TYPE, "text/plain")], "database unreachable")
    }
}

pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.render())
}
