//! The type space and the resolver: OpenAPI schemas → [`Ty`], the codegen IR of Rust types.
//!
//! Components are named first (one scope for all of `models.rs`, the std prelude reserved).
//! Schemas that need a type of their own are named after where they are met
//! (`<Owner><Field>`) and recorded as [`TypeDef`]s for `models.rs`: string and integer enums
//! (shared by fields with the same values), inline objects, merged `allOf`s and
//! `oneOf`/`anyOf` unions (shared by identical schemas). What cannot be typed is reported.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};

use super::components::Models;
pub use super::ir::{EnumDef, TypeDef, Variant};
use super::ir::Ty;
use super::names::{self, Scope};
use super::shapes;
use crate::diag::Rule;
pub use crate::openapi::refs::{ref_name, single_ref, single_ref_path, unbox};

/// The type namespace of `models.rs`: every model's Rust name (claimed first, in the specs'
/// sorted order, so a model never loses its name to a derived type), the types met while
/// resolving schemas, the fields that must be boxed to break a recursion, and what could not
/// be expressed (reported by the caller).
#[derive(Debug)]
pub struct TypeSpace<'a> {
    scope: Scope,
    /// Component name → Rust type name.
    models: HashMap<String, String>,
    /// The component schemas, to resolve `$ref`s inside `allOf` (the crate's own map, not a
    /// copy: a large spec's models are megabytes).
    schemas: &'a Models<'a>,
    /// The derived types, by Rust name, in the order met.
    pub defs: IndexMap<String, TypeDef>,
    /// Enum name by values: fields with the same values share one enum.
    by_values: HashMap<Vec<String>, String>,
    /// Derived type name by schema (JSON text): identical inline schemas share one type.
    by_schema: HashMap<String, String>,
    /// `(model, property)` pairs held in a `Box`: the property refers by value to a model
    /// of the same cycle (`A → A`, `A → B → A`), which would otherwise have infinite size.
    pub boxed: HashSet<(String, String)>,
    /// `(model, property)` pairs of cycles of required properties, held as optional.
    pub endless: HashSet<(String, String)>,
    /// Findings for the caller to report: what this generator cannot express.
    pub problems: Vec<Problem>,
    /// See [`TypeSpace::set_place`].
    place: String,
}

/// A finding of codegen; its message starts with the place in the spec (a JSON pointer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub rule: Rule,
    pub message: String,
}

/// How deep schemas may nest inside one another before the resolver gives up (specs are
/// read with a recursion limit too; this bounds the walk itself).
const MAX_DEPTH: usize = 48;

impl<'a> TypeSpace<'a> {
    /// The type space of a crate whose models are `schemas`.
    pub fn new(schemas: &'a Models<'a>) -> Self {
        let mut scope = Scope::camel(names::PRELUDE_TYPES);
        let mut models = HashMap::new();
        for name in schemas.keys() {
            let ident = scope.claim(name).to_string();
            let ident = ident.trim_start_matches("r#").to_string();
            models.insert(name.clone(), ident);
        }
        TypeSpace {
            scope,
            models,
            schemas,
            defs: IndexMap::new(),
            by_values: HashMap::new(),
            by_schema: HashMap::new(),
            boxed: super::recursion::boxed_fields(schemas),
            endless: super::recursion::endless_fields(schemas),
            problems: Vec::new(),
            place: String::new(),
        }
    }

    /// Reports something expressed approximately (`--strict` makes it fail).
    pub fn warn(&mut self, rule: Rule, message: String) {
        debug_assert_eq!(rule.severity(), crate::diag::Severity::Warning, "{rule}");
        self.problems.push(Problem { rule, message });
    }

    /// Reports something that cannot be generated: the run fails, nothing is written.
    pub fn error(&mut self, rule: Rule, message: String) {
        debug_assert_eq!(rule.severity(), crate::diag::Severity::Error, "{rule}");
        self.problems.push(Problem { rule, message });
    }

    /// Where in the spec resolving is (a JSON pointer), for findings that name a place by
    /// its Rust owner only: set by whoever resolves an operation or a model.
    pub fn set_place(&mut self, pointer: &str) {
        self.place.clear();
        self.place.push_str(pointer);
    }

