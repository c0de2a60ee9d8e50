//! Recursive models: a struct that holds itself by value (`A { next: Option<A> }`), directly
//! or through others (`A → B → A`), has infinite size and does not compile. The properties
//! that refer by value (not through a `Vec` or a map, which already allocate) to a model of
//! the same cycle are held in a `Box`.
//!
//! Cycles are the strongly connected components of the by-value reference graph (Tarjan's
//! algorithm, iterative so that a chain of 20,000 models cannot overflow the stack): O(V + E).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use openapiv3::{ObjectType, ReferenceOr, Schema, SchemaKind, Type};

use super::components::Models;
use crate::openapi::refs::{ref_name, single_ref};

/// The properties of a schema that becomes a struct: an object's own, or an `allOf`'s once
/// merged (as the models and the type space merge it; `Node: allOf [Base, {next: Node}]`
/// holds a `Node`). `None` for anything else.
fn struct_view<'a>(
    schema: &'a Schema,
    schemas: &Models,
) -> Option<Cow<'a, ObjectType>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(Cow::Borrowed(o)),
        SchemaKind::AllOf { .. } if single_ref(schema).is_none() => {
            match super::shapes::merge_all_of(schema, schemas) {
                Ok(Schema {
                    schema_kind: SchemaKind::Type(Type::Object(o)),
                    ..
                }) => Some(Cow::Owned(o)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The models a property holds by value: the one it refers to, or, for an inline struct
/// (an object or a merged `allOf`: a struct of its own, held by value too), those its
/// properties hold by value, through any depth of inline structs. With `required_only`,
/// only through required, non-nullable properties. Bounded depth: specs are parsed with a
/// recursion limit, this walk keeps its own.
fn by_value_targets(
    prop: &ReferenceOr<Box<Schema>>,
    schemas: &Models,
    required_only: bool,
    out: &mut Vec<String>,
    depth: usize,
) {
    let s = match prop {
        ReferenceOr::Reference { reference } => {
            return out.extend(ref_name(reference).map(String::from))
        }
        ReferenceOr::Item(s) => s,
    };
    if let Some(r) = single_ref(s) {
        return out.push(r.to_string());
    }
    if depth >= 64 {
        return;
    }
    if let Some(o) = struct_view(s, schemas) {
        for (name, p) in &o.properties {
            if !required_only || is_required(&o, name, p) {
                by_value_targets(p, schemas, required_only, out, depth + 1);
            }
        }
    }
}

/// Whether a property is required and not nullable: it is always there.
fn is_required(o: &ObjectType, name: &str, prop: &ReferenceOr<Box<Schema>>) -> bool {
    let nullable = matches!(prop, ReferenceOr::Item(s) if s.schema_data.nullable);
    o.required.iter().any(|r| r == name) && !nullable
}

/// The by-value edges of each model: `(property, target model)`, of every property, or
/// with `required_only` of the required, non-nullable ones.
fn edges(schemas: &Models, required_only: bool) -> Vec<Vec<(String, usize)>> {
    schemas
        .values()
        .map(|schema| match struct_view(schema, schemas) {
            Some(o) => o
                .properties
                .iter()
                .filter(|(prop, s)| !required_only || is_required(&o, prop, s))
                .flat_map(|(prop, s)| {
                    let mut targets = Vec::new();
                    by_value_targets(s, schemas, required_only, &mut targets, 0);
                    targets
                        .into_iter()
                        .filter_map(|t| schemas.get_index_of(&t))
                        .map(|t| (prop.clone(), t))
                        .collect::<Vec<_>>()
                })
                .collect(),
            None => Vec::new(),
        })
        .collect()
}

/// The `(model, property)` edges that stay inside a cycle of the graph.
fn cycle_edges(
    schemas: &Models,
    edges: &[Vec<(String, usize)>],
) -> HashSet<(String, String)> {
    let graph: Vec<Vec<usize>> = edges
        .iter()
        .map(|e| e.iter().map(|(_, t)| *t).collect())
        .collect();
    let comp = components(&graph);
    let names: Vec<&String> = schemas.keys().collect();
    let mut out = HashSet::new();
    for (from, props) in edges.iter().enumerate() {
        for (prop, to) in props {
            if comp[from] == comp[*to] {
                out.insert((names[from].clone(), prop.clone()));
            }
        }
    }
    out
}

/// The strongly connected component of each node (component ids are arbitrary but stable).
pub fn components(graph: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = graph.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_comp = 0;
    // The explicit call stack: (node, position in its edge list).
    let mut calls: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        calls.push((root, 0));
        while let Some(&mut (v, ref mut pos)) = calls.last_mut() {
            if *pos == 0 && index[v] == UNSEEN {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = graph[v].get(*pos) {
                *pos += 1;
                if index[w] == UNSEEN {
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
        }
    }
    comp
}

/// The `(model, property)` pairs to box.
pub fn boxed_fields(schemas: &Models) -> HashSet<(String, String)> {
    cycle_edges(schemas, &edges(schemas, false))
}

/// The `(model, property)` pairs of cycles made of required, non-nullable properties only
/// (`A` requires a `B` that requires an `A`): no finite JSON has such a model, and a zero
/// value of it (see the runtime's lenient decoding) would never end. The generator holds
/// these properties as optional, the one way the types can have values.
pub fn endless_fields(schemas: &Models) -> HashSet<(String, String)> {
    cycle_edges(schemas, &edges(schemas, true))
}

/// Models whose type is an alias (not an object) and that take part in a cycle of aliases
/// through any reference (type aliases cannot be recursive at all, not even through `Vec`).
pub fn recursive_aliases(schemas: &Models) -> HashSet<String> {
    let is_alias = |s: &Schema| !matches!(s.schema_kind, SchemaKind::Type(Type::Object(_)));
    let mut graph: Vec<Vec<usize>> = vec![Vec::new(); schemas.len()];
    for (i, schema) in schemas.values().enumerate() {
        if !is_alias(schema) {
            continue;
        }
        let mut refs = Vec::new();
        collect_refs(schema, &mut refs, 0);
        graph[i] = refs
            .iter()
            .filter_map(|r| schemas.get_index_of(*r))
            .filter(|&t| is_alias(schemas[t]))
            .collect();
    }
    let comp = components(&graph);
    let mut size: HashMap<usize, usize> = HashMap::new();
    for c in &comp {
        *size.entry(*c).or_default() += 1;
    }
    schemas
        .keys()
        .enumerate()
        .filter(|(i, _)| size[&comp[*i]] > 1 || graph[*i].contains(i))
        .map(|(_, n)| n.clone())
        .collect()
}

/// Every model a schema refers to, anywhere inside (bounded depth: specs are parsed with
/// a recursion limit, this walk keeps its own).
fn collect_refs<'a>(schema: &'a Schema, out: &mut Vec<&'a str>, depth: usize) {
    if depth > 64 {
        return;
    }
    let visit = |r: &'a ReferenceOr<Schema>, out: &mut Vec<&'a str>| match r {
        ReferenceOr::Reference { reference } => out.extend(ref_name(reference)),
        ReferenceOr::Item(s) => collect_refs(s, out, depth + 1),
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(a)) => match &a.items {
            Some(ReferenceOr::Reference { reference }) => out.extend(ref_name(reference)),
            Some(ReferenceOr::Item(s)) => collect_refs(s, out, depth + 1),
            None => {}
        },
        SchemaKind::Type(Type::Object(o)) => {
            if let Some(openapiv3::AdditionalProperties::Schema(s)) = &o.additional_properties {
                visit(s, out);
            }
        }
        SchemaKind::AllOf { all_of: list }
        | SchemaKind::AnyOf { any_of: list }
        | SchemaKind::OneOf { one_of: list } => {
            for s in list {
                visit(s, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::components::models;

    fn schemas(yaml: &str) -> indexmap::IndexMap<String, Schema> {
        serde_norway::from_str(yaml).unwrap()
    }

    #[test]
    fn boxes_self_and_mutual_references_but_not_lists() {
        let s = schemas(
            "A: {type: object, properties: {next: {$ref: '#/components/schemas/A'}, many: {type: array, items: {$ref: '#/components/schemas/A'}}, b: {$ref: '#/components/schemas/B'}}}\n\
             B: {type: object, properties: {a: {allOf: [{$ref: '#/components/schemas/A'}], nullable: true}, c: {$ref: '#/components/schemas/C'}}}\n\
             C: {type: object, properties: {x: {type: string}}}\n",
        );
        let mut got: Vec<(String, String)> = boxed_fields(&models(&s)).into_iter().collect();
        got.sort();
        let want: Vec<(String, String)> = [("A", "b"), ("A", "next"), ("B", "a")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn endless_cycles_are_the_required_ones() {
        let s = schemas(
            "A: {type: object, required: [b, c], properties: {b: {$ref: '#/components/schemas/B'}, c: {$ref: '#/components/schemas/C'}}}\n\
             B: {type: object, required: [a], properties: {a: {$ref: '#/components/schemas/A'}}}\n\
             C: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}\n\
             D: {type: object, required: [d, e], properties: {d: {$ref: '#/components/schemas/D'}, e: {allOf: [{$ref: '#/components/schemas/E'}], nullable: true}}}\n\
             E: {type: object, required: [e], properties: {e: {allOf: [{$ref: '#/components/schemas/E'}], nullable: true}}}\n",
        );
        let mut got: Vec<(String, String)> = endless_fields(&models(&s)).into_iter().collect();
        got.sort();
        let want: Vec<(String, String)> = [("A", "b"), ("B", "a"), ("D", "d")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn cycles_through_inline_objects_are_boxed() {
        let s = schemas(
            "A: {type: object, required: [inner], properties: {inner: {type: object, required: [a], properties: {deeper: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}, a: {$ref: '#/components/schemas/A'}}}}}\n",
        );
        let want = [("A".to_string(), "inner".to_string())];
        assert_eq!(boxed_fields(&models(&s)).into_iter().collect::<Vec<_>>(), want);
        assert_eq!(endless_fields(&models(&s)).into_iter().collect::<Vec<_>>(), want);
    }

    #[test]
    fn cycles_through_merged_all_ofs_are_boxed() {
        // `Node` is a struct of Base's fields and `next`, which holds a `Node`; required, so
        // the cycle is endless too.
        let s = schemas(
            "Base: {type: object, properties: {id: {type: string}}}\n\
             Node: {allOf: [{$ref: '#/components/schemas/Base'}, {type: object, required: [next], properties: {next: {$ref: '#/components/schemas/Node'}}}]}\n\
             Wrap: {type: object, properties: {inner: {allOf: [{$ref: '#/components/schemas/Base'}, {type: object, properties: {w: {$ref: '#/components/schemas/Wrap'}}}]}}}\n",
        );
        let mut got: Vec<(String, String)> = boxed_fields(&models(&s)).into_iter().collect();
        got.sort();
        let want = [
            ("Node".to_string(), "next".to_string()),
            ("Wrap".to_string(), "inner".to_string()),
        ];
        assert_eq!(got, want);
        assert_eq!(
            endless_fields(&models(&s)).into_iter().collect::<Vec<_>>(),
            [("Node".to_string(), "next".to_string())]
        );
    }

    #[test]
    fn a_long_chain_does_not_overflow() {
        let n = 20_000;
        let graph: Vec<Vec<usize>> = (0..n).map(|i| vec![(i + 1) % n]).collect();
        let comp = components(&graph);
        assert!(comp.iter().all(|c| *c == comp[0]));
    }

    #[test]
    fn recursive_aliases_are_found() {
        let s = schemas(
            "L: {type: array, items: {$ref: '#/components/schemas/L'}}\nM: {type: array, items: {type: string}}\n",
        );
        assert_eq!(recursive_aliases(&models(&s)).into_iter().collect::<Vec<_>>(), ["L"]);
    }
}
