//! Paginators of list calls: `pages()` and `into_stream()` on the builder of an operation
//! that takes an optional integer `page` (or `offset`) and page size (`size`, `limit`,
//! `per_page`, `page_size`) as query parameters and answers with a list: the answer itself
//! (`[...]`), or a model holding one (the one list, or the one list of models when there are
//! several: `queues` beside `sort`) and, when it has one, an integer total (`count`,
//! `total_count`, `total`), whatever their presence (SCP's published specs make both
//! nullable). Without a total a listing ends at a short page. A call that looks like a
//! listing but cannot be paged is reported (`unpaged-listing`), with the reason.

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

/// The names a page size goes by.
const SIZES: &[&str] = &["size", "limit", "per_page", "page_size", "pageSize", "perPage"];
/// The names a listing's total goes by.
const TOTALS: &[&str] = &["count", "total_count", "totalCount", "total"];

/// How the listing moves: by page number or by offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moves {
    Page,
    Offset,
}

/// Where a page's items are.
#[derive(Debug, Clone, PartialEq)]
pub enum ListAt {
    /// The answer is the list.
    Whole,
    /// A field of the answer model, held so.
    Field(Ident, Presence),
}

/// The answer's total.
#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    pub field: Ident,
    /// Its JSON name (what `Output::sent` asks about).
    pub name: String,
    pub presence: Presence,
    /// Whether it is an `i32` (totals are `i64`).
    pub i32: bool,
}

/// A list call's paging, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    pub moves: Moves,
    /// The builder fields of the page (or offset) and of the size.
    pub position: Ident,
    pub size: Ident,
    /// Where a listing starts and how big its pages are unless the call says otherwise: the
    /// parameters' documented defaults, else 0 (or 1 for pages numbered from 1) and 20.
    pub first: i64,
    pub default_size: i64,
    pub list: ListAt,
    pub total: Option<Total>,
    pub answer: Ty,
    pub item: Ty,
}

/// The paging of a list call, or `None` (reported when the call looks like a listing).
pub(super) fn paging(
    params: &[Param],
    success: Option<(&ReferenceOr<Schema>, &Ty)>,
    op: &Operation,
    cx: &Context,
    enums: &mut TypeSpace,
) -> Option<Paging> {
    let query = |n: &str| {
        params
            .iter()
            .find(|p| p.name == n && p.location == ParamIn::Query)
    };
    let sized = SIZES.iter().any(|n| query(n).is_some());
    let listing = (query("page").is_some() || query("offset").is_some() || query("marker").is_some()) && sized;
    match resolve(params, success, op, cx, enums) {
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

fn resolve(
    params: &[Param],
    success: Option<(&ReferenceOr<Schema>, &Ty)>,
    op: &Operation,
    cx: &Context,
    enums: &mut TypeSpace,
) -> Result<Paging, String> {
    // Optional i64 query parameters: the runtime counts pages and offsets in i64.
    let find = |n: &str| {
        params.iter().find(|p| {
            p.name == n && p.location == ParamIn::Query && !p.required && is_i64(&p.schema)
        })
    };
    let (moves, position) = match (find("page"), find("offset")) {
        (Some(p), _) => (Moves::Page, p),
        (None, Some(o)) => (Moves::Offset, o),
        _ => return Err("it takes no optional integer `page` or `offset` (a `marker` listing is not paged)".into()),
    };
    let size = SIZES
        .iter()
        .find_map(|n| find(n))
        .ok_or_else(|| format!("it takes no optional integer page size ({})", SIZES.join(", ")))?;
    if op.request_body.is_some() {
        return Err("it has a request body".into());
    }
    let (success, answer) = success.ok_or("it answers no JSON")?;
    let answer = answer.clone();
    let default = |p: &Param| match &p.schema {
        ReferenceOr::Item(s) => s.schema_data.default.as_ref().and_then(serde_json::Value::as_i64),
        ReferenceOr::Reference { .. } => None,
    };
    let first = default(position).unwrap_or(0);
    let default_size = default(size).filter(|n| *n > 0).unwrap_or(20);
    let (list, total, item) = match success {
        ReferenceOr::Reference { reference } => {
            let model = types::ref_name(reference).ok_or("its answer is no model")?;
            let schema = cx.schemas.get(model).ok_or("its answer is no model")?;
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => {
                    let shape = list_shape(model, object, enums)?;
                    (shape.list, shape.total, shape.item)
                }
                SchemaKind::Type(Type::Array(_)) => whole(&answer)?,
                _ => return Err(format!("its answer {model} is no list or object")),
            }
        }
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Type(Type::Array(_)) => whole(&answer)?,
            // An inline object: a struct of its own, its fields named as a model's.
            SchemaKind::Type(Type::Object(object)) => {
                let Ty::Named(name) = &answer else {
                    return Err("its answer is an object of no struct".into());
                };
                let shape = list_shape(&name.clone(), object, enums)?;
                (shape.list, shape.total, shape.item)
            }
            _ => return Err("its answer is no list or object".into()),
        },
    };
    Ok(Paging {
        moves,
        position: position.field.clone(),
        size: size.field.clone(),
        first,
        default_size,
        list,
        total,
        answer,
        item,
    })
}

