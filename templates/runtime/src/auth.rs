//! SCP access keys and the request signature.
//!
//! `Scp-Signature` = base64(HMAC-SHA256(secret_key, METHOD + URL + timestamp + access_key +
//! account_id + "Openapi")): plain concatenation, the method in upper case, the URL exactly as
//! sent (scheme, host, percent-encoded path, `?` and the encoded query when there is one),
//! the account id empty when unset, standard base64 with padding.

use std::fmt;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The client type SCP expects in `Scp-ClientType` and at the end of the signed string.
pub const CLIENT_TYPE: &str = "Openapi";

/// An access key pair, with the account id the calls act for.
///
/// The secret key never appears in `Debug` output.
#[derive(Clone)]
pub struct Credentials {
    access_key: String,
    secret_key: String,
    account_id: Option<String>,
}

impl Credentials {
    /// Credentials from explicit values.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Credentials {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            account_id: None,
        }
    }

    /// Sends `Scp-AccountId` with every call and signs it.
    pub fn with_account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }

    /// The access key (`Scp-AccessKey`).
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The account id, when one is set.
    pub fn account_id(&self) -> Option<&str> {
        self.account_id.as_deref()
    }

    /// Whether a secret key is set (not empty); the key itself is never handed out.
    pub(crate) fn has_secret_key(&self) -> bool {
        !self.secret_key.is_empty()
    }

    /// The signature of a request, as `Scp-Signature` carries it.
    pub fn sign(&self, method: &str, url: &str, timestamp: &str) -> String {
        signature(
            &self.secret_key,
            method,
            url,
            timestamp,
            &self.access_key,
            self.account_id.as_deref().unwrap_or(""),
        )
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &"<redacted>")
            .field("account_id", &self.account_id)
            .finish()
    }
}

/// The SCP signature over its parts.
pub fn signature(
    secret_key: &str,
    method: &str,
    url: &str,
    timestamp: &str,
    access_key: &str,
    account_id: &str,
) -> String {
    // HMAC accepts keys of any length: this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret_key.as_bytes())
        .expect("HMAC takes any key length");
    for part in [
        method.to_ascii_uppercase().as_str(),
        url,
        timestamp,
        access_key,
        account_id,
        CLIENT_TYPE,
    ] {
        mac.update(part.as_bytes());
    }
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_secret() {
        let c = Credentials::new("AK", "very-secret").with_account_id("acc");
        let shown = format!("{c:?}");
        assert!(shown.contains("AK") && shown.contains("acc"));
        assert!(!shown.contains("very-secret"));
    }
}
