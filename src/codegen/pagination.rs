//! Paginators of list calls: `pages()` and `into_stream()` on the builder of an operation
//! that takes optional integer `page` and `size` query parameters and answers with a model
//! holding an integer `count` and a list of items (the one list, or the one list of models
//! when there are several: `queues` beside `sort`), whatever their presence: SCP's
//! published specs make both nullable. A call that looks like a listing but cannot be
//! paged is reported (`unpaged-listing`), with the reason.

use openapiv3::{Operation, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::context::Context;
use super::ir::Ty;
use super::models::{field_idents, Presence};
use super::params::Param;
use super::types::{self, TypeSpace};
use crate::diag::Rule;
use crate::vocab::ParamIn;

/// A list call's paging, resolved: the builder fields that take the page and the size, and
/// the answer's list and `count` fields with how they are held.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    pub page: Ident,
    pub size: Ident,
    pub list: Ident,
    pub list_presence: Presence,
    pub count: Ident,
    /// The `count` property's JSON name (what `Output::sent` asks about).
    pub count_name: String,
    pub count_presence: Presence,
    /// Whether `count` is an `i32` (totals are `i64`).
    pub count_i32: bool,
    /// The answer model and the item type.
    pub answer: Ty,
    pub item: Ty,
}

/// The paging of a list call, or `None` (reported when the call looks like a listing).
pub(super) fn paging(
    params: &[Param],
    success: Option<&ReferenceOr<Schema>>,
    op: &Operation,
    cx: &Context,
    enums: &mut TypeSpace,
) -> Option<Paging> {
    let query = |n: &str| {
        params
            .iter()
            .find(|p| p.name == n && p.location == ParamIn::Query)
    };
    let listing = (query("page").is_some() && query("size").is_some())
        || (query("offset").is_some() && query("limit").is_some())
        || (query("marker").is_some() && query("limit").is_some());
    match page_size_paging(params, success, op, cx, enums) {
        Ok(p) => Some(p),
        Err(why) => {
            if listing {
                enums.warn(
                    Rule::UnpagedListing,
                    format!("{}: a listing without `pages()`/`into_stream()`: {why}", cx.at),
                );
            }
            None
        }
    }
}

fn page_size_paging(
    params: &[Param],
    success: Option<&ReferenceOr<Schema>>,
    op: &Operation,
    cx: &Context,
    enums: &mut TypeSpace,
) -> Result<Paging, String> {
    // `page`/`size` must be optional i64 query parameters: the runtime counts pages in i64.
    let find = |n: &str| {
        params.iter().find(|p| {
            p.name == n && p.location == ParamIn::Query && !p.required && is_i64(&p.schema)
        })
    };
    let (Some(page_param), Some(size_param)) = (find("page"), find("size")) else {
        return Err("it takes no optional integer `page` and `size` (only those are paged: `offset`/`limit` and `marker` listings are not)".into());
    };
    if op.request_body.is_some() {
        return Err("it has a request body".into());
    }
    let Some(ReferenceOr::Reference { reference }) = success else {
        return Err("its answer is no model".into());
    };
    let model = types::ref_name(reference).ok_or("its answer is no model")?;
    let schema = cx.schemas.get(model).ok_or("its answer is no model")?;
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        return Err(format!("its answer {model} is no object"));
    };
    let shape = list_shape(model, object, enums)?;
    // The model's own field names (its struct scope), not the spec's.
    let idents = field_idents(object);
    let answer = types::rust_type(success.ok_or("no answer")?, model, enums);
    Ok(Paging {
        page: page_param.field.clone(),
        size: size_param.field.clone(),
        list: idents.get(&shape.list).ok_or("no list field")?.clone(),
        list_presence: shape.list_presence,
        count: idents.get("count").ok_or("no count field")?.clone(),
        count_name: "count".into(),
        count_presence: shape.count_presence,
        count_i32: shape.count_i32,
        answer,
        item: shape.item,
    })
}

