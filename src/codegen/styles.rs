//! How a parameter goes on the wire: its OpenAPI `style` and `explode` (defaults by
//! location: form and exploded in queries and cookies, simple elsewhere), or JSON text for a
//! parameter given by `content`. The shapes its schema allows (a scalar, a list of scalars,
//! an object of scalars, or any of them for a union) must each have a form in that style;
//! one that has none (a list of lists, an object in an object, a scalar as `deepObject`) is
//! an error for the operation, never a best-effort text. The runtime's `style` module writes
//! the forms (its table is OpenAPI's).

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::TokenStream;
use quote::quote;

use crate::vocab::ParamIn;

/// OpenAPI's styles (the runtime's `style::Style`, one crate apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StyleKind {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

impl StyleKind {
    fn name(self) -> &'static str {
        match self {
            StyleKind::Simple => "simple",
            StyleKind::Label => "label",
            StyleKind::Matrix => "matrix",
            StyleKind::Form => "form",
            StyleKind::SpaceDelimited => "spaceDelimited",
            StyleKind::PipeDelimited => "pipeDelimited",
            StyleKind::DeepObject => "deepObject",
        }
    }

    /// The runtime's variant (`Style::Form`; version modules import `Style`).
    pub fn tokens(self) -> TokenStream {
        match self {
            StyleKind::Simple => quote! { Style::Simple },
            StyleKind::Label => quote! { Style::Label },
            StyleKind::Matrix => quote! { Style::Matrix },
            StyleKind::Form => quote! { Style::Form },
            StyleKind::SpaceDelimited => quote! { Style::SpaceDelimited },
            StyleKind::PipeDelimited => quote! { Style::PipeDelimited },
            StyleKind::DeepObject => quote! { Style::DeepObject },
        }
    }

    /// Whether the style writes a value of this shape (OpenAPI's table: `n/a` is none).
    fn writes(self, shape: Shape) -> bool {
        match self {
            StyleKind::Simple | StyleKind::Label | StyleKind::Matrix | StyleKind::Form => true,
            StyleKind::SpaceDelimited | StyleKind::PipeDelimited => shape != Shape::Scalar,
            StyleKind::DeepObject => shape == Shape::Object,
        }
    }
}

/// How a parameter's value becomes text on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// By its style.
    Styled { style: StyleKind, explode: bool },
    /// Its JSON text (a parameter given by `content: application/json`).
    Json,
}

/// The shapes a value can take on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Scalar,
    List,
    Object,
}

/// The style of a parameter as its spec gives it (defaults by location).
pub fn wire_of(p: &openapiv3::Parameter) -> Wire {
    use openapiv3::{Parameter, PathStyle, QueryStyle};
    let (location, data) = ParamIn::of(p);
    if matches!(data.format, openapiv3::ParameterSchemaOrContent::Content(_)) {
        return Wire::Json;
    }
    let style = match p {
        Parameter::Path { style, .. } => match style {
            PathStyle::Simple => StyleKind::Simple,
            PathStyle::Label => StyleKind::Label,
            PathStyle::Matrix => StyleKind::Matrix,
        },
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form => StyleKind::Form,
            QueryStyle::SpaceDelimited => StyleKind::SpaceDelimited,
            QueryStyle::PipeDelimited => StyleKind::PipeDelimited,
            QueryStyle::DeepObject => StyleKind::DeepObject,
        },
        Parameter::Header { .. } => StyleKind::Simple,
        Parameter::Cookie { .. } => StyleKind::Form,
    };
    let explode = data.explode.unwrap_or(matches!(location, ParamIn::Query | ParamIn::Cookie) && style == StyleKind::Form);
    Wire::Styled { style, explode }
}

/// Why a parameter of `schema` sent as `wire` has no defined form, if it has none.
pub fn unserializable(wire: Wire, schema: &ReferenceOr<Schema>, spec: &OpenAPI) -> Option<String> {
    let Wire::Styled { style, explode } = wire else {
        return None;
    };
    let shapes = match shapes(schema, spec, 0) {
        Ok(s) => s,
        Err(why) => return Some(why),
    };
    if matches!(style, StyleKind::SpaceDelimited | StyleKind::PipeDelimited) && explode {
        return Some(format!(
            "the style {} has no exploded form (`explode: true` would send the values as one)",
            style.name()
        ));
    }
    // A free-form value (`{}`) may take any shape: the runtime checks it when it is sent.
    let shapes = shapes?;
    shapes
        .into_iter()
        .find(|s| !style.writes(*s))
        .map(|s| {
            let what = match s {
                Shape::Scalar => "a single value",
                Shape::List => "a list",
                Shape::Object => "an object",
            };
            format!("the style {} has no form for {what}", style.name())
        })
}

/// How deep `$ref`s and unions may lead before the analysis gives up (they are bounded by
/// the resolver too).
const MAX_DEPTH: usize = 16;

