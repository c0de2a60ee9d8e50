//! The `x-scp-*` extensions scpgen writes into its specs and reads back (codegen, diff), and
//! the keys of SCP's own published specs it understands: one place for every key's name.

/// `info.x-scp-service`: the service slug (`apigateway`).
pub const SERVICE: &str = "x-scp-service";
/// `info.x-scp-api-version`: the `Scp-Api-Version` header value (`apigateway 1.2`).
pub const API_VERSION: &str = "x-scp-api-version";
/// `info.x-scp-status`: CURRENT, SUPPORTED, PLANNED or DEPRECATED.
pub const STATUS: &str = "x-scp-status";
/// `info.x-scp-supported-until`: the ISO date until which the version is supported.
pub const SUPPORTED_UNTIL: &str = "x-scp-supported-until";
/// `servers[0].x-scp-regions`: the documented `{environment, region}` pairs.
pub const REGIONS: &str = "x-scp-regions";
/// An operation's API version in SCP's published specs (`1.2`, or `apigateway 1.2`): one
/// file holds every version, and codegen splits it by this key.
pub const SCP_OPERATION_API_VERSION: &str = "x-api-version";

/// The headers every SCP call carries, set by the client runtime (signing and versioning,
/// lower-case): documented as a parameter, one would be sent twice, and `Scp-Api-Version`
/// would make a spec invalid (two parameters of one name).
pub const SCP_HEADERS: &[&str] = &[
    "scp-api-version",
    "scp-accesskey",
    "scp-signature",
    "scp-timestamp",
    "scp-clienttype",
    "scp-accountid",
];

/// `x-scp-undefined: true` on a placeholder model: referenced by the page, defined nowhere
/// (written with `--allow-undefined-models`).
pub const UNDEFINED: &str = "x-scp-undefined";

/// What a spec's `info` says in scpgen's keys: the one reader of them (codegen's settings
/// and the changelog read a spec back through it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScpInfo<'a> {
    /// `x-scp-service`, when it is text.
    pub service: Option<&'a str>,
    /// `x-scp-api-version` (`apigateway 1.2`).
    pub api_version: Option<&'a str>,
    /// `x-scp-status`.
    pub status: Option<super::Status>,
    /// `x-scp-supported-until`.
    pub supported_until: Option<&'a str>,
    /// The API version SCP's keys name: `x-api-version` (which a split file's documents
    /// carry in `info`, from their operations), else the version of `x-scp-api-version`.
    pub version: Option<&'a str>,
}

impl<'a> ScpInfo<'a> {
    pub fn of(info: &'a openapiv3::Info) -> ScpInfo<'a> {
        let text = |key: &str| info.extensions.get(key).and_then(serde_json::Value::as_str);
        ScpInfo {
            service: text(SERVICE),
            api_version: text(API_VERSION),
            status: text(STATUS).map(super::Status::parse),
            supported_until: text(SUPPORTED_UNTIL),
            version: text(SCP_OPERATION_API_VERSION).or_else(|| {
                text(API_VERSION).map(|v| v.rsplit_once(' ').map_or(v, |(_, version)| version))
            }),
        }
    }

    /// The service a spec is of: `x-scp-service`, else a slug made of its title (`Pet
    /// Store` → `petstore`), the name both codegen and the changelog give it.
    pub fn service_or_title(&self, info: &openapiv3::Info) -> String {
        match self.service {
            Some(s) => s.to_string(),
            None => slug_from_title(&info.title),
        }
    }
}

/// A slug made of a title: its ASCII letters and digits, lower-case (`Pet Store` →
/// `petstore`); `n` in front when that is empty or starts with a digit.
pub fn slug_from_title(title: &str) -> String {
    let s: String = title
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{s}")
    } else {
        s
    }
}
