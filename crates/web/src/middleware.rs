//! Cross-cutting request handling: request id and access log, security
//! headers, anti-forgery tokens on every state-changing form, and rendering
//! of errors as pages or problem+json.

use crate::AppState;
use crate::errors::{AppError, ErrorInfo, WebError};
use crate::i18n::{Lang, t};
use crate::session::{self, CSRF_COOKIE, SESSION_COOKIE, constant_time_eq, cookie, sha256_hex};
use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::net::SocketAddr;
use std::time::Instant;

/// Identifies one request in logs, error pages and audit entries.
#[derive(Debug, Clone)]
pub struct RequestCtx {
    pub request_id: String,
    pub source: String,
    /// Path and query of the request, so a page can return to itself
    /// (e.g. after switching language).
    pub path: String,
}

pub async fn request_context(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let request_id = uuid::Uuid::new_v4().to_string();
    let source = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".to_string());
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let path_and_query = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| path.clone());
    req.extensions_mut().insert(RequestCtx { request_id: request_id.clone(), source, path: path_and_query });
    let mut response = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", v);
    }
    let status = response.status().as_u16();
    let route = response.extensions().get::<crate::routes::RouteLabel>().map(|r| r.0).unwrap_or("unmatched");
    state.metrics.observe(method.as_str(), route, status, started.elapsed());
    tracing::info!(request_id, %method, path, route, status, elapsed_ms = started.elapsed().as_millis() as u64, "request");
    response
}

pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    if state.config.secure_cookies {
        // Served over TLS (that is what secure cookies say): browsers keep
        // to HTTPS for a year, so no later request goes out in plain text.
        h.insert("strict-transport-security", HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    let set = |h: &mut axum::http::HeaderMap, k: &'static str, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(
        h,
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    set(h, "x-content-type-options", "nosniff");
    set(h, "referrer-policy", "no-referrer");
    set(h, "x-frame-options", "DENY");
    set(h, "cross-origin-opener-policy", "same-origin");
    set(h, "permissions-policy", "camera=(), microphone=(), geolocation=()");
    if !h.contains_key(header::CACHE_CONTROL) {
        // Pages hold need-to-know content: never keep them in shared caches.
        set(h, "cache-control", "no-store");
    }
    response
}

/// Upper bound for form bodies read by the anti-forgery check.
const FORM_LIMIT: usize = 256 * 1024;

/// Every non-safe request to a page route must carry the anti-forgery token:
/// the session's token when logged in, else the one bound to the pre-session
/// cookie (`session::presession_token`). The API
/// is exempt because it authenticates by bearer token only, never by cookie.
/// Refuses a path or query holding, once percent-decoded, a character no
/// field accepts (`errors::refused_character`: NUL, which PostgreSQL cannot
/// store or compare, or another control character) before any handler reads
/// it: only a crafted request sends one. Names the query parameter, or `path`.
pub async fn refused_characters_in_address(req: Request, next: Next) -> Result<Response, WebError> {
    // Decoded as the handlers will see them: a refused character hidden in
    // a percent escape (`%00`, `%C2%84`) is named like one in a body.
    let decoded = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
    if let Some(code) = crate::errors::refused_character(&decoded(req.uri().path())) {
        return Err(WebError::character_in("path", code));
    }
    let query = req.uri().query().unwrap_or("");
    for pair in query.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (name, value) = (decoded(&name.replace('+', " ")), decoded(&value.replace('+', " ")));
        if let Some(code) = crate::errors::refused_character(&name).or(crate::errors::refused_character(&value)) {
            return Err(WebError::character_in(name, code));
        }
    }
    Ok(next.run(req).await)
}

pub async fn csrf(State(state): State<AppState>, req: Request, next: Next) -> Result<Response, WebError> {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || req.uri().path().starts_with("/api/") {
        return Ok(next.run(req).await);
    }
    // A file upload to an upload route is not buffered here: its handler
    // reads the token as the form's first part before anything else.
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.to_ascii_lowercase().starts_with("multipart/form-data"));
    let upload_route =
        req.extensions().get::<axum::extract::MatchedPath>().is_some_and(|m| crate::routes::is_upload(m.as_str()));
    if multipart && upload_route {
        return Ok(next.run(req).await);
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, FORM_LIMIT).await.map_err(|_| AppError::BadRequest)?;
    let sent = form_value(&bytes, "csrf")
        .or_else(|| parts.headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_string));
    let expected = match cookie(&parts.headers, SESSION_COOKIE) {
        Some(raw) => {
            match session::session_csrf(&state, &sha256_hex(&raw)).await? {
                Some(csrf) => Some(csrf),
                // The session ended (timeout, logout elsewhere): the form can
                // do nothing any more; send the user to log in again rather
                // than calling it a forgery. Public forms still work.
                None => match cookie(&parts.headers, CSRF_COOKIE) {
                    Some(c) => Some(session::presession_token(&state, &c)),
                    None => return Err(AppError::Unauthenticated.into()),
                },
            }
        }
        None => cookie(&parts.headers, CSRF_COOKIE).map(|c| session::presession_token(&state, &c)),
    };
    match (sent, expected) {
        (Some(s), Some(e)) if !e.is_empty() && constant_time_eq(&s, &e) => {
            Ok(next.run(Request::from_parts(parts, Body::from(bytes))).await)
        }
        _ => Err(WebError::Csrf),
    }
}