    /// `#/paths/~1v1~1x/get (Owner::field)`: the place of a finding about `owner`.
    fn at(&self, owner: &str) -> String {
        match (self.place.is_empty(), owner.is_empty()) {
            (true, _) => owner.to_string(),
            (false, true) => self.place.clone(),
            (false, false) => format!("{} ({owner})", self.place),
        }
    }

    /// The type a schema resolves to when that needs no new type (a scalar, a model, a list
    /// of them, an enum already met), without recording anything; `None` otherwise. For
    /// doc examples, which must not change what the crate's types are named.
    pub fn peek(&self, schema: &ReferenceOr<Schema>) -> Option<Ty> {
        let reference = match schema {
            ReferenceOr::Reference { reference } => Some(reference.as_str()),
            ReferenceOr::Item(s) => single_ref_path(s),
        };
        if let Some(reference) = reference {
            return self.models.get(ref_name(reference)?).map(|n| Ty::Named(n.clone()));
        }
        let ReferenceOr::Item(schema) = schema else {
            return None;
        };
        if let Some(ty) = scalar(&schema.schema_kind) {
            return Some(ty);
        }
        Some(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                Ty::Named(self.by_values.get(&string_values(s))?.clone())
            }
            SchemaKind::Type(Type::Array(a)) => {
                let items = unbox(a.items.as_ref()?);
                if nullable(&items) {
                    return None;
                }
                Ty::List(Box::new(self.peek(&items)?))
            }
            _ => return None,
        })
    }

    /// The component schema of a model, by its component name.
    pub fn component(&self, name: &str) -> Option<&'a Schema> {
        self.schemas.get(name).copied()
    }

    /// The Rust name of a model, when the crate defines it.
    pub fn model_name(&self, component: &str) -> Option<&str> {
        self.models.get(component).map(String::as_str)
    }




    /// A free name for a derived type met at `owner` (`Scope::field`): the field's name
    /// alone when it has two words or more and is free (`MethodType`), else scope and field.
    fn derived_name(&mut self, owner: &str) -> String {
        let (scope, field) = owner.split_once("::").unwrap_or(("", owner));
        let short = names::camel_text(field);
        let wanted = if field.contains('_') && !self.scope.is_taken(&short) {
            short
        } else {
            format!("{}{short}", names::camel_text(scope))
        };
        self.scope.claim_text(wanted)
    }

    fn define(&mut self, def: TypeDef) -> Ty {
        let name = def.name().to_string();
        self.defs.insert(name.clone(), def);
        Ty::Named(name)
    }

    /// The string enum of `owner` with these values, shared by fields with the same values.
    fn string_enum(&mut self, owner: &str, values: Vec<String>) -> Ty {
        if let Some(name) = self.by_values.get(&values) {
            return Ty::Named(name.clone());
        }
        let field = owner.split_once("::").map_or(owner, |(_, f)| f).to_string();
        let name = self.derived_name(owner);
        let doc = format!("The values of {}.", crate::markdown::code(&field));
        self.by_values.insert(values.clone(), name.clone());
        self.define(
            TypeDef::StringEnum(EnumDef {
                name,
                field,
                values,
                doc,
            }),
        )
    }

    /// A derived type for a schema met at `owner`, shared by identical schemas.
    fn derived(
        &mut self,
        owner: &str,
        schema: &Schema,
        make: impl FnOnce(&mut Self, String) -> TypeDef,
    ) -> Ty {
        let key = serde_json::to_string(schema).unwrap_or_default();
        if let Some(name) = self.by_schema.get(&key) {
            return Ty::Named(name.clone());
        }
        let name = self.derived_name(owner);
        self.by_schema.insert(key, name.clone());
        let def = make(self, name);
        self.define(def)
    }

    /// The type of a referenced model; a reference to a model the crate does not define
    /// (possible in a hand-written spec) is reported and typed as JSON.
    fn reference(&mut self, reference: &str) -> Ty {
        match ref_name(reference).and_then(|n| self.models.get(n)) {
            Some(name) => Ty::Named(name.clone()),
            None => {
                let at = self.at("");
                self.warn(
                    Rule::BadReference,
                    format!("{at}: `$ref: {reference}` names no model of the spec; the value is typed as JSON"),
                );
                Ty::Json
            }
        }
    }
}

