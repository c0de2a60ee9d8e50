//! Comparing two schemas in the direction data flows: what a client sends (request) or
//! receives (response). Models (`$ref`) are compared by name here and once each on their own.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

/// Which way the data goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Context {
    /// The client sends it: narrowing breaks callers.
    Request,
    /// The client receives it: removing or loosening breaks readers.
    Response,
}

/// Where in a schema a change is: what holds the schema (`query parameter `size``,
/// `response 200`; empty for a model) and the path to the value inside it (`a.b[]`), both
/// from the spec. Rendered with every name from the spec in a code span
/// ([`super::quoted`]), so no name can garble the changelog's Markdown or become a link.
#[derive(Debug, Clone, Default)]
pub struct Label {
    /// scpgen's words, with any input name already quoted.
    prefix: String,
    /// The raw path (field names, `[]` for items, `{}` for map values).
    path: String,
}

impl Label {
    pub fn new(prefix: impl Into<String>) -> Self {
        Label {
            prefix: prefix.into(),
            path: String::new(),
        }
    }

    fn child(&self, name: &str) -> Label {
        let path = if self.path.is_empty() {
            name.to_string()
        } else {
            format!("{}.{name}", self.path)
        };
        Label {
            prefix: self.prefix.clone(),
            path,
        }
    }

    fn suffixed(&self, suffix: &str) -> Label {
        Label {
            prefix: self.prefix.clone(),
            path: format!("{}{suffix}", self.path),
        }
    }

    fn text(&self) -> String {
        match (self.prefix.is_empty(), self.path.is_empty()) {
            (_, true) => self.prefix.clone(),
            (true, false) => format!("field {}", super::quoted(&self.path)),
            (false, false) => format!("{} {}", self.prefix, super::quoted(&self.path)),
        }
    }
}

/// The changes found, `(breaking, detail)`.
pub struct SchemaDiff {
    pub context: Context,
    pub changes: Vec<(bool, String)>,
    /// Compare only which model a top-level schema names (the model is compared on its own).
    pub top_level_only: bool,
}

fn ref_name(r: &ReferenceOr<Schema>) -> Option<String> {
    match r {
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/schemas/")
            .map(String::from),
        ReferenceOr::Item(s) => crate::openapi::refs::single_ref(s).map(String::from),
    }
}

fn nullable(r: &ReferenceOr<Schema>) -> bool {
    matches!(r, ReferenceOr::Item(s) if s.schema_data.nullable)
}

/// A short name of a schema's type, for messages and for spotting type changes.
fn type_name(r: &ReferenceOr<Schema>) -> String {
    if let Some(name) = ref_name(r) {
        return name;
    }
    let ReferenceOr::Item(s) = r else {
        return "?".into();
    };
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => match &t.format {
            openapiv3::VariantOrUnknownOrEmpty::Item(f) => format!(
                "string ({})",
                serde_json::to_value(f)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default()
            ),
            openapiv3::VariantOrUnknownOrEmpty::Unknown(f) => format!("string ({f})"),
            openapiv3::VariantOrUnknownOrEmpty::Empty => "string".into(),
        },
        SchemaKind::Type(Type::Integer(_)) => "integer".into(),
        SchemaKind::Type(Type::Number(_)) => "number".into(),
        SchemaKind::Type(Type::Boolean(_)) => "boolean".into(),
        SchemaKind::Type(Type::Array(a)) => match &a.items {
            Some(items) => format!("array[{}]", type_name(&crate::openapi::refs::unbox(items))),
            None => "array".into(),
        },
        SchemaKind::Type(Type::Object(o)) => match &o.additional_properties {
            Some(openapiv3::AdditionalProperties::Schema(v)) => format!("object[{}]", type_name(v)),
            _ => "object".into(),
        },
        SchemaKind::AnyOf { .. } => "any of".into(),
        SchemaKind::OneOf { .. } => "one of".into(),
        SchemaKind::AllOf { .. } => "all of".into(),
        _ => "any".into(),
    }
}

impl SchemaDiff {
    pub fn new(context: Context) -> Self {
        SchemaDiff {
            context,
            changes: Vec::new(),
            top_level_only: false,
        }
    }

    fn push(&mut self, breaking: bool, label: &Label, what: String) {
        let label = label.text();
        let detail = if label.is_empty() {
            what
        } else {
            format!("{label}: {what}")
        };
        self.changes.push((breaking, detail));
    }

    /// Narrowing is breaking for what a client sends, loosening for what it receives.
    fn narrowed(&self) -> bool {
        self.context == Context::Request
    }

