//! The SCP conventions of one spec, as one value: which service and API version it is, the
//! `Scp-Api-Version` header its calls send, its status, and its endpoint. They come from
//! scpgen's `x-scp-*` keys when the spec has them, from SCP's own published keys
//! (`x-api-version` on operations, see [`crate::openapi::input`]) when it has those, and from
//! the `--service`/`--endpoint` flags otherwise; what is guessed is reported.

use serde_json::Value;

use crate::diag::{Diagnostics, Location, Rule};
use crate::vocab::ext;

/// What the command line says about specs that do not say it themselves.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--service`: the slug of specs without `x-scp-service`.
    pub service: Option<String>,
    /// `--endpoint`: the URL template of specs without a server URL.
    pub endpoint: Option<String>,
    /// `--api-version`: the API version of specs that name none (no SCP `x-api-version`) and
    /// whose `info.version` is no version.
    pub api_version: Option<String>,
    /// The name of the crate the client is compiled in, when that is not its own crate
    /// (`scp-<service>`): a build script's crate, which includes the client's one file. Doc
    /// examples name it.
    pub crate_name: Option<String>,
}

/// One spec's conventions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub slug: String,
    pub version: crate::vocab::ApiVersion,
    /// The `Scp-Api-Version` header value (`apigateway 1.2`).
    pub api_version: String,
    pub status: crate::vocab::Status,
    pub supported_until: Option<String>,
    /// The endpoint URL template (`https://apigateway.{region}.{environment}.samsungsdscloud.com`).
    pub url: String,
    /// The documented `(environment, region)` pairs (region empty for global services).
    pub regions: Vec<(String, String)>,
}

/// The settings of `spec` (read from `origin`), or `None` after an error: a slug or version
/// that cannot name a directory and a module.
pub fn settings(
    spec: &openapiv3::OpenAPI,
    origin: &Location,
    overrides: &Overrides,
    diags: &mut Diagnostics,
) -> Option<Settings> {
    let scp = ext::ScpInfo::of(&spec.info);
    let slug = match (spec.info.extensions.get(ext::SERVICE), &overrides.service) {
        (Some(Value::String(s)), _) => s.clone(),
        (Some(other), _) => {
            diags.error(
                origin.clone(),
                Rule::BadService,
                format!("#/info/{}: {other} is not a service name", ext::SERVICE),
            );
            return None;
        }
        (None, Some(flag)) => flag.clone(),
        (None, None) => {
            let s = scp.service_or_title(&spec.info);
            diags.warn(
                origin.clone(),
                Rule::SlugGuessed,
                format!(
                    "#/info: no {} and no --service; the service is named `{s}` after the title",
                    ext::SERVICE
                ),
            );
            s
        }
    };
    if let Err(problem) = crate::vocab::Slug::parse(&slug) {
        diags.error(
            origin.clone(),
            Rule::BadService,
            format!(
                "#/info/{}: {problem}; nothing is generated from this spec",
                ext::SERVICE
            ),
        );
        return None;
    }
    let version = api_version(spec, &scp, overrides, origin, diags)?;
    let api_version = scp
        .api_version
        .map_or_else(|| format!("{slug} {version}"), String::from);
    let server = spec.servers.first().filter(|s| !s.url.trim().is_empty());
    let url = match (server, &overrides.endpoint) {
        (Some(s), _) => s.url.clone(),
        (None, Some(e)) => e.clone(),
        (None, None) => {
            let url = format!("https://{slug}.{{region}}.{{environment}}.samsungsdscloud.com");
            diags.warn(origin.clone(), Rule::EndpointGuessed, format!("#/servers: no server URL and no --endpoint; the client uses SCP's regional pattern {url}"));
            url
        }
    };
    let regions = server
        .and_then(|s| s.extensions.get(ext::REGIONS))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|p| {
                    let text = |k: &str| {
                        p.get(k)
                            .and_then(Value::as_str)
                            .unwrap_or_default()
                            .to_string()
                    };
                    (text("environment"), text("region"))
                })
                .collect()
        })
        .unwrap_or_default();
    Some(Settings {
        slug,
        version,
        api_version,
        status: scp.status.unwrap_or(crate::vocab::Status::Current),
        supported_until: scp.supported_until.map(String::from),
        url,
        regions,
    })
}