/// An enum's values, each once (a value listed twice would give two variants for one value).
pub fn string_values(s: &openapiv3::StringType) -> Vec<String> {
    let mut seen = HashSet::new();
    s.enumeration
        .iter()
        .flatten()
        .filter(|v| seen.insert(v.as_str()))
        .cloned()
        .collect()
}

/// An integer enum's values, each once.
pub fn int_values(i: &openapiv3::IntegerType) -> Vec<i64> {
    let mut seen = HashSet::new();
    i.enumeration
        .iter()
        .flatten()
        .copied()
        .filter(|v| seen.insert(*v))
        .collect()
}

/// The Rust type of a schema (nullability is the field's business). `owner` (`Scope::field`)
/// names the types the schema needs.
pub fn rust_type(schema: &ReferenceOr<Schema>, owner: &str, space: &mut TypeSpace) -> Ty {
    resolve(schema, owner, space, 0)
}

fn resolve(schema: &ReferenceOr<Schema>, owner: &str, space: &mut TypeSpace, depth: usize) -> Ty {
    let schema = match schema {
        ReferenceOr::Reference { reference } => return space.reference(reference),
        ReferenceOr::Item(s) => s,
    };
    if let Some(reference) = single_ref_path(schema) {
        return space.reference(reference);
    }
    if depth > MAX_DEPTH {
        let at = space.at(owner);
        space.warn(
            Rule::UntypedSchema,
            format!("{at}: schemas nested deeper than {MAX_DEPTH}; the value is typed as JSON"),
        );
        return Ty::Json;
    }
    if let Some(ty) = scalar(&schema.schema_kind) {
        return ty;
    }
    match &schema.schema_kind {
        // Scalars are `scalar`'s; what is left of them are enums.
        SchemaKind::Type(Type::Number(_) | Type::Boolean(_)) => unreachable!("a scalar"),
        SchemaKind::Type(Type::String(s)) => space.string_enum(owner, string_values(s)),
        SchemaKind::Type(Type::Integer(i)) => {
            let values = int_values(i);
            space.derived(owner, schema, |space, name| {
                let doc = format!(
                    "The values of {}.",
                    crate::markdown::code(owner.split_once("::").map_or(owner, |(_, f)| f))
                );
                let _ = space;
                TypeDef::IntEnum { name, doc, values }
            })
        }
        SchemaKind::Type(Type::Array(a)) => {
            let item = match &a.items {
                Some(items) => {
                    let items = unbox(items);
                    let ty = resolve(&items, &format!("{owner}Item"), space, depth + 1);
                    if nullable(&items) {
                        Ty::Nullable(Box::new(ty))
                    } else {
                        ty
                    }
                }
                None => {
                    let at = space.at(owner);
                    space.warn(
                        Rule::AnyValue,
                        format!("{at}: an array without `items`; its items are typed as JSON"),
                    );
                    Ty::Json
                }
            };
            Ty::List(Box::new(item))
        }
        SchemaKind::Type(Type::Object(o)) => match &o.additional_properties {
            _ if !o.properties.is_empty() => space.derived(owner, schema, |space, name| TypeDef::Struct {
                name,
                origin: owner.replace("::", "."),
                place: space.place.clone(),
                schema: Box::new(schema.clone()),
            }),
            Some(openapiv3::AdditionalProperties::Schema(inner)) => {
                let value = resolve(inner, &format!("{owner}Value"), space, depth + 1);
                let value = if nullable(inner) {
                    Ty::Nullable(Box::new(value))
                } else {
                    value
                };
                Ty::Map(Box::new(value))
            }
            _ => Ty::JsonObject,
        },
        SchemaKind::AllOf { .. } => match shapes::merge_all_of(schema, space.schemas) {
            Ok(merged) => space.derived(owner, schema, |space, name| TypeDef::Struct {
                name,
                origin: owner.replace("::", "."),
                place: space.place.clone(),
                schema: Box::new(merged),
            }),
            Err(why) => {
                let at = space.at(owner);
                space.warn(Rule::UntypedSchema, format!("{at}: an `allOf` that cannot be merged ({why}); the value is typed as JSON"));
                Ty::Json
            }
        },
        SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
            let list = list.clone();
            let discriminator = schema.schema_data.discriminator.clone();
            space.derived(owner, schema, |space, name| {
                let variants = union_variants(&name, &list, discriminator.as_ref(), space, depth);
                let doc = format!("One of {} shapes.", variants.len());
                let tag = discriminator.map(|d| d.property_name);
                TypeDef::Union {
                        name,
                        doc,
                        variants,
                        discriminator: tag,
                    }
            })
        }
        // Always `null`: nothing to hold but that it came.
        SchemaKind::Any(any)
            if !any.enumeration.is_empty()
                && any.enumeration.iter().all(serde_json::Value::is_null)
                && any_keywords(any).len() == 1 =>
        {
            Ty::Unit
        }
        SchemaKind::Any(any) => {
            let at = space.at(owner);
            match any_keywords(any) {
                _ if any.typ.is_some() => space.warn(
                    Rule::UntypedSchema,
                    format!(
                        "{at}: the type {} is none of OpenAPI 3.0's, or its keywords are another type's; typed as JSON",
                        crate::markdown::code(any.typ.as_deref().unwrap_or_default())
                    ),
                ),
                keywords if keywords.is_empty() => space.warn(
                    Rule::AnyValue,
                    format!("{at}: a schema without a type or keywords accepts any value; typed as JSON"),
                ),
                keywords => space.warn(
                    Rule::UntypedSchema,
                    format!(
                        "{at}: the keywords {} imply no one type; typed as JSON",
                        keywords.join(", ")
                    ),
                ),
            }
            Ty::Json
        }
        SchemaKind::Not { .. } => {
            let at = space.at(owner);
            space.warn(
                Rule::UntypedSchema,
                format!("{at}: a schema that is only a `not` has no type; typed as JSON"),
            );
            Ty::Json
        }
    }
}

