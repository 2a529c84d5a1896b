//! Signing and verifying playbooks with the JSON Signature Scheme (JSS) of
//! CACAO 2.0 (section 10), algorithm RS256.
//!
//! To sign: take the playbook without its existing signatures, add the new
//! signature object (no `value` yet), form the RFC 8785 canonical JSON,
//! hash it with SHA-256, and sign the lowercase hex of that hash with
//! RSASSA-PKCS1-v1_5 / SHA-256; the base64url result (no padding) becomes
//! the signature's `value`, and the earlier signatures are put back in front.
//! Verification repeats this for each signature on its own. Which bytes are
//! signed (the hex text of the hash) is what the specification's worked
//! example shows; the corpus copy of that example is this module's test vector.

use crate::jcs;
use base64::Engine;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use serde_json::Value;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// The private key is not an RSA key in PKCS#8 PEM.
    KeyInvalid,
    NotAPlaybook,
    /// The signature object misses a field or names another algorithm.
    TemplateInvalid(&'static str),
}

impl SignatureError {
    pub fn code(&self) -> &'static str {
        match self {
            SignatureError::KeyInvalid => "signing_key_invalid",
            SignatureError::NotAPlaybook => "not_object",
            SignatureError::TemplateInvalid(_) => "signature_invalid",
        }
    }
}

/// One signature's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub id: String,
    pub signee: String,
    pub valid: bool,
    /// Why it is not valid (stable code), when it is not.
    pub problem: Option<&'static str>,
}

/// The DER inside a PEM block. Read leniently (any line length), because
/// keys are pasted from documents: the worked example wraps at 76 columns,
/// which strict RFC 7468 readers refuse.
fn pem_body(pem: &str) -> Option<Vec<u8>> {
    let body: String = pem.lines().map(str::trim).filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD.decode(body).ok()
}

/// The public key (SPKI DER, base64) that goes with a private key, for the
/// signature object's `public_key`.
pub fn public_key_of(private_key_pem: &str) -> Result<String, SignatureError> {
    use rsa::pkcs8::EncodePublicKey;
    let key = rsa::RsaPrivateKey::from_pkcs8_der(&pem_body(private_key_pem).ok_or(SignatureError::KeyInvalid)?)
        .map_err(|_| SignatureError::KeyInvalid)?;
    let der = key.to_public_key().to_public_key_der().map_err(|_| SignatureError::KeyInvalid)?;
    Ok(base64::engine::general_purpose::STANDARD.encode(der.as_bytes()))
}

/// The bytes a signature covers: the hex SHA-256 of the canonical playbook
/// carrying only this signature, without its value.
fn signed_bytes(playbook: &Value, signature_without_value: Value) -> String {
    let mut doc = playbook.clone();
    if let Some(o) = doc.as_object_mut() {
        o.insert("signatures".into(), Value::Array(vec![signature_without_value]));
    }
    hex::encode(Sha256::digest(jcs::canonical(&doc).as_bytes()))
}

/// Signs `playbook` with `template` (a `jss` signature object: type, id,
/// created, created_by, signee, valid_from, related_to, related_version,
/// hash_algorithm `sha-256`, algorithm `RS256`, public_key) and the private
/// key (PKCS#8 PEM). Returns the playbook with the signature appended.
pub fn sign(playbook: &Value, template: &Value, private_key_pem: &str) -> Result<Value, SignatureError> {
    let o = playbook.as_object().ok_or(SignatureError::NotAPlaybook)?;
    let mut signature = template.as_object().cloned().ok_or(SignatureError::TemplateInvalid("signature"))?;
    if signature.get("algorithm").and_then(Value::as_str) != Some("RS256") {
        return Err(SignatureError::TemplateInvalid("algorithm"));
    }
    if signature.get("hash_algorithm").and_then(Value::as_str) != Some("sha-256") {
        return Err(SignatureError::TemplateInvalid("hash_algorithm"));
    }
    signature.remove("value");
    let key = rsa::RsaPrivateKey::from_pkcs8_der(&pem_body(private_key_pem).ok_or(SignatureError::KeyInvalid)?)
        .map_err(|_| SignatureError::KeyInvalid)?;
    let existing: Vec<Value> = o.get("signatures").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut unsigned = playbook.clone();
    if let Some(u) = unsigned.as_object_mut() {
        u.remove("signatures");
    }
    let message = signed_bytes(&unsigned, Value::Object(signature.clone()));
    let value = SigningKey::<Sha256>::new(key).sign(message.as_bytes()).to_bytes();
    signature.insert("value".into(), Value::String(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value)));
    let mut out = playbook.clone();
    let mut all = existing;
    all.push(Value::Object(signature));
    if let Some(x) = out.as_object_mut() {
        x.insert("signatures".into(), Value::Array(all));
    }
    Ok(out)
}

/// Verifies every signature on the playbook with the public key it carries.
pub fn verify(playbook: &Value) -> Vec<Check> {
    let signatures: Vec<Value> = playbook.get("signatures").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut unsigned = playbook.clone();
    if let Some(u) = unsigned.as_object_mut() {
        u.remove("signatures");
    }
    signatures.iter().map(|s| check(&unsigned, s)).collect()
}

fn check(unsigned: &Value, signature: &Value) -> Check {
    let field = |k: &str| signature.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let mut out = Check { id: field("id"), signee: field("signee"), valid: false, problem: None };
    let result = (|| {
        if field("algorithm") != "RS256" || field("hash_algorithm") != "sha-256" {
            return Err("signature_algorithm_unsupported");
        }
        let der = base64::engine::general_purpose::STANDARD
            .decode(field("public_key"))
            .map_err(|_| "signature_key_invalid")?;
        let key = rsa::RsaPublicKey::from_public_key_der(&der).map_err(|_| "signature_key_invalid")?;
        let value = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(field("value").trim_end_matches('='))
            .map_err(|_| "signature_value_invalid")?;
        let sig = Signature::try_from(value.as_slice()).map_err(|_| "signature_value_invalid")?;
        let mut without_value = signature.clone();
        if let Some(o) = without_value.as_object_mut() {
            o.remove("value");
        }
        let message = signed_bytes(unsigned, without_value);
        VerifyingKey::<Sha256>::new(key).verify(message.as_bytes(), &sig).map_err(|_| "signature_mismatch")
    })();
    match result {
        Ok(()) => out.valid = true,
        Err(code) => out.problem = Some(code),
    }
    out
}
