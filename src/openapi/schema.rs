//! The doc's types and fields → OpenAPI 3.0 schemas.
//!
//! `any of [T, null]` → T with `nullable: true`; a model → `$ref` (wrapped in a one-item
//! `allOf` when it needs siblings such as `nullable` or `description`, which 3.0 ignores
//! beside a bare `$ref`); `object[T]` → `additionalProperties: T`; `enum (A, B)` → a string
//! (or integer) enum that lists `null` too when nullable, as OAS 3.0.3 requires.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ArrayType, BooleanType, IntegerFormat, IntegerType, NumberFormat,
    NumberType, ObjectType, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, StringType,
    Type, VariantOrUnknownOrEmpty,
};

use crate::extract::api::{Field, Model};
use crate::vocab::type_expr::{Primitive, TypeExpr};

pub fn model_ref(name: &str) -> String {
    format!("#/components/schemas/{name}")
}

/// A schema for a type, with no field facts.
pub fn type_schema(ty: &TypeExpr) -> ReferenceOr<Schema> {
    let (inner, nullable) = ty.strip_null();
    let kind = match inner {
        TypeExpr::Ref(name) if !nullable => return ReferenceOr::ref_(&model_ref(name)),
        TypeExpr::Ref(name) => SchemaKind::AllOf {
            all_of: vec![ReferenceOr::ref_(&model_ref(name))],
        },
        TypeExpr::Primitive { kind, format } => primitive(*kind, format.as_deref()),
        TypeExpr::Array(item) => SchemaKind::Type(Type::Array(ArrayType {
            items: Some(boxed(type_schema(item))),
            min_items: None,
            max_items: None,
            unique_items: false,
        })),
        TypeExpr::Map(item) => SchemaKind::Type(Type::Object(ObjectType {
            additional_properties: Some(AdditionalProperties::Schema(Box::new(type_schema(item)))),
            ..Default::default()
        })),
        TypeExpr::Enum(values) => enumeration(values, nullable),
        TypeExpr::AnyOf(items) => SchemaKind::AnyOf {
            any_of: items
                .iter()
                .filter(|t| **t != TypeExpr::Null)
                .map(type_schema)
                .collect(),
        },
        TypeExpr::Null => SchemaKind::Any(Default::default()),
    };
    let has_null = matches!(ty, TypeExpr::AnyOf(items) if items.contains(&TypeExpr::Null))
        || *ty == TypeExpr::Null;
    ReferenceOr::Item(Schema {
        schema_data: SchemaData {
            nullable: has_null,
            ..Default::default()
        },
        schema_kind: kind,
    })
}

fn boxed(s: ReferenceOr<Schema>) -> ReferenceOr<Box<Schema>> {
    match s {
        ReferenceOr::Item(s) => ReferenceOr::Item(Box::new(s)),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
    }
}

fn primitive(kind: Primitive, format: Option<&str>) -> SchemaKind {
    let fmt_string = |f: Option<&str>| match f {
        None => VariantOrUnknownOrEmpty::Empty,
        Some("date") => VariantOrUnknownOrEmpty::Item(StringFormat::Date),
        Some("date-time") => VariantOrUnknownOrEmpty::Item(StringFormat::DateTime),
        Some("password") => VariantOrUnknownOrEmpty::Item(StringFormat::Password),
        Some("byte") => VariantOrUnknownOrEmpty::Item(StringFormat::Byte),
        Some("binary") => VariantOrUnknownOrEmpty::Item(StringFormat::Binary),
        Some(other) => VariantOrUnknownOrEmpty::Unknown(other.to_string()),
    };
    SchemaKind::Type(match kind {
        Primitive::String => Type::String(StringType {
            format: fmt_string(format),
            ..Default::default()
        }),
        Primitive::Integer => Type::Integer(IntegerType {
            format: match format {
                None => VariantOrUnknownOrEmpty::Empty,
                Some("int32") => VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32),
                Some("int64") => VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64),
                Some(other) => VariantOrUnknownOrEmpty::Unknown(other.to_string()),
            },
            ..Default::default()
        }),
        Primitive::Number => Type::Number(NumberType {
            format: match format {
                None => VariantOrUnknownOrEmpty::Empty,
                Some("float") => VariantOrUnknownOrEmpty::Item(NumberFormat::Float),
                Some("double") => VariantOrUnknownOrEmpty::Item(NumberFormat::Double),
                Some(other) => VariantOrUnknownOrEmpty::Unknown(other.to_string()),
            },
            ..Default::default()
        }),
        Primitive::Boolean => Type::Boolean(BooleanType::default()),
        Primitive::Object => Type::Object(ObjectType::default()),
    })
}