/// The type keywords an untyped schema holds (`properties`, `items`…), in the spec's
/// spelling: none for `{}`.
fn any_keywords(any: &openapiv3::AnySchema) -> Vec<String> {
    match serde_json::to_value(any) {
        Ok(serde_json::Value::Object(m)) => m.into_iter().map(|(k, _)| format!("`{k}`")).collect(),
        _ => Vec::new(),
    }
}

/// The Rust type of a scalar schema that is no enum (a string by its format, an integer by
/// its width, a number, a boolean); `None` for anything else.
fn scalar(kind: &SchemaKind) -> Option<Ty> {
    Some(match kind {
        SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty() => match &s.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Ty::Timestamp,
            VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Ty::Binary,
            _ => Ty::String,
        },
        SchemaKind::Type(Type::Integer(i)) if i.enumeration.is_empty() => match &i.format {
            VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Ty::I32,
            _ => Ty::I64,
        },
        SchemaKind::Type(Type::Number(_)) => Ty::F64,
        SchemaKind::Type(Type::Boolean(_)) => Ty::Bool,
        _ => return None,
    })
}

/// The variants of a union named `name`: each a type of its own, named after its model or
/// its type; with a discriminator, the tag values that select each.
pub fn union_variants(
    name: &str,
    list: &[ReferenceOr<Schema>],
    discriminator: Option<&openapiv3::Discriminator>,
    space: &mut TypeSpace,
    depth: usize,
) -> Vec<Variant> {
    let mut scope = Scope::camel(&["Unknown"]);
    // The discriminator's tags by target, once (a mapping may be long).
    let mut tags_of: HashMap<&str, Vec<String>> = HashMap::new();
    if let Some(d) = discriminator {
        for (tag, target) in &d.mapping {
            tags_of
                .entry(target.as_str())
                .or_default()
                .push(tag.clone());
        }
    }
    let mut out = Vec::new();
    for (i, s) in list.iter().enumerate() {
        let ty = resolve(s, &format!("{name}::Variant{}", i + 1), space, depth + 1);
        let wanted = match &ty {
            Ty::Named(n) => n.clone(),
            Ty::String => "String".into(),
            Ty::Timestamp => "Timestamp".into(),
            Ty::I32 | Ty::I64 => "Integer".into(),
            Ty::F64 => "Number".into(),
            Ty::Bool => "Boolean".into(),
            Ty::Unit => "Null".into(),
            Ty::Binary => "Binary".into(),
            Ty::List(_) => "List".into(),
            Ty::Map(_) | Ty::JsonObject => "Object".into(),
            _ => format!("Variant{}", i + 1),
        };
        let reference = match s {
            ReferenceOr::Reference { reference } => Some(reference.as_str()),
            ReferenceOr::Item(item) => single_ref_path(item),
        };
        let tags = match (discriminator, reference) {
            (Some(_), Some(r)) => {
                let mapped = tags_of.get(r).cloned().unwrap_or_default();
                if mapped.is_empty() {
                    ref_name(r).map(String::from).into_iter().collect()
                } else {
                    mapped
                }
            }
            _ => Vec::new(),
        };
        out.push(Variant {
            name: scope.claim_text(names::camel_text(&wanted)),
            ty,
            schema: s.clone(),
            tags,
        });
    }
    out
}

