//! Every rule a finding can name: its id (stable, kebab-case), its severity, and what it
//! means, in one list. README.md's table of findings is checked against it
//! (tests/check_lint.rs).

use std::cmp::Ordering;
use std::fmt;

use super::Severity;

macro_rules! rules {
    ($( $variant:ident = $id:literal, $severity:ident, $explanation:literal; )*) => {
        /// A rule of a finding.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Rule {
            $( #[doc = $explanation] $variant, )*
        }

        impl Rule {
            /// Every rule, in the order of this list.
            #[cfg(any(test, feature = "internals"))]
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The rule's id, as findings print it.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// Errors stop a run before anything is written; warnings are worked around.
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }

            /// What the rule means, in one line.
            #[cfg(any(test, feature = "internals"))]
            pub fn explanation(self) -> &'static str {
                match self { $(Rule::$variant => $explanation,)* }
            }
        }
    };
}

rules! {
    // Reading a file.
    Unreadable = "unreadable", Error, "The file cannot be read: missing, not a regular file (a device, a FIFO), or over the input size limit.";
    EmptyInput = "empty-input", Error, "The file is empty.";
    BinaryInput = "binary-input", Error, "The file holds NUL bytes: it is binary, not a page.";
    NotUtf8 = "not-utf8", Error, "The file is not valid UTF-8.";
    UnrecognisedInput = "unrecognised-input", Error, "The file is no SCP API reference page in a form scpgen reads (text, HTML, Markdown).";
    HtmlTooDeep = "html-too-deep", Error, "HTML elements nest deeper than 1,024 levels.";
    // A page's structure.
    NoService = "no-service", Error, "The page has no service section with APIs or models.";
    NoServiceName = "no-service-name", Error, "Nothing on the page names the service (no Scp-Api-Version line, OpenAPI URL or page address).";
    BadServiceName = "bad-service-name", Error, "The page names its service with a name that cannot be a directory (`[a-z0-9][a-z0-9-]*`, not reserved).";
    SlugMismatch = "slug-mismatch", Warning, "Scp-Api-Version and the OpenAPI URL name different services; the former is used.";
    SlugGuessed = "slug-guessed", Warning, "No Scp-Api-Version line, OpenAPI URL or `x-scp-service` names the service; a name was made from its title.";
    UnexpectedSection = "unexpected-section", Warning, "A section heading scpgen does not understand where it stands; the section is ignored.";
    UnexpectedBlock = "unexpected-block", Warning, "A table or example that belongs to nothing where it stands; ignored.";
    UnexpectedText = "unexpected-text", Warning, "A line of text not understood where it stands; ignored.";
    UntitledOperation = "untitled-operation", Warning, "Version sections with no operation heading above them; the operation is named after its method and path.";
    // Versions.
    BadVersion = "bad-version", Error, "An API version that cannot name a file or module (ASCII digits and dots, at most 32 characters).";
    BadStatus = "bad-status", Warning, "A version status other than CURRENT, SUPPORTED, PLANNED or DEPRECATED.";
    BadDate = "bad-date", Warning, "A date that is not a date; left out.";
    BadState = "bad-state", Warning, "An operation's state line that is not `ACTIVE (<status>)`.";
    DuplicateVersion = "duplicate-version", Warning, "A version listed twice in a Version table.";
    MissingVersionTable = "missing-version-table", Warning, "A service without a Version table: versions and statuses come from the operations.";
    UnknownVersion = "unknown-version", Warning, "An operation version the service's Version table does not list.";
    StatusMismatch = "status-mismatch", Warning, "An operation's state and the Version table disagree on a version's status.";
    VersionMismatch = "version-mismatch", Warning, "A version section and its version table name different versions.";
    NoVersions = "no-versions", Warning, "A service or operation without any version: nothing of it can be written.";
    NoOperations = "no-operations", Warning, "A service without operations.";
    TocMismatch = "toc-mismatch", Warning, "The table of contents lists something the body does not have.";
    // Operations.
    MissingMethod = "missing-method", Error, "An operation version without its `<method> <path>` line.";
    MissingResponses = "missing-responses", Warning, "An operation version without a Responses table.";
    MissingState = "missing-state", Warning, "An operation version without its state line.";
    BadPath = "bad-path", Error, "A path that is not a valid path template (unbalanced braces, bad names, two paths that become one).";
    PathWithoutSlash = "path-without-slash", Warning, "A spec's path that does not start with `/`; read with one.";
    BadParameter = "bad-parameter", Warning, "A parameter row with no location scpgen knows; left out.";
    BadHeaderName = "bad-header-name", Warning, "A header parameter whose name no HTTP header can have; left out.";
    ReservedHeader = "reserved-header", Warning, "A documented header the client runtime sends itself (signing, Scp-Api-Version); left out.";
    DuplicateParameter = "duplicate-parameter", Warning, "A parameter listed twice; the first is kept.";
    OptionalPathParameter = "optional-path-parameter", Warning, "A path parameter marked optional; a path parameter is always required.";
    PathParameterMissing = "path-parameter-missing", Warning, "A path names a variable that no parameter documents; one is added.";
    PathParameterUnused = "path-parameter-unused", Warning, "A path parameter its path does not name; left out.";
    RequestPathMismatch = "request-path-mismatch", Warning, "The example's request path disagrees with the method line and the parameters.";
    BadResponse = "bad-response", Warning, "A Responses row that is no status code and model; left out.";
    DuplicateResponse = "duplicate-response", Warning, "A response status listed twice; the first is kept.";
    DuplicateOperation = "duplicate-operation", Warning, "An operation defined twice, the same both times.";
    DuplicateOperationId = "duplicate-operation-id", Warning, "Two operations whose titles give the same operationId; the second is renamed.";
    ConflictingOperation = "conflicting-operation", Error, "An operation version defined twice differently, or two operations on one method and path.";
    VersionDrift = "version-drift", Warning, "An operation whose versions use different methods or paths (lint).";
    ApiVersionHeader = "api-version-header", Warning, "A spec documents an Scp-Api-Version value other than the one its client sends.";
    // Models and fields.
    UndefinedModel = "undefined-model", Error, "A model referenced but never defined (see --allow-undefined-models).";
    UndefinedModelPlaceholder = "undefined-model-placeholder", Warning, "A model referenced but never defined, written as a placeholder object (--allow-undefined-models).";
    DuplicateModel = "duplicate-model", Warning, "A model defined twice, the same both times.";
    ConflictingModel = "conflicting-model", Error, "A model defined twice, differently.";
    EmptyModel = "empty-model", Warning, "A model without a field table; kept as an object without fields.";
    UnusedModel = "unused-model", Warning, "A model no operation uses (lint).";
    DuplicateField = "duplicate-field", Warning, "A field listed twice in a model; the first is kept.";
    ShortRow = "short-row", Warning, "A table row without cells; left out.";
    ExtraCell = "extra-cell", Warning, "Text after a row's last cell; ignored.";
    BadName = "bad-name", Error, "A name with a control character or a bidirectional override.";
    BadFieldName = "bad-field-name", Warning, "A field or parameter name that is no name (empty, with spaces); the row is left out.";
    MissingRequiredFlag = "missing-required-flag", Warning, "A field that says neither required nor optional; taken as optional.";
    MissingType = "missing-type", Warning, "A row whose Schema cell is no type; the row is left out.";
    TypeTooDeep = "type-too-deep", Warning, "A type that nests deeper than the type grammar allows; the row is left out.";
    NullType = "null-type", Warning, "A field typed `null` alone.";
    // Values and constraints.
    ExampleSyntax = "example-syntax", Warning, "An example that cannot be read as its field's type; left out.";
    DefaultSyntax = "default-syntax", Warning, "A default that cannot be read as its field's type; left out.";
    ExampleType = "example-type", Warning, "An example that contradicts its tables (its field's type, a JSON example's model); left out of the spec.";
    DefaultType = "default-type", Warning, "A default that contradicts its field's type; left out.";
    ExampleWithoutSchema = "example-without-schema", Warning, "An example for a response the Responses table does not list; left out.";
    BadConstraint = "bad-constraint", Warning, "A constraint that is not a number, or no value of the field's type can satisfy; left out.";
    ImpossibleConstraint = "impossible-constraint", Warning, "A minimum above its maximum: no value satisfies both; both are left out.";
    BadPattern = "bad-pattern", Warning, "A pattern regex-syntax and regex-lite (the clients' regex crate) cannot read; left out.";
    PatternTooLarge = "pattern-too-large", Warning, "A pattern too costly to compile here; kept in the spec, not checked by the client.";
    BadEnum = "bad-enum", Warning, "Enum values of another type than the schema's; left out.";
    BadRegion = "bad-region", Warning, "An environment/region row that names no environment or region; left out.";
    // Merging pages and specs.
    ConflictingService = "conflicting-service", Error, "Two pages describe one service differently (title, URL, regions).";
    ConflictingVersion = "conflicting-version", Error, "Two pages give one version different statuses or dates.";
    DuplicateSpec = "duplicate-spec", Error, "Two spec files of one service and version.";
    // Spec files.
    BadSpec = "bad-spec", Error, "A spec file that is no YAML or JSON OpenAPI document scpgen can read (bounds, duplicate keys included).";
    Openapi31 = "openapi-3.1", Warning, "Something of an OpenAPI 3.1 spec with no 3.0 form; left out.";
    OpenapiVersions = "openapi-versions", Warning, "A spec's `x-api-version` keys that do not split it cleanly by version.";
    BadService = "bad-service", Error, "A spec's service name that cannot name a crate.";
    VersionGuessed = "version-guessed", Warning, "A spec whose `info.version` is no API version and that names none otherwise (`x-api-version`, --api-version); its plain form is used.";
    EndpointGuessed = "endpoint-guessed", Warning, "A spec without a server URL and no --endpoint: SCP's regional pattern is used.";
    EndpointConflict = "endpoint-conflict", Warning, "The versions of one service document different endpoints; the crate has one.";
    // Client code.
    UntypedSchema = "untyped-schema", Warning, "A schema the generator cannot type (keywords of several types, an `allOf` that cannot be merged, a `not`); the value is `serde_json::Value`.";
    AnyValue = "any-value", Warning, "A schema that accepts any value (`{}`, an array without `items`); the value is `serde_json::Value`.";
    UncheckedConstraint = "unchecked-constraint", Warning, "A constraint of a spec the client does not check (a `not`, a union that only requires properties); left out of the client.";
    UnserializableParameter = "unserializable-parameter", Error, "A parameter whose style its location does not have, or whose shape its style has no form for (a list of lists, an object in an object, a single value as `deepObject`).";
    UnsupportedSpec = "unsupported-spec", Warning, "A part of a spec the generator does not support (a `$ref` path item or model, a body of a media type it cannot send); left out.";
    BadReference = "bad-reference", Warning, "A `$ref` that names nothing in the spec; what holds it is left out or typed as JSON.";
    OperationIdGuessed = "operation-id-guessed", Warning, "An operation without an operationId; its method is named after its method and path.";
    UnpagedListing = "unpaged-listing", Warning, "A call that looks like a listing (`page` and `size`, `offset` and `limit`) but gets no paginator; the reason is given.";
    RequiredCycle = "required-cycle", Warning, "Models that require each other in a cycle (no finite value); the cycle's properties are optional in the client.";
    UndocumentedPathVariable = "undocumented-path-variable", Error, "A spec's path names a variable no path parameter documents: the call cannot be made.";
    ModelConflict = "model-conflict", Error, "A model that differs between the API versions of one crate.";
}

impl Rule {
    /// The rule of an id, if there is one.
    #[cfg(test)]
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Findings sort by their rule's id (as they always have).
impl Ord for Rule {
    fn cmp(&self, other: &Self) -> Ordering {
        self.id().cmp(other.id())
    }
}

impl PartialOrd for Rule {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

impl PartialEq<str> for Rule {
    fn eq(&self, other: &str) -> bool {
        self.id() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_distinct_and_kebab_case() {
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        ids.sort_unstable();
        let before = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), before, "an id twice");
        for id in ids {
            assert!(
                id.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'-'
                    || b == b'.'),
                "{id}"
            );
            assert_eq!(Rule::from_id(id).map(Rule::id), Some(id));
        }
    }
}
