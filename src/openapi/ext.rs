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