fn form_value(body: &[u8], key: &str) -> Option<String> {
    serde_urlencoded_pairs(body).into_iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

fn serde_urlencoded_pairs(body: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

/// Turns `AppError` responses into pages or problem+json, in the user's
/// language and with the request id.
pub async fn render_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let ctx = req.extensions().get::<RequestCtx>().cloned();
    // Kept to show the signed-in person their menus on an error page.
    let headers = (!is_api).then(|| req.headers().clone());
    let lang = session::request_lang(req.headers(), None);
    let had_session = cookie(req.headers(), SESSION_COOKIE).is_some();
    // Where a page request meant to go, for after the login (a form post is
    // not repeated: its page is where to return).
    let back = (req.method() == axum::http::Method::GET)
        .then(|| req.uri().path_and_query().map(|p| p.as_str().to_string()))
        .flatten();
    let mut response = next.run(req).await;
    let request_id = ctx.as_ref().map(|c| c.request_id.clone()).unwrap_or_default();
    let Some(info) = response.extensions_mut().remove::<ErrorInfo>() else {
        if is_api && unexplained_error(&response) {
            return transport_problem(response, lang, &request_id);
        }
        return response;
    };
    if is_api {
        return problem(&info, lang, &request_id);
    }
    if info.status == StatusCode::UNAUTHORIZED {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if had_session {
            query.append_pair("expired", "1");
        }
        if let Some(back) = back.filter(|b| b != "/") {
            // The login form checks that `next` stays on this site.
            query.append_pair("next", &back);
        }
        let query = query.finish();
        let target = if query.is_empty() { "/login".to_string() } else { format!("/login?{query}") };
        return Redirect::to(&target).into_response();
    }
    let key = if info.code == "csrf_failed" {
        "errorpage.403.csrf".to_string()
    } else {
        format!("{}.body", title_key(&info))
    };
    let page = minijinja::context! {
        status => info.status.as_u16(),
        title_key => title_key(&info),
        body_key => key,
    };
    // A signed-in person keeps the menus (and the language switch); anyone
    // else gets the bare page. A session that no longer loads is no one.
    let viewer = match (&headers, &ctx) {
        (Some(h), Some(c)) => session::load_viewer(&state, h, (c.request_id.clone(), c.source.clone()))
            .await
            .ok()
            .and_then(Result::ok)
            .map(|v| (v, c)),
        _ => None,
    };
    let html = match viewer {
        Some((v, c)) => crate::pages::render_html(&state, &v, c, "error_page.html", page).map_err(|e| format!("{e:?}")),
        None => state
            .templates
            .render("error.html", minijinja::context! { lang => lang.code(), request_id => request_id.clone(), ..page })
            .map_err(|e| e.to_string()),
    };
    match html {
        Ok(body) => (info.status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page failed to render");
            (info.status, format!("{} ({request_id})", info.status)).into_response()
        }
    }
}

/// An error answer the router or an extractor gave without going through
/// `WebError` (a path that does not parse, a method the route does not take,
/// a body over its limit): on the API it must still be problem+json.
fn unexplained_error(response: &Response) -> bool {
    let status = response.status();
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("application/problem+json"));
    (status.is_client_error() || status.is_server_error()) && !json
}

/// The same answer as problem+json, keeping the headers that describe it (`Allow` on 405).
fn transport_problem(response: Response, lang: Lang, request_id: &str) -> Response {
    let status = response.status();
    let info = ErrorInfo {
        status,
        code: crate::errors::status_code(status),
        fields: Vec::new(),
        findings: Vec::new(),
        named: None,
    };
    let mut answer = problem(&info, lang, request_id);
    if let Some(allow) = response.headers().get(header::ALLOW) {
        answer.headers_mut().insert(header::ALLOW, allow.clone());
    }
    answer
}

/// RFC 9457 problem details with a stable `code` and, for invalid input,
/// every failing field with a message in the caller's language.
/// The translation key of an error's title (its body is `<key>.body`): by
/// status, except a conflict with the data as it stands, which is not
/// someone else's edit.
fn title_key(info: &ErrorInfo) -> String {
    if info.code == "does_not_fit" {
        "errorpage.does_not_fit".to_string()
    } else {
        format!("errorpage.{}", info.status.as_u16())
    }
}

pub fn problem(info: &ErrorInfo, lang: Lang, request_id: &str) -> Response {
    let title = t(lang, &title_key(info));
    let error = |field: &str, code: &str| serde_json::json!({"field": field, "code": code, "message": t(lang, &format!("error.{code}"))});
    let mut errors: Vec<serde_json::Value> = info.fields.iter().map(|f| error(f.field, f.code)).collect();
    if let Some((field, code)) = &info.named {
        errors.push(error(field, code));
    }
    let mut body = serde_json::json!({
        "type": format!("urn:verbinding:problem:{}", info.code),
        "title": title,
        "status": info.status.as_u16(),
        "code": info.code,
        "request_id": request_id,
    });
    if !errors.is_empty() {
        body["errors"] = serde_json::Value::Array(errors);
    }
    if !info.findings.is_empty() {
        let findings = info
            .findings
            .iter()
            .map(|f| {
                serde_json::json!({"step": f.step, "property": f.property, "code": f.code,
                                   "message": t(lang, &format!("finding.{}", f.code)), "detail": f.detail})
            })
            .collect();
        body["findings"] = serde_json::Value::Array(findings);
    }
    let mut response = (info.status, body.to_string()).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    if info.status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_values_are_decoded() {
        let pairs = serde_urlencoded_pairs(b"csrf=ab%2Fc&name=Anna+de+Vries&x=%E2%82%AC");
        assert_eq!(pairs[0], ("csrf".into(), "ab/c".into()));
        assert_eq!(pairs[1].1, "Anna de Vries");
        assert_eq!(pairs[2].1, "€");
    }
}
