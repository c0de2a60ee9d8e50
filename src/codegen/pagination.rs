//! `into_stream()` for list calls: operations that take optional integer `page` and `size`
//! query parameters and answer with a model holding an integer `count` and exactly one
//! required list of items.

use openapiv3::{Operation, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::context::Context;
use super::ir::Ty;
use super::models::field_idents;
use super::params::Param;
use super::types::{self, TypeSpace};

/// A list call's paging, resolved: the builder fields that take the page and the size, and
/// the answer's list and `count` fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    pub page: Ident,
    pub size: Ident,
    pub list: Ident,
    pub count: Ident,
    pub count_nullable: bool,
    pub item: Ty,
}

/// The paging of a list call: `page` and `size` optional i64 query parameters, no body, and
/// an answer model with an integer `count` and one array of items.
pub(super) fn paging(
    params: &[Param],
    success: Option<&ReferenceOr<Schema>>,
    op: &Operation,
    cx: &Context,
    enums: &mut TypeSpace,
) -> Option<Paging> {
    // `page`/`size` must be optional i64 query parameters: the runtime counts pages in i64.
    let find = |n: &str| {
        params.iter().find(|p| {
            p.name == n
                && p.location == crate::vocab::ParamIn::Query
                && !p.required
                && is_i64(&p.schema)
        })
    };
    let (page_param, size_param) = (find("page")?, find("size")?);
    if op.request_body.is_some() {
        return None;
    }
    let Some(ReferenceOr::Reference { reference }) = success else {
        return None;
    };
    let model = types::ref_name(reference)?;
    let schema = cx.schemas.get(model)?;
    let (list_field, item, count_nullable) = list_shape(model, schema, enums)?;
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        return None;
    };
    // The model's own field names (its struct scope), not the spec's.
    let idents = field_idents(object);
    Some(Paging {
        page: page_param.field.clone(),
        size: size_param.field.clone(),
        list: idents.get(&list_field)?.clone(),
        count: idents.get("count")?.clone(),
        count_nullable,
        item,
    })
}

/// `into_stream()` of a list call's builder.
pub(super) fn stream(paging: &Paging, models: &TokenStream) -> TokenStream {
    let Paging {
        page: page_f,
        size: size_f,
        list,
        count,
        count_nullable,
        item,
    } = paging;
    let item_ty = item.tokens(models);
    let total = if *count_nullable {
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
fn list_shape(model: &str, schema: &Schema, enums: &mut TypeSpace) -> Option<(String, Ty, bool)> {
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
    );
    Some(((*name).clone(), item, count_nullable))
}

/// An integer the client holds as `i64` (any integer format but int32).
fn is_i64(schema: &ReferenceOr<Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(s) if matches!(&s.schema_kind, SchemaKind::Type(Type::Integer(i)) if !matches!(i.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32))) && types::single_ref_path(s).is_none())
}
