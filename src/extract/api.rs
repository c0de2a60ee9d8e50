//! What the extractor finds in a page: services, their API versions, operations per version,
//! and models. Plain data, with source lines kept for diagnostics (never for the output).

use std::collections::BTreeSet;

use serde_json::Value;

use super::types::TypeExpr;
use crate::diag::Location;

/// Everything extracted from a set of pages, services in order of first appearance.
#[derive(Debug, Clone, Default)]
pub struct ApiDoc {
    pub services: Vec<Service>,
}

/// One SCP service (`apigateway`).
#[derive(Debug, Clone)]
pub struct Service {
    /// The heading title ("API Gateway").
    pub title: String,
    /// The `Scp-Api-Version` slug ("apigateway").
    pub slug: String,
    pub at: Location,
    /// The Overview prose, lines joined by `\n`.
    pub overview: String,
    /// The service's Version table, in the doc's order.
    pub versions: Vec<ApiVersion>,
    /// The documented OpenAPI URL (`https://apigateway.{region}.{environment}.samsungsdscloud.com`).
    pub url: Option<String>,
    /// The Environment and Region List: `(environment, region)`, region empty for global services.
    pub regions: Vec<(String, Option<String>)>,
    pub operations: Vec<Operation>,
    pub models: Vec<Model>,
}

/// A row of a service's Version table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiVersion {
    pub version: String,
    /// CURRENT, SUPPORTED, PLANNED, DEPRECATED.
    pub status: String,
    /// ISO date (`2025-12-31`).
    pub supported_until: Option<String>,
}

/// An operation (`Create Api`) with one variant per API version documenting it.
#[derive(Debug, Clone)]
pub struct Operation {
    pub title: String,
    /// snake_case of the title, unique within the service.
    pub operation_id: String,
    pub at: Location,
    pub variants: Vec<OperationVersion>,
}

/// An operation as one API version documents it.
#[derive(Debug, Clone)]
pub struct OperationVersion {
    pub version: String,
    pub at: Location,
    /// Upper-case HTTP method.
    pub method: String,
    pub path: String,
    pub description: Option<String>,
    /// `ACTIVE (CURRENT)` → ("ACTIVE", "CURRENT").
    pub state: Option<(String, String)>,
    pub supported_until: Option<String>,
    pub parameters: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    pub request_example: Option<JsonExample>,
    /// `Response <code>` examples, by status code.
    pub response_examples: Vec<(String, JsonExample)>,
}

/// A JSON example of a request or response body.
#[derive(Debug, Clone)]
pub struct JsonExample {
    pub value: Value,
    /// Where it starts, and its text, to point diagnostics at the offending line.
    pub at: Location,
    pub text: String,
}

impl JsonExample {
    /// The location of the value a `$.a[0].b` problem path names: the first line of the
    /// example that holds its last key, else the example's first line.
    pub fn locate(&self, problem: &str) -> Location {
        let path = problem.split(':').next().unwrap_or_default();
        let key = path.rsplit('.').next().unwrap_or_default();
        let key = key.split('[').next().unwrap_or_default();
        if key.is_empty() || key == "$" {
            return self.at.clone();
        }
        let needle = format!("\"{key}\"");
        match self.text.lines().position(|l| l.contains(&needle)) {
            Some(i) => Location {
                file: self.at.file.clone(),
                line: self.at.line + i,
            },
            None => self.at.clone(),
        }
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamIn {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamIn {
    pub fn parse(text: &str) -> Option<ParamIn> {
        match text {
            "path" => Some(ParamIn::Path),
            "query" => Some(ParamIn::Query),
            "header" => Some(ParamIn::Header),
            "cookie" => Some(ParamIn::Cookie),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
            ParamIn::Cookie => "cookie",
        }
    }
}

/// A path, query, header or cookie parameter.
#[derive(Debug, Clone)]
pub struct Parameter {
    pub location: ParamIn,
    pub field: Field,
}

/// The request body row.
#[derive(Debug, Clone)]
pub struct RequestBody {
    pub required: bool,
    pub ty: TypeExpr,
    pub description: Option<String>,
    pub at: Location,
}

/// A row of the Responses table.
#[derive(Debug, Clone)]
pub struct Response {
    pub code: String,
    pub description: String,
    pub ty: Option<TypeExpr>,
    pub at: Location,
}

/// A model and its fields, in the doc's order.
#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    pub at: Location,
    pub fields: Vec<Field>,
}

/// A model field or a parameter: a row with a name, a type and a packed description cell.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub required: bool,
    pub ty: TypeExpr,
    pub description: Option<String>,
    pub example: Option<Value>,
    pub default: Option<Value>,
    pub constraints: Constraints,
    pub at: Location,
}

/// Constraints from the description cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub pattern: Option<String>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
}

impl Service {
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.name == name)
    }

    /// `names` and every model they reach through fields.
    pub fn model_closure(&self, names: impl IntoIterator<Item = String>) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut todo: Vec<String> = names.into_iter().collect();
        while let Some(name) = todo.pop() {
            if !out.insert(name.clone()) {
                continue;
            }
            if let Some(m) = self.model(&name) {
                todo.extend(m.fields.iter().flat_map(|f| f.ty.refs()).map(String::from));
            }
        }
        out
    }

    /// The models some operation of some version uses, directly or through fields.
    pub fn models_used_by_operations(&self) -> BTreeSet<String> {
        let mut direct: Vec<String> = Vec::new();
        for v in self.operations.iter().flat_map(|o| &o.variants) {
            direct.extend(
                v.parameters
                    .iter()
                    .flat_map(|p| p.field.ty.refs())
                    .map(String::from),
            );
            direct.extend(v.body.iter().flat_map(|b| b.ty.refs()).map(String::from));
            direct.extend(
                v.responses
                    .iter()
                    .filter_map(|r| r.ty.as_ref())
                    .flat_map(|t| t.refs())
                    .map(String::from),
            );
        }
        self.model_closure(direct)
    }

    /// Whether any operation or model of the service refers to model `name`.
    pub fn references(&self, name: &str) -> bool {
        let in_type = |t: &TypeExpr| t.refs().contains(&name);
        self.models
            .iter()
            .flat_map(|m| &m.fields)
            .any(|f| in_type(&f.ty))
            || self.operations.iter().flat_map(|o| &o.variants).any(|v| {
                v.parameters.iter().any(|p| in_type(&p.field.ty))
                    || v.body.as_ref().is_some_and(|b| in_type(&b.ty))
                    || v.responses
                        .iter()
                        .filter_map(|r| r.ty.as_ref())
                        .any(in_type)
            })
    }

    /// The status of an API version from the Version table.
    pub fn version(&self, version: &str) -> Option<&ApiVersion> {
        self.versions.iter().find(|v| v.version == version)
    }

    /// Every API version that has operations or a Version-table row, newest first.
    pub fn all_versions(&self) -> Vec<String> {
        let mut out: Vec<String> = self.versions.iter().map(|v| v.version.clone()).collect();
        for op in &self.operations {
            for v in &op.variants {
                if !out.contains(&v.version) {
                    out.push(v.version.clone());
                }
            }
        }
        out.sort_by_key(|v| std::cmp::Reverse(version_key(v)));
        out
    }
}

/// `1.10` sorts after `1.9`.
pub fn version_key(version: &str) -> Vec<u64> {
    version.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}