/// The API version of a spec: the one SCP's keys name (`x-api-version` on its operations,
/// which [`crate::openapi::input`] made the document's `info.version`, or `x-scp-api-version`),
/// else `--api-version`, else `info.version` when it is one, else the plain form of
/// `info.version` (`0.0.1.dev530`, `v1` → `1`), reported. A spec is never refused for its
/// version's text; only a `--api-version` that is no version is an error.
fn api_version(
    spec: &openapiv3::OpenAPI,
    scp: &ext::ScpInfo,
    overrides: &Overrides,
    origin: &Location,
    diags: &mut Diagnostics,
) -> Option<crate::vocab::ApiVersion> {
    use crate::vocab::ApiVersion;
    let text = match (scp.version.map(str::trim), &overrides.api_version) {
        (Some(named), _) => named,
        (None, Some(flag)) => {
            return match ApiVersion::parse(flag.trim()) {
                Ok(v) => Some(v),
                Err(problem) => {
                    diags.error(
                        origin.clone(),
                        Rule::BadVersion,
                        format!("--api-version: {problem}; nothing is generated from this spec"),
                    );
                    None
                }
            }
        }
        (None, None) => spec.info.version.trim(),
    };
    if let Ok(v) = ApiVersion::parse(text) {
        return Some(v);
    }
    let plain = ApiVersion::plain(text);
    let place = match scp.version {
        Some(_) => format!("#/info/{}", ext::SCP_OPERATION_API_VERSION),
        None => "#/info/version".to_string(),
    };
    diags.warn(
        origin.clone(),
        Rule::VersionGuessed,
        format!(
            "{place}: {} is no API version (digits and dots){}; the version is {} (module {})",
            crate::markdown::code(text),
            if scp.version.is_some() {
                ""
            } else {
                " and no `x-api-version` or --api-version names one"
            },
            crate::markdown::code(plain.as_str()),
            crate::markdown::code(&super::names::version_module_text(plain.as_str()))
        ),
    );
    Some(plain)
}

/// The `Scp-Api-Version` values a spec's operations document for the header (an `enum` of
/// one value, a `default` or an `example`), by where: the client sends its own (the
/// settings' `api_version`), so a documented one that differs would be dropped silently.
pub fn check_documented_version(
    spec: &openapiv3::OpenAPI,
    settings: &Settings,
    origin: &Location,
    diags: &mut Diagnostics,
) {
    use openapiv3::ReferenceOr;
    let resolve = |p: &'_ ReferenceOr<openapiv3::Parameter>| -> Option<openapiv3::Parameter> {
        match p {
            ReferenceOr::Item(p) => Some(p.clone()),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/")?;
                match spec.components.as_ref()?.parameters.get(name)? {
                    ReferenceOr::Item(p) => Some(p.clone()),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    };
    let mut reported = std::collections::HashSet::new();
    for (path, method, op) in spec.operations() {
        let item_params = match spec.paths.paths.get(path) {
            Some(ReferenceOr::Item(item)) => item.parameters.as_slice(),
            _ => &[],
        };
        for p in item_params.iter().chain(&op.parameters).filter_map(resolve) {
            let (location, data) = crate::vocab::ParamIn::of(&p);
            if location != crate::vocab::ParamIn::Header
                || !data.name.eq_ignore_ascii_case("scp-api-version")
            {
                continue;
            }
            let documented = documented_value(&p);
            let Some(value) = documented.filter(|v| *v != settings.api_version) else {
                continue;
            };
            if reported.insert(value.clone()) {
                diags.warn(
                    origin.clone(),
                    Rule::ApiVersionHeader,
                    format!(
                        "#/paths/{}/{method}: the `{}` header is documented as {} but the client sends {} (from {}); check the spec's version",
                        super::params::pointer_segment(path),
                        data.name,
                        crate::markdown::code(&value),
                        crate::markdown::code(&settings.api_version),
                        if ext::ScpInfo::of(&spec.info).api_version.is_some() {
                            format!("#/info/{}", ext::API_VERSION)
                        } else {
                            "the service and #/info/version".into()
                        }
                    ),
                );
            }
        }
    }
}

/// The one value a parameter documents: its schema's only enum value, its default, or its
/// example.
fn documented_value(p: &openapiv3::Parameter) -> Option<String> {
    let (_, data) = crate::vocab::ParamIn::of(p);
    let schema = match &data.format {
        openapiv3::ParameterSchemaOrContent::Schema(openapiv3::ReferenceOr::Item(s)) => Some(s),
        _ => None,
    };
    let one_enum = schema.and_then(|s| match &s.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::String(t)) if t.enumeration.len() == 1 => {
            t.enumeration[0].clone()
        }
        _ => None,
    });
    one_enum
        .or_else(|| {
            schema
                .and_then(|s| s.schema_data.default.as_ref())
                .and_then(Value::as_str)
                .map(String::from)
        })
        .or_else(|| {
            data.example
                .as_ref()
                .and_then(Value::as_str)
                .map(String::from)
        })
}