/// An answer that is the list itself.
fn whole(answer: &Ty) -> Result<(ListAt, Option<Total>, Ty), String> {
    match answer {
        Ty::List(item) if !matches!(**item, Ty::Nullable(_)) => {
            Ok((ListAt::Whole, None, (**item).clone()))
        }
        Ty::Named(_) => Err("its answer is a named list, not paged".into()),
        _ => Err("its answer's items may be null".into()),
    }
}

/// `pages()` and `into_stream()` of a list call's builder.
pub(super) fn stream(paging: &Paging, models: &TokenStream) -> TokenStream {
    let Paging {
        moves,
        position,
        size: size_f,
        first,
        default_size,
        list,
        total,
        answer,
        item,
    } = paging;
    let item_ty = item.tokens(models);
    let answer_ty = answer.tokens(models);
    let (first_lit, size_lit) = (
        proc_macro2::Literal::i64_unsuffixed(*first),
        proc_macro2::Literal::i64_unsuffixed(*default_size),
    );
    let (items_ref, items_owned) = match list {
        ListAt::Whole => (quote! { page.as_slice() }, quote! { page.into_inner() }),
        ListAt::Field(list, Presence::Required) => {
            (quote! { &page.#list }, quote! { page.into_inner().#list })
        }
        ListAt::Field(list, Presence::RequiredNullable | Presence::Optional) => (
            quote! { page.#list.as_deref().unwrap_or_default() },
            quote! { page.into_inner().#list.unwrap_or_default() },
        ),
        ListAt::Field(list, Presence::OptionalNullable) => (
            quote! { page.#list.value().map(Vec::as_slice).unwrap_or_default() },
            quote! { page.into_inner().#list.into_option().unwrap_or_default() },
        ),
    };
    // A total only from a count the server sent: a zero the client filled in is none.
    let total = match total {
        None => quote! { None },
        Some(Total {
            field,
            name,
            presence,
            i32,
        }) => {
            let widen = i32.then(|| quote! { .map(i64::from) });
            match presence {
                Presence::Required => quote! { page.sent(#name).then_some(page.#field) #widen },
                Presence::RequiredNullable | Presence::Optional => quote! { page.#field #widen },
                Presence::OptionalNullable => quote! { page.#field.value().copied() #widen },
            }
        }
    };
    let (cursor, start_doc) = match moves {
        Moves::Page => (
            quote! { crate::runtime::pagination::Cursor::Page(start) },
            "page",
        ),
        Moves::Offset => (
            quote! { crate::runtime::pagination::Cursor::Offset(start) },
            "offset",
        ),
    };
    let pages_doc = format!(
        " Every page of the listing, fetched lazily from this call's {start_doc} (default {first}) with its page size (default {default_size}) until the answers' total came (without a total, until a short page), each with its [`Output`](crate::Output) metadata. A page repeating an earlier one, a listing that stops short of its total or one longer than [`Config::with_max_pages`](crate::Config::with_max_pages) ends with [`Error::Pagination`](crate::Error::Pagination)."
    );
    quote! {
        #[doc = #pages_doc]
        pub fn pages(self) -> crate::Listing<crate::Output<#answer_ty>> {
            let size = self.#size_f.unwrap_or(#size_lit);
            let start = self.#position.unwrap_or(#first_lit);
            let max_pages = self.rt.max_pages();
            crate::runtime::pagination::pages(#cursor, size, max_pages, move |at| {
                let call = self.clone().#position(at).#size_f(size);
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
    list: ListAt,
    total: Option<Total>,
    item: Ty,
}

/// The list model's list field (the one list, or the one list of models), its item type,
/// and its total when it has one.
fn list_shape(model: &str, o: &openapiv3::ObjectType, enums: &mut TypeSpace) -> Result<ListShape, String> {
    let is_required = |name: &str| o.required.iter().any(|r| r == name);
    let idents = field_idents(o);
    let total = TOTALS
        .iter()
        .find_map(|name| Some((*name, types::unbox(o.properties.get(*name)?))))
        .filter(|(_, s)| is_integer(s))
        .and_then(|(name, s)| {
            Some(Total {
                field: idents.get(name)?.clone(),
                name: name.to_string(),
                presence: Presence::of(is_required(name), types::nullable(&s)),
                i32: !is_i64(&s),
            })
        });
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
    let items = a
        .items
        .as_ref()
        .ok_or_else(|| format!("the list `{name}` has no item type"))?;
    let item = types::rust_type(&types::unbox(items), &format!("{model}::{name}Item"), enums);
    let presence = Presence::of(is_required(name), types::nullable(array));
    Ok(ListShape {
        list: ListAt::Field(idents.get(*name).ok_or("no list field")?.clone(), presence),
        total,
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
