//! What resolving an operation needs to see of its version: the spec and its models, and
//! where the operation is (for findings).

use openapiv3::OpenAPI;

/// What every operation of a version needs to see.
pub(super) struct Context<'a> {
    /// The version's spec, for samples and `$ref`s.
    pub spec: &'a OpenAPI,
    /// The component schemas, to recognise list answers.
    pub schemas: &'a super::components::Models<'a>,
    /// The operation's JSON pointer, for findings.
    pub at: &'a str,
}