/// Whether a schema (or the model wrapper around a reference) says `nullable`.
pub fn nullable(schema: &ReferenceOr<Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(s) if s.schema_data.nullable)
}


#[cfg(test)]
mod tests {
    use super::*;

    /// `let mut $s`: a type space over the models `$yaml` defines, held by the test.
    macro_rules! space {
        ($s:ident, $yaml:expr) => {
            let owned: IndexMap<String, Schema> = serde_norway::from_str($yaml).unwrap();
            let models = crate::codegen::components::models(&owned);
            let mut $s = TypeSpace::new(&models);
        };
    }

    fn schema(yaml: &str) -> ReferenceOr<Schema> {
        serde_norway::from_str(yaml).unwrap()
    }

    #[test]
    fn scalars_collections_and_references() {
        space!(s, "Tag: {type: object, properties: {k: {type: string}}}\nOption: {type: string}\n");
        let cases = [
            ("{type: string}", Ty::String),
            ("{type: string, format: date-time}", Ty::Timestamp),
            ("{type: integer, format: int32}", Ty::I32),
            ("{type: integer}", Ty::I64),
            ("{type: number}", Ty::F64),
            ("{type: boolean}", Ty::Bool),
            ("{}", Ty::Json),
            ("{type: object}", Ty::JsonObject),
            (
                "{$ref: '#/components/schemas/Tag'}",
                Ty::Named("Tag".into()),
            ),
            (
                "{allOf: [{$ref: '#/components/schemas/Tag'}], nullable: true}",
                Ty::Named("Tag".into()),
            ),
            (
                "{$ref: '#/components/schemas/Option'}",
                Ty::Named("Option2".into()),
            ),
            (
                "{type: array, items: {type: string, nullable: true}}",
                Ty::List(Box::new(Ty::Nullable(Box::new(Ty::String)))),
            ),
            (
                "{type: object, additionalProperties: {type: boolean}}",
                Ty::Map(Box::new(Ty::Bool)),
            ),
        ];
        for (yaml, want) in cases {
            assert_eq!(rust_type(&schema(yaml), "M::f", &mut s), want, "{yaml}");
        }
        // `{}` is typed as JSON, and said so.
        let rules: Vec<Rule> = s.problems.drain(..).map(|p| p.rule).collect();
        assert_eq!(rules, [Rule::AnyValue]);
        assert_eq!(
            rust_type(
                &schema("{$ref: '#/components/schemas/Nope'}"),
                "M::f",
                &mut s
            ),
            Ty::Json
        );
        assert_eq!(s.problems.len(), 1, "a dangling $ref is reported");
    }