/// The versions of one service must document one endpoint: the crate has one. Different
/// server URLs or region lists are reported, naming the one the client takes (the newest
/// version's).
pub fn check_one_endpoint(versions: &[(&super::SpecInput, Settings)], diags: &mut Diagnostics) {
    let Some((first_input, first)) = versions.first() else {
        return;
    };
    for (input, s) in &versions[1..] {
        if (s.url.as_str(), &s.regions) != (first.url.as_str(), &first.regions) {
            diags.warn(
                Location::new(&input.origin, 0),
                Rule::EndpointConflict,
                format!(
                    "#/servers: version {} of {} documents the endpoint {} (regions {:?}), version {} ({}) documents {} (regions {:?}); the crate has one endpoint and takes the latter (override it per client with a configured endpoint)",
                    s.version,
                    s.slug,
                    crate::markdown::code(&s.url),
                    s.regions,
                    first.version,
                    crate::diag::display_path(&first_input.origin).display(),
                    crate::markdown::code(&first.url),
                    first.regions
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    fn spec(yaml: &str) -> openapiv3::OpenAPI {
        serde_norway::from_str(yaml).unwrap()
    }

    fn at() -> Location {
        Location::new(&Arc::from(Path::new("s.yaml")), 0)
    }

    #[test]
    fn versions_from_scp_keys_then_the_flag_then_info_else_its_plain_form() {
        let version = |yaml: &str, flag: Option<&str>| {
            let mut diags = Diagnostics::new();
            let flags = Overrides {
                service: Some("svc".into()),
                endpoint: Some("http://x".into()),
                api_version: flag.map(String::from),
                ..Default::default()
            };
            let got = settings(&spec(yaml), &at(), &flags, &mut diags).map(|s| s.version.to_string());
            let found: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
            (got, found)
        };
        let root = "openapi: 3.0.3\ninfo: {title: T, version: 0.0.1.dev530}\npaths: {}\n";
        let (v, found) = version(root, None);
        assert_eq!(v.as_deref(), Some("0.0.1.dev530"));
        assert_eq!(found, ["s.yaml: warning: version-guessed: #/info/version: `0.0.1.dev530` is no API version (digits and dots) and no `x-api-version` or --api-version names one; the version is `0.0.1.dev530` (module `v0_0_1_dev530`)"]);
        assert_eq!(version(root, Some("1.3")), (Some("1.3".into()), vec![]));
        let (v, found) = version(root, Some("v1"));
        assert_eq!(v, None);
        assert!(found[0].contains("error: bad-version: --api-version: found `v1`"), "{found:?}");
        // SCP's key wins over the flag and over info; a key that is no version is guessed.
        let split = "openapi: 3.0.3\ninfo: {title: T, version: 0.0.1.dev530, x-api-version: '1.0'}\npaths: {}\n";
        assert_eq!(version(split, Some("1.3")), (Some("1.0".into()), vec![]));
        let beta = "openapi: 3.0.3\ninfo: {title: T, version: '2', x-api-version: Beta}\npaths: {}\n";
        let (v, found) = version(beta, Some("1.3"));
        assert_eq!(v.as_deref(), Some("beta"));
        assert_eq!(found, ["s.yaml: warning: version-guessed: #/info/x-api-version: `Beta` is no API version (digits and dots); the version is `beta` (module `v_beta`)"]);
    }

    #[test]
    fn scp_keys_then_flags_then_guesses() {
        let scp = spec("openapi: 3.0.3\ninfo: {title: API Gateway, version: '1.2', x-scp-service: apigateway, x-scp-status: DEPRECATED}\nservers: [{url: 'https://apigateway.{region}.{environment}.samsungsdscloud.com', x-scp-regions: [{environment: e, region: kr-west1}]}]\npaths: {}\n");
        let mut diags = Diagnostics::new();
        let flags = Overrides {
            service: Some("other".into()),
            endpoint: Some("http://x".into()),
            ..Default::default()
        };
        let s = settings(&scp, &at(), &flags, &mut diags).unwrap();
        assert_eq!(
            (s.slug.as_str(), s.api_version.as_str(), s.status.as_str()),
            ("apigateway", "apigateway 1.2", "DEPRECATED")
        );
        assert_eq!(s.regions, [("e".to_string(), "kr-west1".to_string())]);
        assert!(s.url.starts_with("https://apigateway."));
        let bare = spec("openapi: 3.0.3\ninfo: {title: Pet Store, version: '1.0'}\nservers: [{url: ''}]\npaths: {}\n");
        let s = settings(&bare, &at(), &flags, &mut diags).unwrap();
        assert_eq!(
            (s.slug.as_str(), s.url.as_str(), s.api_version.as_str()),
            ("other", "http://x", "other 1.0")
        );
        assert!(diags.sorted().is_empty());
        let s = settings(&bare, &at(), &Overrides::default(), &mut diags).unwrap();
        assert_eq!(s.slug, "petstore");
        let rules: Vec<&str> = diags.sorted().iter().map(|d| d.rule.id()).collect();
        assert_eq!(rules, ["endpoint-guessed", "slug-guessed"]);
    }
}
