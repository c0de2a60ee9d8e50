//! SCP access keys and the request signature.
//!
//! `Scp-Signature` = base64(HMAC-SHA256(secret_key, METHOD + URL + timestamp + access_key +
//! account_id + "Openapi")): plain concatenation, the method in upper case, the URL exactly as
//! sent (scheme, host, percent-encoded path, `?` and the encoded query when there is one),
//! the account id empty when unset, standard base64 with padding.

use std::fmt;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::error::Error;

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

/// Where a client gets its credentials: asked before every call, so that keys can rotate
/// (a profile file edited, a secret store renewed) without a new client.
/// [`Config::with_credentials_provider`](crate::Config::with_credentials_provider) sets one;
/// [`Credentials`] themselves are the fixed provider.
pub trait ProvideCredentials: fmt::Debug + Send + Sync {
    /// The credentials to sign the next call with; [`Error::Config`] when there are none.
    fn credentials(&self) -> Result<Credentials, Error>;
}

impl ProvideCredentials for Credentials {
    fn credentials(&self) -> Result<Credentials, Error> {
        Ok(self.clone())
    }
}

/// The environment's credentials as they are when a call is made: `SCP_ACCESS_KEY`,
/// `SCP_SECRET_KEY` and `SCP_ACCOUNT_ID` (optional).
#[derive(Debug, Clone, Copy, Default)]
pub struct EnvCredentials;

impl ProvideCredentials for EnvCredentials {
    fn credentials(&self) -> Result<Credentials, Error> {
        use crate::config::env;
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let access = var(env::ACCESS_KEY)
            .ok_or_else(|| Error::Config(format!("{} is not set", env::ACCESS_KEY)))?;
        let secret = var(env::SECRET_KEY)
            .ok_or_else(|| Error::Config(format!("{} is not set", env::SECRET_KEY)))?;
        let credentials = Credentials::new(access, secret);
        Ok(match var(env::ACCOUNT_ID) {
            Some(account) => credentials.with_account_id(account),
            None => credentials,
        })
    }
}

/// A named profile of a credentials file: `~/.scp/credentials` (or the file
/// `SCP_CREDENTIALS_FILE` names), sections of keys as in
///
/// ```text
/// [default]
/// access_key = AKIA...
/// secret_key = ...
/// account_id = ...   # optional
///
/// [production]
/// access_key = ...
/// secret_key = ...
/// ```
///
/// The file is read again when it changes (its modification time or size), so a rotated key
/// is used from the next call on; otherwise a call costs one `stat`.
#[derive(Debug)]
pub struct ProfileCredentials {
    path: PathBuf,
    profile: String,
    cache: Mutex<Option<Cached>>,
}

/// What the file gave when it was last read, and how it looked then.
#[derive(Debug, Clone)]
struct Cached {
    modified: Option<SystemTime>,
    len: u64,
    read_at: SystemTime,
    credentials: Credentials,
}

/// The environment variable naming the credentials file, instead of `~/.scp/credentials`.
pub const CREDENTIALS_FILE: &str = "SCP_CREDENTIALS_FILE";

impl ProfileCredentials {
    /// The profile `name` of the default file (`SCP_CREDENTIALS_FILE`, else
    /// `~/.scp/credentials`).
    pub fn new(profile: impl Into<String>) -> Self {
        let path = std::env::var_os(CREDENTIALS_FILE)
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".scp/credentials")))
            .unwrap_or_else(|| PathBuf::from(".scp/credentials"));
        ProfileCredentials::with_path(path, profile)
    }

    /// The profile `name` of the file at `path`.
    pub fn with_path(path: impl Into<PathBuf>, profile: impl Into<String>) -> Self {
        ProfileCredentials {
            path: path.into(),
            profile: profile.into(),
            cache: Mutex::new(None),
        }
    }

    fn read(&self) -> Result<Credentials, Error> {
        let fail = |why: String| {
            Error::Config(format!(
                "profile `{}` of {}: {why}",
                self.profile,
                self.path.display()
            ))
        };
        let text = std::fs::read_to_string(&self.path).map_err(|e| fail(e.to_string()))?;
        let mut section = None;
        let (mut access, mut secret, mut account) = (None, None, None);
        for line in text.lines() {
            let line = line.split(['#', ';']).next().unwrap_or_default().trim();
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = Some(name.trim().to_string());
                continue;
            }
            if section.as_deref() != Some(self.profile.as_str()) {
                continue;
            }
            if let Some((key, value)) = line.split_once('=') {
                let value = Some(value.trim().to_string()).filter(|v| !v.is_empty());
                match key.trim() {
                    "access_key" => access = value,
                    "secret_key" => secret = value,
                    "account_id" => account = value,
                    _ => {}
                }
            }
        }
        let access = access.ok_or_else(|| fail("no access_key".into()))?;
        let secret = secret.ok_or_else(|| fail("no secret_key".into()))?;
        let credentials = Credentials::new(access, secret);
        Ok(match account {
            Some(a) => credentials.with_account_id(a),
            None => credentials,
        })
    }
}

impl ProvideCredentials for ProfileCredentials {
    fn credentials(&self) -> Result<Credentials, Error> {
        let meta = std::fs::metadata(&self.path).ok();
        let modified = meta.as_ref().and_then(|m| m.modified().ok());
        let len = meta.as_ref().map_or(0, |m| m.len());
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = cache.as_ref() {
            // A file changed within 2 s of the read may have changed again unseen (coarse
            // file times): read it again then.
            let settled = c
                .modified
                .and_then(|m| c.read_at.duration_since(m).ok())
                .is_some_and(|age| age >= Duration::from_secs(2));
            if settled && c.modified == modified && c.len == len {
                return Ok(c.credentials.clone());
            }
        }
        let credentials = self.read()?;
        *cache = Some(Cached {
            modified,
            len,
            read_at: SystemTime::now(),
            credentials: credentials.clone(),
        });
        Ok(credentials)
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
    fn profiles_are_read_and_read_again_when_the_file_changes() {
        let dir = std::env::temp_dir().join(format!("scp-profile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("credentials");
        std::fs::write(
            &file,
            "[default]\naccess_key = AK1\nsecret_key = S1\n\n[prod] # the other\naccess_key=AK2\nsecret_key=S2\naccount_id = acc\n",
        )
        .unwrap();
        let prod = ProfileCredentials::with_path(&file, "prod");
        let c = prod.credentials().unwrap();
        assert_eq!((c.access_key(), c.account_id()), ("AK2", Some("acc")));
        std::fs::write(&file, "[prod]\naccess_key=AK3\nsecret_key=S3\n").unwrap();
        assert_eq!(prod.credentials().unwrap().access_key(), "AK3");
        let missing = ProfileCredentials::with_path(&file, "nope").credentials();
        assert!(missing.unwrap_err().to_string().contains("profile `nope`"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn debug_hides_the_secret() {
        let c = Credentials::new("AK", "very-secret").with_account_id("acc");
        let shown = format!("{c:?}");
        assert!(shown.contains("AK") && shown.contains("acc"));
        assert!(!shown.contains("very-secret"));
    }
}
