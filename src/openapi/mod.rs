//! Stage 3, OpenAPI: [`ApiDoc`](crate::extract::ApiDoc) → one OpenAPI 3.0 document per service
//! and API version, and its serialisation as YAML or JSON.

pub mod audit;
pub mod build;
pub mod ext;
pub mod input;
pub mod lower;
pub mod render;
pub mod schema;
pub mod tree;
pub mod walk;
pub mod yaml11;

pub use build::{build, Spec};
pub use render::{render, Format};

/// A parameter's data and where it goes (`path`, `query`, `header`, `cookie`).
pub fn parameter_parts(p: &openapiv3::Parameter) -> (&openapiv3::ParameterData, &'static str) {
    use openapiv3::Parameter;
    match p {
        Parameter::Path { parameter_data, .. } => (parameter_data, "path"),
        Parameter::Query { parameter_data, .. } => (parameter_data, "query"),
        Parameter::Header { parameter_data, .. } => (parameter_data, "header"),
        Parameter::Cookie { parameter_data, .. } => (parameter_data, "cookie"),
    }
}