/// The shapes a value of `schema` takes: `None` for a free-form value (any shape), or why a
/// value of it has no form in any style (a list of lists, an object in an object).
fn shapes(
    schema: &ReferenceOr<Schema>,
    spec: &OpenAPI,
    depth: usize,
) -> Result<Option<Vec<Shape>>, String> {
    let Some(schema) = resolve(schema, spec, depth) else {
        return Ok(None);
    };
    let scalar_only = |inner: &ReferenceOr<Schema>, what: &str| -> Result<(), String> {
        match shapes(inner, spec, depth + 1)? {
            Some(s) if s.iter().all(|s| *s == Shape::Scalar) => Ok(()),
            Some(_) => Err(format!("{what} holds lists or objects, which no parameter style writes")),
            // Free-form items: the runtime refuses any that are not scalars.
            None => Ok(()),
        }
    };
    Ok(Some(match &schema.schema_kind {
        SchemaKind::Type(Type::Array(a)) => {
            if let Some(items) = &a.items {
                scalar_only(&crate::openapi::refs::unbox(items), "a list")?;
            }
            vec![Shape::List]
        }
        SchemaKind::Type(Type::Object(o)) => {
            for p in o.properties.values() {
                scalar_only(&crate::openapi::refs::unbox(p), "an object")?;
            }
            if let Some(openapiv3::AdditionalProperties::Schema(v)) = &o.additional_properties {
                scalar_only(v, "an object")?;
            }
            vec![Shape::Object]
        }
        SchemaKind::Type(_) => vec![Shape::Scalar],
        SchemaKind::AllOf { all_of } => {
            // Members are objects (the resolver merges them), or one member is the value.
            match all_of.as_slice() {
                [one] => return shapes(one, spec, depth + 1),
                members => {
                    for m in members {
                        if let Some(s) = shapes(m, spec, depth + 1)? {
                            if s != [Shape::Object] {
                                return Err("an `allOf` of other members than objects".into());
                            }
                        }
                    }
                    vec![Shape::Object]
                }
            }
        }
        SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
            let mut all = Vec::new();
            for branch in list {
                match shapes(branch, spec, depth + 1)? {
                    Some(s) => all.extend(s),
                    None => return Ok(None),
                }
            }
            all.dedup();
            all
        }
        SchemaKind::Any(_) | SchemaKind::Not { .. } => return Ok(None),
    }))
}

/// A schema with its `$ref`s followed (to the spec's components); `None` for a reference
/// that names nothing or leads too deep (typed as JSON, reported by the resolver).
fn resolve<'a>(schema: &'a ReferenceOr<Schema>, spec: &'a OpenAPI, depth: usize) -> Option<&'a Schema> {
    let mut schema = schema;
    for _ in depth..MAX_DEPTH {
        match schema {
            ReferenceOr::Item(s) => return Some(s),
            ReferenceOr::Reference { reference } => {
                let name = crate::openapi::refs::ref_name(reference)?;
                schema = spec.components.as_ref()?.schemas.get(name)?;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> OpenAPI {
        serde_norway::from_str("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Rgb: {type: object, properties: {r: {type: integer}, g: {type: integer}}}\n    Nested: {type: object, properties: {rgb: {$ref: '#/components/schemas/Rgb'}}}\n    Id: {oneOf: [{type: integer}, {type: string}]}\n").unwrap()
    }

    fn why(style: StyleKind, explode: bool, yaml: &str) -> Option<String> {
        let schema: ReferenceOr<Schema> = serde_norway::from_str(yaml).unwrap();
        unserializable(Wire::Styled { style, explode }, &schema, &spec())
    }

    #[test]
    fn defaults_by_location() {
        let p = |yaml: &str| -> openapiv3::Parameter { serde_norway::from_str(yaml).unwrap() };
        assert_eq!(
            wire_of(&p("{name: a, in: query, schema: {type: string}}")),
            Wire::Styled { style: StyleKind::Form, explode: true }
        );
        assert_eq!(
            wire_of(&p("{name: a, in: path, required: true, schema: {type: string}}")),
            Wire::Styled { style: StyleKind::Simple, explode: false }
        );
        assert_eq!(
            wire_of(&p("{name: a, in: query, style: pipeDelimited, schema: {type: array}}")),
            Wire::Styled { style: StyleKind::PipeDelimited, explode: false }
        );
        assert_eq!(
            wire_of(&p("{name: a, in: query, content: {application/json: {schema: {type: object}}}}")),
            Wire::Json
        );
    }

    #[test]
    fn shapes_without_a_form_are_named() {
        use StyleKind::*;
        assert_eq!(why(Form, true, "{type: array, items: {type: string}}"), None);
        assert_eq!(why(Simple, false, "{$ref: '#/components/schemas/Id'}"), None);
        assert_eq!(why(DeepObject, true, "{$ref: '#/components/schemas/Rgb'}"), None);
        assert_eq!(why(Form, true, "{}"), None);
        assert!(why(Form, true, "{type: array, items: {type: array, items: {type: string}}}").unwrap().contains("a list holds lists"));
        assert!(why(DeepObject, true, "{$ref: '#/components/schemas/Nested'}").unwrap().contains("an object holds"));
        assert!(why(DeepObject, true, "{type: string}").unwrap().contains("deepObject has no form for a single value"));
        assert!(why(PipeDelimited, false, "{$ref: '#/components/schemas/Id'}").unwrap().contains("single value"));
        assert!(why(SpaceDelimited, true, "{type: array, items: {type: string}}").unwrap().contains("no exploded form"));
    }
}
