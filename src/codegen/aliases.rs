//! Short names in version modules: the docs name a version's own models with a suffix
//! (`ApiCreateRequestV1Dot2`); a version module re-exports them without it.

use indexmap::IndexMap;
use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use quote::quote;

use super::names::{self, Scope};
use super::types::TypeSpace;

/// `ApiCreateRequestV1Dot2` → `ApiCreateRequest`: the model name without the docs' version
/// suffix (`V<major>Dot<minor>`), when it has one.
fn without_version_suffix(name: &str) -> Option<&str> {
    let at = name.rfind('V')?;
    let (base, suffix) = name.split_at(at);
    let (major, minor) = suffix[1..].split_once("Dot")?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (!base.is_empty() && digits(major) && digits(minor)).then_some(base)
}

/// Re-exports of the version's models whose names carry the docs' version suffix, under the
/// name without it (`v1_2::ApiCreateRequest` for `models::ApiCreateRequestV1Dot2`), so a user
/// of a version module types no `V1Dot2`. Left out where the short name is taken in the
/// module or two of the version's models would share it.
pub(super) fn version_aliases(
    spec: &OpenAPI,
    types: &mut Scope,
    space: &TypeSpace,
) -> Vec<TokenStream> {
    let Some(components) = &spec.components else {
        return Vec::new();
    };
    let mut by_base: IndexMap<&str, Vec<&str>> = IndexMap::new();
    for name in components.schemas.keys() {
        if let Some(base) = without_version_suffix(name) {
            by_base.entry(base).or_default().push(name);
        }
    }
    let mut out = Vec::new();
    for (base, models) in by_base {
        let ([model], Some(rust)) = (models.as_slice(), space.model_name(models[0])) else {
            continue;
        };
        let short = names::camel_text(base);
        if types.is_taken(&short) || names::camel_text(model) != rust {
            continue;
        }
        let alias = names::ident(&types.claim_text(short));
        let target = names::ident(rust);
        out.push(quote! { pub use crate::models::#target as #alias; });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_suffixes() {
        assert_eq!(
            without_version_suffix("ApiCreateRequestV1Dot2"),
            Some("ApiCreateRequest")
        );
        assert_eq!(without_version_suffix("MethodV10Dot11"), Some("Method"));
        for name in [
            "Api",
            "V1Dot2",
            "ApiV1",
            "ApiV1Dot",
            "ApiVxDot2",
            "ApiV1Dot2x",
        ] {
            assert_eq!(without_version_suffix(name), None, "{name}");
        }
    }
}