fn enumeration(values: &[String], nullable: bool) -> SchemaKind {
    let ints: Option<Vec<i64>> = values.iter().map(|v| v.parse().ok()).collect();
    if let Some(ints) = ints {
        let mut e: Vec<Option<i64>> = ints.into_iter().map(Some).collect();
        if nullable {
            e.push(None);
        }
        return SchemaKind::Type(Type::Integer(IntegerType {
            enumeration: e,
            ..Default::default()
        }));
    }
    let mut e: Vec<Option<String>> = values.iter().cloned().map(Some).collect();
    if nullable {
        e.push(None);
    }
    SchemaKind::Type(Type::String(StringType {
        enumeration: e,
        ..Default::default()
    }))
}

/// A field's schema: its type plus description, example, default and constraints.
pub fn field_schema(field: &Field) -> ReferenceOr<Schema> {
    let mut schema = match type_schema(&field.ty) {
        ReferenceOr::Item(s) => s,
        ReferenceOr::Reference { reference } => {
            if field.description.is_none() && field.example.is_none() && field.default.is_none() {
                return ReferenceOr::Reference { reference };
            }
            Schema {
                schema_data: SchemaData::default(),
                schema_kind: SchemaKind::AllOf {
                    all_of: vec![ReferenceOr::Reference { reference }],
                },
            }
        }
    };
    schema.schema_data.description = field.description.clone();
    schema.schema_data.example = field.example.clone();
    schema.schema_data.default = field.default.clone();
    apply_constraints(&mut schema.schema_kind, field);
    ReferenceOr::Item(schema)
}

fn apply_constraints(kind: &mut SchemaKind, field: &Field) {
    let c = &field.constraints;
    match kind {
        SchemaKind::Type(Type::String(s)) => {
            s.pattern = c.pattern.clone();
            s.min_length = c.min_length;
            s.max_length = c.max_length;
        }
        SchemaKind::Type(Type::Integer(i)) => {
            i.minimum = c.minimum.map(|m| m.ceil() as i64);
            i.maximum = c.maximum.map(|m| m.floor() as i64);
        }
        SchemaKind::Type(Type::Number(n)) => {
            n.minimum = c.minimum;
            n.maximum = c.maximum;
        }
        _ => {}
    }
}

/// A parameter's schema: description and example go on the parameter itself.
pub fn parameter_schema(field: &Field) -> ReferenceOr<Schema> {
    field_schema(&Field {
        description: None,
        example: None,
        ..field.clone()
    })
}

/// A model → an object schema, fields in the doc's order.
pub fn model_schema(model: &Model) -> Schema {
    let mut properties: IndexMap<String, ReferenceOr<Box<Schema>>> = IndexMap::new();
    for f in &model.fields {
        properties.insert(f.name.clone(), boxed(field_schema(f)));
    }
    let required = model
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name.clone())
        .collect();
    let mut schema_data = SchemaData::default();
    if model.undefined {
        // A placeholder (--allow-undefined-models): readers of the spec see the gap.
        schema_data.extensions.insert(
            crate::vocab::ext::UNDEFINED.into(),
            serde_json::Value::Bool(true),
        );
    }
    Schema {
        schema_data,
        schema_kind: SchemaKind::Type(Type::Object(ObjectType {
            properties,
            required,
            ..Default::default()
        })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_of(cell: &str) -> serde_json::Value {
        let ty = TypeExpr::parse(cell).unwrap_or_else(|| panic!("{cell} is a type"));
        serde_json::to_value(type_schema(&ty)).unwrap()
    }

    #[test]
    fn the_type_grammar_maps_to_openapi() {
        let cases = [
            ("string", serde_json::json!({"type": "string"})),
            (
                "string (date-time)",
                serde_json::json!({"type": "string", "format": "date-time"}),
            ),
            ("integer", serde_json::json!({"type": "integer"})),
            (
                "any of [integer, null]",
                serde_json::json!({"type": "integer", "nullable": true}),
            ),
            (
                "array[string]",
                serde_json::json!({"type": "array", "items": {"type": "string"}}),
            ),
            (
                "object[boolean]",
                serde_json::json!({"type": "object", "additionalProperties": {"type": "boolean"}}),
            ),
            (
                "enum (A, B)",
                serde_json::json!({"type": "string", "enum": ["A", "B"]}),
            ),
            (
                "Tag",
                serde_json::json!({"$ref": "#/components/schemas/Tag"}),
            ),
            (
                "any of [Tag, null]",
                serde_json::json!({"allOf": [{"$ref": "#/components/schemas/Tag"}], "nullable": true}),
            ),
        ];
        for (cell, want) in cases {
            assert_eq!(json_of(cell), want, "{cell}");
        }
        let nested = json_of("any of [array[enum (GET, POST)], null]");
        assert_eq!(nested["nullable"], serde_json::json!(true));
        assert_eq!(nested["items"]["enum"], serde_json::json!(["GET", "POST"]));
    }
}
