//! Where a parameter goes: the path, the query, a header or a cookie.

use std::fmt;

/// A parameter's location (OpenAPI's `in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamIn {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamIn {
    /// A location cell, in any case (`Query` is `query`): the docs capitalise some rows.
    pub fn parse(text: &str) -> Option<ParamIn> {
        [
            ParamIn::Path,
            ParamIn::Query,
            ParamIn::Header,
            ParamIn::Cookie,
        ]
        .into_iter()
        .find(|p| text.trim().eq_ignore_ascii_case(p.as_str()))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
            ParamIn::Cookie => "cookie",
        }
    }

    /// The location and data of an OpenAPI parameter.
    pub fn of(p: &openapiv3::Parameter) -> (ParamIn, &openapiv3::ParameterData) {
        use openapiv3::Parameter;
        match p {
            Parameter::Path { parameter_data, .. } => (ParamIn::Path, parameter_data),
            Parameter::Query { parameter_data, .. } => (ParamIn::Query, parameter_data),
            Parameter::Header { parameter_data, .. } => (ParamIn::Header, parameter_data),
            Parameter::Cookie { parameter_data, .. } => (ParamIn::Cookie, parameter_data),
        }
    }
}

impl fmt::Display for ParamIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
