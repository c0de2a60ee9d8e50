//! `into_stream()` for list calls: operations that take optional integer `page` and `size`
//! query parameters and answer with a model holding an integer `count` and exactly one
//! required list of items.

use openapiv3::{Operation, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::TokenStream;
use quote::quote;

use super::models::field_idents;
use super::operations::Context;
use super::params::Param;
use super::types::{self, TypeSpace};

/// `into_stream()` for list calls that take `page` and `size` and answer with a `count` and
/// one array of items.
pub(super) fn pagination(
    params: &[Param],
    success: Option<&ReferenceOr<Schema>>,
    op: &Operation,
    cx: &Context,
    enums: &mut TypeSpace,
) -> TokenStream {
    // `page`/`size` must be optional i64 query parameters: the runtime counts pages in i64.
    let find = |n: &str| {
        params.iter().find(|p| {
            p.name == n
                && p.location == crate::vocab::ParamIn::Query
                && !p.required
                && is_i64(&p.schema)
        })
    };
    let (Some(page_param), Some(size_param)) = (find("page"), find("size")) else {
        return TokenStream::new();
    };
    if op.request_body.is_some() {
        return TokenStream::new();
    }
    let (page_f, size_f) = (&page_param.field, &size_param.field);
    let Some(ReferenceOr::Reference { reference }) = success else {
        return TokenStream::new();
    };
    let Some(model) = types::ref_name(reference) else {
        return TokenStream::new();
    };
    let Some(schema) = cx.schemas.get(model) else {
        return TokenStream::new();
    };
    let Some((list_field, item_ty, count_nullable)) = list_shape(model, schema, cx.models, enums)
    else {
        return TokenStream::new();
    };
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        return TokenStream::new();
    };
    // The model's own field names (its struct scope), not the spec's.
    let idents = field_idents(object);
    let (Some(list), Some(count)) = (idents.get(&list_field), idents.get("count")) else {
        return TokenStream::new();
    };
    let total = if count_nullable {
        quote! { page.#count }
    } else {
        quote! { Some(page.#count) }
    };
    quote! {
        /// Every item of every page, fetched lazily page by page from this call's `page`
        /// (default 0) with its `size` (default 20), until the answers' `count` items came.
        /// A repeated page, a listing that stops short of `count` or one longer than
        /// [`Config::with_max_pages`](crate::Config::with_max_pages) ends with
        /// [`Error::Pagination`](crate::Error::Pagination).
        pub fn into_stream(self) -> impl futures_util::Stream<Item = Result<#item_ty, crate::Error>> + Send + 'static {
            let size = self.#size_f.unwrap_or(20);
            let first = self.#page_f.unwrap_or(0);
            let max_pages = self.rt.max_pages();
            crate::runtime::pagination::items(first, size, max_pages, move |page_number| {
                let call = self.clone().#page_f(page_number).#size_f(size);
                async move {
                    let page = call.send().await?;
                    Ok(crate::runtime::pagination::Page { items: page.#list, total: #total })
                }
            })
        }
    }
}

/// The list model's array field and item type, and whether `count` is nullable.
fn list_shape(
    model: &str,
    schema: &Schema,
    models: &TokenStream,
    enums: &mut TypeSpace,
) -> Option<(String, TokenStream, bool)> {
    let SchemaKind::Type(Type::Object(o)) = &schema.schema_kind else {
        return None;
    };
    let count = o.properties.get("count")?;
    let count = types::unbox(count);
    let count_is_int = is_i64(&count);
    if !count_is_int {
        return None;
    }
    let count_nullable = types::nullable(&count) || !o.required.iter().any(|r| r == "count");
    let arrays: Vec<(&String, ReferenceOr<Schema>)> = o
        .properties
        .iter()
        .map(|(n, s)| (n, types::unbox(s)))
        .filter(|(_, s)| matches!(s, ReferenceOr::Item(i) if matches!(i.schema_kind, SchemaKind::Type(Type::Array(_)))))
        .collect();
    let [(name, array)] = arrays.as_slice() else {
        return None;
    };
    let required = o.required.iter().any(|r| r == *name) && !types::nullable(array);
    if !required {
        return None;
    }
    let ReferenceOr::Item(a) = array else {
        return None;
    };
    let SchemaKind::Type(Type::Array(a)) = &a.schema_kind else {
        return None;
    };
    let item = types::rust_type(
        &types::unbox(a.items.as_ref()?),
        &format!("{model}::{name}Item"),
        enums,
    )
    .tokens(models);
    Some(((*name).clone(), item, count_nullable))
}

/// An integer the client holds as `i64` (any integer format but int32).
fn is_i64(schema: &ReferenceOr<Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(s) if matches!(&s.schema_kind, SchemaKind::Type(Type::Integer(i)) if !matches!(i.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32))) && types::single_ref_path(s).is_none())
}