/// `pages()` and `into_stream()` of a list call's builder.
pub(super) fn stream(paging: &Paging, models: &TokenStream) -> TokenStream {
    let Paging {
        page: page_f,
        size: size_f,
        list,
        list_presence,
        count,
        count_name,
        count_presence,
        count_i32,
        answer,
        item,
    } = paging;
    let item_ty = item.tokens(models);
    let answer_ty = answer.tokens(models);
    let items_ref = match list_presence {
        Presence::Required => quote! { &page.#list },
        Presence::RequiredNullable | Presence::Optional => {
            quote! { page.#list.as_deref().unwrap_or_default() }
        }
        Presence::OptionalNullable => {
            quote! { page.#list.value().map(Vec::as_slice).unwrap_or_default() }
        }
    };
    let items_owned = match list_presence {
        Presence::Required => quote! { page.into_inner().#list },
        Presence::RequiredNullable | Presence::Optional => {
            quote! { page.into_inner().#list.unwrap_or_default() }
        }
        Presence::OptionalNullable => {
            quote! { page.into_inner().#list.into_option().unwrap_or_default() }
        }
    };
    // A total only from a count the server sent: a zero the client filled in is none.
    let widen = count_i32.then(|| quote! { .map(i64::from) });
    let total = match count_presence {
        Presence::Required => quote! { page.sent(#count_name).then_some(page.#count) #widen },
        Presence::RequiredNullable | Presence::Optional => quote! { page.#count #widen },
        Presence::OptionalNullable => quote! { page.#count.value().copied() #widen },
    };
    quote! {
        /// Every page of the listing, fetched lazily from this call's `page` (default 0)
        /// with its `size` (default 20) until the answers' `count` items came (without a
        /// count, until a short page), each with its [`Output`](crate::Output) metadata.
        /// A page repeating an earlier one, a listing that stops short of `count` or one
        /// longer than [`Config::with_max_pages`](crate::Config::with_max_pages) ends with
        /// [`Error::Pagination`](crate::Error::Pagination).
        pub fn pages(self) -> crate::Listing<crate::Output<#answer_ty>> {
            let size = self.#size_f.unwrap_or(20);
            let first = self.#page_f.unwrap_or(0);
            let max_pages = self.rt.max_pages();
            crate::runtime::pagination::pages(first, size, max_pages, move |page_number| {
                let call = self.clone().#page_f(page_number).#size_f(size);
                async move {
                    let page = call.send().await?;
                    let info = crate::runtime::pagination::PageInfo::of(#items_ref, #total);
                    Ok((page, info))
                }
            })
        }

        /// Every item of every page ([`pages`](Self::pages)), as one stream:
        /// `while let Some(item) = stream.next().await` with the crate's
        /// [`StreamExt`](crate::StreamExt).
        pub fn into_stream(self) -> crate::Listing<#item_ty> {
            crate::runtime::pagination::items(self.pages(), |page| #items_owned)
        }
    }
}

/// The list a listing pages through.
struct ListShape {
    list: String,
    list_presence: Presence,
    count_presence: Presence,
    count_i32: bool,
    item: Ty,
}

/// The list model's list field (the one list, or the one list of models) and item type, and
/// how the list and `count` are held.
fn list_shape(model: &str, o: &openapiv3::ObjectType, enums: &mut TypeSpace) -> Result<ListShape, String> {
    let count = o
        .properties
        .get("count")
        .map(types::unbox)
        .ok_or_else(|| format!("its answer {model} has no `count`"))?;
    if !is_integer(&count) {
        return Err(format!("the `count` of {model} is no integer"));
    }
    let count_i32 = !is_i64(&count);
    let is_required = |name: &str| o.required.iter().any(|r| r == name);
    let count_presence = Presence::of(is_required("count"), types::nullable(&count));
    let arrays: Vec<(&String, ReferenceOr<Schema>, &openapiv3::ArrayType)> = o
        .properties
        .iter()
        .filter_map(|(n, s)| match s {
            ReferenceOr::Item(i) => match &i.schema_kind {
                SchemaKind::Type(Type::Array(a)) => Some((n, types::unbox(s), a)),
                _ => None,
            },
            ReferenceOr::Reference { .. } => None,
        })
        .collect();
    let of_models: Vec<&(&String, ReferenceOr<Schema>, &openapiv3::ArrayType)> = arrays
        .iter()
        .filter(|(_, _, a)| a.items.as_ref().is_some_and(|i| matches!(types::unbox(i), ReferenceOr::Reference { .. })))
        .collect();
    let (name, array, a) = match (arrays.as_slice(), of_models.as_slice()) {
        ([one], _) => one,
        (_, [one]) => *one,
        ([], _) => return Err(format!("its answer {model} has no list")),
        _ => return Err(format!("its answer {model} has several lists, none the one list of models")),
    };
    let list_presence = Presence::of(is_required(name), types::nullable(array));
    let items = a
        .items
        .as_ref()
        .ok_or_else(|| format!("the list `{name}` has no item type"))?;
    let item = types::rust_type(&types::unbox(items), &format!("{model}::{name}Item"), enums);
    Ok(ListShape {
        list: (*name).clone(),
        list_presence,
        count_presence,
        count_i32,
        item,
    })
}

/// An integer (any format): a count.
fn is_integer(schema: &ReferenceOr<Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(s) if matches!(&s.schema_kind, SchemaKind::Type(Type::Integer(_))))
}

/// An integer the client holds as `i64` (any integer format but int32).
fn is_i64(schema: &ReferenceOr<Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(s) if matches!(&s.schema_kind, SchemaKind::Type(Type::Integer(i)) if !matches!(i.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32))) && types::single_ref_path(s).is_none())
}