    #[test]
    fn derived_types_are_named_shared_and_recorded() {
        space!(s, "A: {type: object, properties: {x: {type: string}}}\n");
        let e1 = rust_type(
            &schema("{type: string, enum: [GET, POST, GET]}"),
            "Req::method_type",
            &mut s,
        );
        let e2 = rust_type(
            &schema("{type: string, enum: [GET, POST, GET]}"),
            "Other::verb",
            &mut s,
        );
        assert_eq!(e1, Ty::Named("MethodType".into()));
        assert_eq!(e1, e2, "same values, one enum");
        let TypeDef::StringEnum(def) = &s.defs["MethodType"] else {
            panic!()
        };
        assert_eq!(def.values, ["GET", "POST"], "duplicates dropped");
        let inline = "{type: object, properties: {color: {type: string}}}";
        let o1 = rust_type(&schema(inline), "Dog::collar", &mut s);
        let o2 = rust_type(&schema(inline), "Cat::collar", &mut s);
        assert_eq!(
            (o1.clone(), o2),
            (Ty::Named("DogCollar".into()), Ty::Named("DogCollar".into()))
        );
        let i = rust_type(
            &schema("{type: integer, enum: [1, 2]}"),
            "Q::priority",
            &mut s,
        );
        assert!(
            matches!(&s.defs[i.named().unwrap()], TypeDef::IntEnum { values, .. } if values == &[1, 2])
        );
        let u = rust_type(
            &schema("{oneOf: [{type: integer}, {$ref: '#/components/schemas/A'}]}"),
            "Q::shape",
            &mut s,
        );
        let TypeDef::Union {
            variants,
            discriminator,
            ..
        } = &s.defs[u.named().unwrap()]
        else {
            panic!()
        };
        let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        assert_eq!((names, discriminator.clone()), (vec!["Integer", "A"], None));
        let m = rust_type(&schema("{allOf: [{$ref: '#/components/schemas/A'}, {type: object, properties: {y: {type: integer}}}]}"), "Q::both", &mut s);
        let TypeDef::Struct { schema: merged, .. } = &s.defs[m.named().unwrap()] else {
            panic!()
        };
        let SchemaKind::Type(Type::Object(o)) = &merged.schema_kind else {
            panic!()
        };
        assert_eq!(o.properties.keys().collect::<Vec<_>>(), ["x", "y"]);
    }

    #[test]
    fn what_ends_as_json_is_reported_with_its_place() {
        space!(s, "{}");
        s.set_place("#/components/schemas/M");
        for yaml in [
            "{}",
            "{type: array}",
            "{not: {type: string}}",
            "{properties: {a: {type: string}}, items: {type: string}}",
            "{type: file}",
        ] {
            let ty = rust_type(&schema(yaml), "M::f", &mut s);
            assert!(matches!(ty, Ty::Json | Ty::List(_)), "{yaml}");
        }
        let found: Vec<String> = s
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.rule, p.message))
            .collect();
        assert_eq!(
            found,
            [
                "any-value: #/components/schemas/M (M::f): a schema without a type or keywords accepts any value; typed as JSON",
                "any-value: #/components/schemas/M (M::f): an array without `items`; its items are typed as JSON",
                "untyped-schema: #/components/schemas/M (M::f): a schema that is only a `not` has no type; typed as JSON",
                "untyped-schema: #/components/schemas/M (M::f): the keywords `properties`, `items` imply no one type; typed as JSON",
                "untyped-schema: #/components/schemas/M (M::f): the type `file` is none of OpenAPI 3.0's, or its keywords are another type's; typed as JSON",
            ]
        );
    }

    #[test]
    fn nesting_is_bounded() {
        space!(s, "{}");
        let mut yaml = "{type: string}".to_string();
        for _ in 0..(MAX_DEPTH + 5) {
            yaml = format!("{{type: array, items: {yaml}}}");
        }
        let mut ty = rust_type(&schema(&yaml), "M::f", &mut s);
        let mut depth = 0;
        while let Ty::List(inner) = ty {
            ty = *inner;
            depth += 1;
        }
        assert_eq!(ty, Ty::Json);
        assert!(depth <= MAX_DEPTH + 1);
        assert_eq!(s.problems.len(), 1);
    }
}