    pub fn compare(&mut self, o: &ReferenceOr<Schema>, n: &ReferenceOr<Schema>, label: &Label) {
        let (ot, nt) = (type_name(o), type_name(n));
        if ot != nt {
            self.push(
                true,
                label,
                format!("type {} → {}", super::quoted(&ot), super::quoted(&nt)),
            );
            return;
        }
        match (nullable(o), nullable(n)) {
            (false, true) => self.push(
                self.context == Context::Response,
                label,
                "may now be null".into(),
            ),
            (true, false) => self.push(
                self.context == Context::Request,
                label,
                "may no longer be null".into(),
            ),
            _ => {}
        }
        if ref_name(n).is_some() || self.top_level_only {
            return;
        }
        let (ReferenceOr::Item(os), ReferenceOr::Item(ns)) = (o, n) else {
            return;
        };
        if os.schema_data.default != ns.schema_data.default {
            let show = |v: &Option<serde_json::Value>| {
                v.as_ref()
                    .map_or("none".to_string(), |v| super::quoted(&v.to_string()))
            };
            self.push(
                false,
                label,
                format!(
                    "default {} → {}",
                    show(&os.schema_data.default),
                    show(&ns.schema_data.default)
                ),
            );
        }
        match (&os.schema_kind, &ns.schema_kind) {
            (SchemaKind::Type(Type::String(a)), SchemaKind::Type(Type::String(b))) => {
                self.enums(label, &a.enumeration, &b.enumeration);
                self.bound(
                    label,
                    "minimum length",
                    a.min_length.map(|v| v as f64),
                    b.min_length.map(|v| v as f64),
                    true,
                );
                self.bound(
                    label,
                    "maximum length",
                    a.max_length.map(|v| v as f64),
                    b.max_length.map(|v| v as f64),
                    false,
                );
                if a.pattern != b.pattern {
                    let show =
                        |p: &Option<String>| p.as_deref().map_or("none".into(), super::quoted);
                    let breaking = self.narrowed() && b.pattern.is_some();
                    self.push(
                        breaking,
                        label,
                        format!("pattern {} → {}", show(&a.pattern), show(&b.pattern)),
                    );
                }
            }
            (SchemaKind::Type(Type::Integer(a)), SchemaKind::Type(Type::Integer(b))) => {
                self.enums(label, &a.enumeration, &b.enumeration);
                self.bound(
                    label,
                    "minimum",
                    a.minimum.map(|v| v as f64),
                    b.minimum.map(|v| v as f64),
                    true,
                );
                self.bound(
                    label,
                    "maximum",
                    a.maximum.map(|v| v as f64),
                    b.maximum.map(|v| v as f64),
                    false,
                );
            }
            (SchemaKind::Type(Type::Number(a)), SchemaKind::Type(Type::Number(b))) => {
                self.bound(label, "minimum", a.minimum, b.minimum, true);
                self.bound(label, "maximum", a.maximum, b.maximum, false);
            }
            (SchemaKind::Type(Type::Array(a)), SchemaKind::Type(Type::Array(b))) => {
                if let (Some(ai), Some(bi)) = (&a.items, &b.items) {
                    let (ai, bi) = (
                        crate::openapi::refs::unbox(ai),
                        crate::openapi::refs::unbox(bi),
                    );
                    self.compare(&ai, &bi, &label.suffixed("[]"));
                }
            }
            (SchemaKind::Type(Type::Object(a)), SchemaKind::Type(Type::Object(b))) => {
                if let (
                    Some(openapiv3::AdditionalProperties::Schema(av)),
                    Some(openapiv3::AdditionalProperties::Schema(bv)),
                ) = (&a.additional_properties, &b.additional_properties)
                {
                    self.compare(av, bv, &label.suffixed("{}"));
                }
                self.properties(label, a, b);
            }
            _ => {}
        }
    }

    fn enums<T: PartialEq + std::fmt::Debug>(
        &mut self,
        label: &Label,
        a: &[Option<T>],
        b: &[Option<T>],
    ) {
        let show = |v: &Option<T>| {
            v.as_ref().map_or("null".to_string(), |v| {
                super::quoted(format!("{v:?}").trim_matches('"'))
            })
        };
        let removed: Vec<String> = a.iter().filter(|v| !b.contains(v)).map(show).collect();
        let added: Vec<String> = b.iter().filter(|v| !a.contains(v)).map(show).collect();
        if !removed.is_empty() && !b.is_empty() {
            // A value a client may send is gone; one it may receive is gone harmlessly.
            self.push(
                self.context == Context::Request,
                label,
                format!("enum value {} removed", removed.join(", ")),
            );
        }
        if !added.is_empty() && !a.is_empty() {
            // Generated enums keep unknown values, so a new one breaks no reader.
            self.push(
                false,
                label,
                format!("enum value {} added", added.join(", ")),
            );
        }
        if a.is_empty() && !b.is_empty() {
            self.push(
                self.narrowed(),
                label,
                format!(
                    "now limited to {}",
                    b.iter().map(show).collect::<Vec<_>>().join(", ")
                ),
            );
        }
    }

