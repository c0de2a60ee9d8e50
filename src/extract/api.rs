//! What the extractor finds in a page: services, their API versions, operations per version,
//! and models. Plain data, with source lines kept for diagnostics (never for the output).

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::Value;

use crate::diag::Location;
use crate::vocab::type_expr::TypeExpr;

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
    /// Positions in `models` and `operations` by name, so that merging and looking up stay
    /// linear for services with thousands of models. Kept by [`super::add_model`] and
    /// [`super::add_operation`]; lookups check each hit, and fall back to a scan when the
    /// lists were changed behind the index's back.
    pub index: ServiceIndex,
}

/// See [`Service::index`].
#[derive(Debug, Clone, Default)]
pub struct ServiceIndex {
    pub models: HashMap<String, usize>,
    pub operations: HashMap<String, usize>,
    /// (operation position, version) → position in its variants.
    pub variants: HashMap<(usize, String), usize>,
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
    pub method: crate::vocab::Method,
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

pub use crate::vocab::ParamIn;

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
    /// A placeholder for a model referenced but never defined (`--allow-undefined-models`):
    /// written as `type: object` with `x-scp-undefined: true`, so a single page can be
    /// exported and the gap stays visible in the spec.
    pub undefined: bool,
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
        if let Some(m) = self
            .index
            .models
            .get(name)
            .and_then(|&i| self.models.get(i))
            .filter(|m| m.name == name)
        {
            return Some(m);
        }
        if self.index.models.len() == self.models.len() {
            return None;
        }
        self.models.iter().find(|m| m.name == name)
    }

    /// The position of operation `title` in `operations`.
    pub fn operation_position(&self, title: &str) -> Option<usize> {
        if let Some(&i) = self
            .index
            .operations
            .get(title)
            .filter(|&&i| self.operations.get(i).is_some_and(|o| o.title == title))
        {
            return Some(i);
        }
        if self.index.operations.len() == self.operations.len() {
            return None;
        }
        self.operations.iter().position(|o| o.title == title)
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


    /// Every model name some operation or model of the service refers to: one pass, for
    /// callers asking about many names.
    pub fn referenced_models(&self) -> HashSet<&str> {
        let mut out: HashSet<&str> = HashSet::new();
        for f in self.models.iter().flat_map(|m| &m.fields) {
            out.extend(f.ty.refs());
        }
        for v in self.operations.iter().flat_map(|o| &o.variants) {
            for p in &v.parameters {
                out.extend(p.field.ty.refs());
            }
            if let Some(b) = &v.body {
                out.extend(b.ty.refs());
            }
            for r in v.responses.iter().filter_map(|r| r.ty.as_ref()) {
                out.extend(r.refs());
            }
        }
        out
    }


    /// Every API version that has operations or a Version-table row, newest first.
    pub fn all_versions(&self) -> Vec<String> {
        let mut out: Vec<String> = self.versions.iter().map(|v| v.version.clone()).collect();
        let mut seen: HashSet<String> = out.iter().cloned().collect();
        for op in &self.operations {
            for v in &op.variants {
                if seen.insert(v.version.clone()) {
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