    /// A lower (`is_min`) or upper bound: tightening it narrows the values.
    fn bound(&mut self, label: &Label, what: &str, a: Option<f64>, b: Option<f64>, is_min: bool) {
        if a == b {
            return;
        }
        let tighter = match (a, b) {
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some(x), Some(y)) => {
                if is_min {
                    y > x
                } else {
                    y < x
                }
            }
            (None, None) => false,
        };
        let show = |v: Option<f64>| {
            v.map_or("none".to_string(), |v| {
                if v.fract() == 0.0 {
                    format!("{}", v as i64)
                } else {
                    v.to_string()
                }
            })
        };
        let breaking = tighter && self.narrowed();
        self.push(breaking, label, format!("{what} {} → {}", show(a), show(b)));
    }

    fn properties(&mut self, label: &Label, a: &openapiv3::ObjectType, b: &openapiv3::ObjectType) {
        let field = |name: &str| label.child(name);
        let none = Label::default();
        let request = self.context == Context::Request;
        for (name, schema) in &b.properties {
            let required = b.required.contains(name);
            match a.properties.get(name) {
                None => {
                    let kind = if required { "required" } else { "optional" };
                    self.push(
                        request && required,
                        &none,
                        format!("{} added ({kind})", field(name).text()),
                    );
                }
                Some(old) => {
                    let was = a.required.contains(name);
                    match (was, required) {
                        (false, true) => self.push(
                            request,
                            &none,
                            format!("{} became required", field(name).text()),
                        ),
                        (true, false) => self.push(
                            !request,
                            &none,
                            format!("{} became optional", field(name).text()),
                        ),
                        _ => {}
                    }
                    let (o, n) = (
                        crate::openapi::refs::unbox(old),
                        crate::openapi::refs::unbox(schema),
                    );
                    self.compare(&o, &n, &field(name));
                }
            }
        }
        for name in a
            .properties
            .keys()
            .filter(|k| !b.properties.contains_key(*k))
        {
            // A field a client reads is gone; one it sends is simply not read any more.
            self.push(!request, &none, format!("{} removed", field(name).text()));
        }
    }
}

/// In which contexts each model of a spec is used (through operations, transitively).
pub fn usage(spec: &OpenAPI) -> BTreeMap<String, BTreeSet<Context>> {
    let mut roots: Vec<(String, Context)> = Vec::new();
    let refs_of = |s: &ReferenceOr<Schema>, context: Context, out: &mut Vec<(String, Context)>| {
        for name in refs(s) {
            out.push((name, context));
        }
    };
    for item in spec.paths.paths.values() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (_, op) in item.iter() {
            for p in &op.parameters {
                if let ReferenceOr::Item(p) = p {
                    if let openapiv3::ParameterSchemaOrContent::Schema(s) =
                        &p.parameter_data_ref().format
                    {
                        refs_of(s, Context::Request, &mut roots);
                    }
                }
            }
            if let Some(ReferenceOr::Item(b)) = &op.request_body {
                for m in b.content.values() {
                    if let Some(s) = &m.schema {
                        refs_of(s, Context::Request, &mut roots);
                    }
                }
            }
            for r in op.responses.responses.values() {
                if let ReferenceOr::Item(r) = r {
                    for m in r.content.values() {
                        if let Some(s) = &m.schema {
                            refs_of(s, Context::Response, &mut roots);
                        }
                    }
                }
            }
        }
    }
    let schemas = spec.components.as_ref().map(|c| &c.schemas);
    let mut out: BTreeMap<String, BTreeSet<Context>> = BTreeMap::new();
    while let Some((name, context)) = roots.pop() {
        if !out.entry(name.clone()).or_default().insert(context) {
            continue;
        }
        if let Some(s) = schemas.and_then(|s| s.get(&name)) {
            for r in refs(s) {
                roots.push((r, context));
            }
        }
    }
    out
}

/// Model names a schema mentions, at any depth.
fn refs(s: &ReferenceOr<Schema>) -> Vec<String> {
    let mut out = Vec::new();
    collect(s, &mut out);
    out
}

fn collect(s: &ReferenceOr<Schema>, out: &mut Vec<String>) {
    match s {
        ReferenceOr::Reference { reference } => out.extend(
            reference
                .strip_prefix("#/components/schemas/")
                .map(String::from),
        ),
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Type(Type::Array(a)) => {
                if let Some(i) = &a.items {
                    collect(&crate::openapi::refs::unbox(i), out);
                }
            }
            SchemaKind::Type(Type::Object(o)) => {
                for p in o.properties.values() {
                    collect(&crate::openapi::refs::unbox(p), out);
                }
                if let Some(openapiv3::AdditionalProperties::Schema(v)) = &o.additional_properties {
                    collect(v, out);
                }
            }
            SchemaKind::AllOf { all_of: v }
            | SchemaKind::AnyOf { any_of: v }
            | SchemaKind::OneOf { one_of: v } => v.iter().for_each(|x| collect(x, out)),
            _ => {}
        },
    }
}
