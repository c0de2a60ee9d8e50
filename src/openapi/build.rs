//! A service × API version → one `openapiv3::OpenAPI` document (ARCHITECTURE.md, OpenAPI mapping).

use crate::vocab::ext;
use std::collections::{BTreeSet, HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, Components, Info, MediaType, OpenAPI, Operation, Parameter, ParameterData,
    ParameterSchemaOrContent, PathItem, Paths, QueryStyle, ReferenceOr, RequestBody, Response,
    Responses, Schema, SchemaData, SchemaKind, SecurityScheme, Server, ServerVariable, StatusCode,
    StringType, Type,
};
use serde_json::{json, Value};

use super::schema::{model_schema, parameter_schema, type_schema};
use crate::extract::api::{
    ApiDoc, ApiVersion, Operation as Operation_, OperationVersion, ParamIn, Service,
};

/// One spec per service and API version, newest version first.
#[derive(Debug, Clone)]
pub struct Spec {
    pub service: String,
    pub version: String,
    pub document: OpenAPI,
}

/// The name of the shared `Scp-Api-Version` header parameter.
const API_VERSION_PARAM: &str = "ScpApiVersion";

/// The security schemes every request satisfies together.
const SECURITY: &[(&str, &str)] = &[
    ("ScpAccessKey", "Scp-AccessKey"),
    ("ScpSignature", "Scp-Signature"),
    ("ScpTimestamp", "Scp-Timestamp"),
];

const SIGNATURE_HELP: &str = "SCP signs every request with the account's access key. Send \
`Scp-AccessKey` (the access key), `Scp-Timestamp` (Unix time in milliseconds, as a decimal \
string), `Scp-ClientType: Openapi`, and `Scp-Signature` = \
base64(HMAC-SHA256(secret_key, METHOD + URL + timestamp + access_key + account_id + \"Openapi\")): \
plain concatenation, the method in upper case, URL the full URL exactly as sent (scheme, host, \
percent-encoded path, and `?` with the encoded query string when there is one), account_id the \
`Scp-AccountId` header's value or the empty string, standard base64 with padding.";

pub fn build(api: &ApiDoc) -> Vec<Spec> {
    let mut out = Vec::new();
    for service in &api.services {
        let cx = ServiceIndex::new(service);
        for version in service.all_versions() {
            out.push(Spec {
                service: service.slug.clone(),
                version: version.clone(),
                document: build_version(service, &cx, &version),
            });
        }
    }
    out
}

/// What every version's spec asks of the service, worked out once: a service with many
/// versions and operations is built in time linear in what is written.
struct ServiceIndex<'s> {
    /// Per version, the operations documenting it and their variant, in the doc's order.
    variants: HashMap<&'s str, Vec<(&'s Operation_, &'s OperationVersion)>>,
    /// The models some operation of some version uses.
    used_anywhere: BTreeSet<String>,
    /// The Version table's rows by version (the first of a version).
    listed: HashMap<&'s str, &'s ApiVersion>,
}

impl<'s> ServiceIndex<'s> {
    fn new(service: &'s Service) -> Self {
        let mut variants: HashMap<&str, Vec<_>> = HashMap::new();
        for op in &service.operations {
            let mut seen: HashSet<&str> = HashSet::new();
            for v in &op.variants {
                // The first variant of a version, as a lookup by version finds it.
                if seen.insert(&v.version) {
                    variants
                        .entry(v.version.as_str())
                        .or_default()
                        .push((op, v));
                }
            }
        }
        let mut listed = HashMap::new();
        for v in &service.versions {
            listed.entry(v.version.as_str()).or_insert(v);
        }
        ServiceIndex {
            variants,
            used_anywhere: service.models_used_by_operations(),
            listed,
        }
    }
}

fn build_version(service: &Service, cx: &ServiceIndex, version: &str) -> OpenAPI {
    let documented = cx
        .variants
        .get(version)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let listed = cx.listed.get(version).copied();
    let status = listed.map(|v| v.status.clone()).or_else(|| {
        documented
            .first()
            .and_then(|(_, v)| v.state.as_ref().map(|s| s.1.clone()))
    });
    let deprecated_version = status
        .as_deref()
        .is_some_and(|s| crate::vocab::Status::parse(s).is_deprecated());

    let mut info = Info {
        // A page of one operation version names no service title: the slug stands in.
        title: if service.title.is_empty() {
            service.slug.clone()
        } else {
            service.title.clone()
        },
        description: Some(service.overview.clone()).filter(|o| !o.is_empty()),
        version: version.to_string(),
        ..Default::default()
    };
    info.extensions
        .insert(ext::SERVICE.into(), json!(service.slug));
    info.extensions.insert(
        ext::API_VERSION.into(),
        json!(format!("{} {version}", service.slug)),
    );
    if let Some(s) = &status {
        info.extensions.insert(ext::STATUS.into(), json!(s));
    }
    if let Some(until) = listed.and_then(|v| v.supported_until.clone()) {
        info.extensions
            .insert(ext::SUPPORTED_UNTIL.into(), json!(until));
    }

    let mut paths: IndexMap<String, ReferenceOr<PathItem>> = IndexMap::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for &(op, v) in documented {
        let mut parameters = vec![ReferenceOr::ref_(&format!(
            "#/components/parameters/{API_VERSION_PARAM}"
        ))];
        for p in &v.parameters {
            used.extend(p.field.ty.refs().into_iter().map(String::from));
            let data = ParameterData {
                name: p.field.name.clone(),
                description: p.field.description.clone(),
                required: p.field.required,
                deprecated: None,
                format: ParameterSchemaOrContent::Schema(parameter_schema(&p.field)),
                example: p.field.example.clone(),
                examples: Default::default(),
                explode: None,
                extensions: Default::default(),
            };
            parameters.push(ReferenceOr::Item(match p.location {
                ParamIn::Path => Parameter::Path {
                    parameter_data: data,
                    style: Default::default(),
                },
                ParamIn::Query => Parameter::Query {
                    parameter_data: data,
                    allow_reserved: false,
                    style: QueryStyle::Form,
                    allow_empty_value: None,
                },
                ParamIn::Header => Parameter::Header {
                    parameter_data: data,
                    style: Default::default(),
                },
                ParamIn::Cookie => Parameter::Cookie {
                    parameter_data: data,
                    style: Default::default(),
                },
            }));
        }
        let request_body = v.body.as_ref().map(|b| {
            used.extend(b.ty.refs().into_iter().map(String::from));
            ReferenceOr::Item(RequestBody {
                description: b.description.clone(),
                content: json_content(
                    type_schema(&b.ty),
                    v.request_example.as_ref().map(|e| e.value.clone()),
                ),
                required: b.required,
                extensions: Default::default(),
            })
        });
        let mut responses = Responses::default();
        for r in &v.responses {
            let content = match &r.ty {
                Some(ty) => {
                    used.extend(ty.refs().into_iter().map(String::from));
                    let example = v
                        .response_examples
                        .iter()
                        .find(|(c, _)| *c == r.code)
                        .map(|(_, e)| e.value.clone());
                    json_content(type_schema(ty), example)
                }
                None => IndexMap::new(),
            };
            let response = ReferenceOr::Item(Response {
                description: if r.description.is_empty() {
                    r.code.clone()
                } else {
                    r.description.clone()
                },
                content,
                ..Default::default()
            });
            match r.code.parse::<u16>() {
                Ok(code) => {
                    responses.responses.insert(StatusCode::Code(code), response);
                }
                Err(_) => responses.default = Some(response),
            }
        }
        if responses.responses.is_empty() && responses.default.is_none() {
            responses.default = Some(ReferenceOr::Item(Response {
                description: "No responses documented".into(),
                ..Default::default()
            }));
        }
        let operation = Operation {
            summary: Some(op.title.clone()),
            description: v.description.clone(),
            operation_id: Some(op.operation_id.clone()),
            parameters,
            request_body,
            responses,
            deprecated: deprecated_version
                || v.state
                    .as_ref()
                    .is_some_and(|s| crate::vocab::Status::parse(&s.1).is_deprecated()),
            ..Default::default()
        };
        let ReferenceOr::Item(item) = paths
            .entry(v.path.clone())
            .or_insert_with(|| ReferenceOr::Item(PathItem::default()))
        else {
            continue;
        };
        *v.method.slot(item) = Some(operation);
    }

    OpenAPI {
        openapi: "3.0.3".into(),
        info,
        servers: servers(service),
        paths: Paths {
            paths,
            extensions: Default::default(),
        },
        components: Some(components(service, cx, version, &used)),
        security: Some(vec![SECURITY
            .iter()
            .map(|(name, _)| (name.to_string(), Vec::new()))
            .collect()]),
        ..Default::default()
    }
}

fn json_content(
    schema: ReferenceOr<Schema>,
    example: Option<Value>,
) -> IndexMap<String, MediaType> {
    let mut content = IndexMap::new();
    content.insert(
        "application/json".to_string(),
        MediaType {
            schema: Some(schema),
            example,
            ..Default::default()
        },
    );
    content
}

/// The documented URL with `region` and `environment` variables from the region list.
fn servers(service: &Service) -> Vec<Server> {
    let Some(url) = &service.url else {
        return Vec::new();
    };
    let mut variables = IndexMap::new();
    let mut add = |name: &str, values: Vec<String>, description: &str| {
        if url.contains(&format!("{{{name}}}")) && !values.is_empty() {
            variables.insert(
                name.to_string(),
                ServerVariable {
                    enumeration: values.clone(),
                    default: values[0].clone(),
                    description: Some(description.to_string()),
                    extensions: Default::default(),
                },
            );
        }
    };
    // In order of first appearance; the sets keep long region lists linear.
    let mut envs: Vec<String> = Vec::new();
    let mut regions: Vec<String> = Vec::new();
    let mut seen: HashSet<(bool, &str)> = HashSet::new();
    for (env, region) in &service.regions {
        if seen.insert((false, env)) {
            envs.push(env.clone());
        }
        if let Some(r) = region.as_ref().filter(|r| seen.insert((true, r))) {
            regions.push(r.clone());
        }
    }
    add(
        "environment",
        envs,
        "s: for Samsung, g: for Sovereign, e: for Enterprise",
    );
    add(
        "region",
        regions,
        "Region; see x-scp-regions for the pairs each environment offers",
    );
    let mut server = Server {
        url: url.clone(),
        description: None,
        variables: Some(variables).filter(|v| !v.is_empty()),
        extensions: Default::default(),
    };
    if !service.regions.is_empty() {
        let pairs: Vec<Value> = service
            .regions
            .iter()
            .map(|(env, region)| match region {
                Some(r) => json!({"environment": env, "region": r}),
                None => json!({"environment": env}),
            })
            .collect();
        server
            .extensions
            .insert(ext::REGIONS.into(), Value::Array(pairs));
    }
    vec![server]
}

fn components(
    service: &Service,
    cx: &ServiceIndex,
    version: &str,
    used: &BTreeSet<String>,
) -> Components {
    let mut c = Components::default();
    // Models this version needs (transitively), plus models no operation of any version
    // needs: they are part of the doc and must not be lost.
    let anywhere = &cx.used_anywhere;
    let unused = service
        .models
        .iter()
        .map(|m| m.name.clone())
        .filter(|n| !anywhere.contains(n));
    let wanted = service.model_closure(used.iter().cloned().chain(unused));
    for m in &service.models {
        if wanted.contains(&m.name) {
            c.schemas
                .insert(m.name.clone(), ReferenceOr::Item(model_schema(m)));
        }
    }

    let value = format!("{} {version}", service.slug);
    c.parameters.insert(
        API_VERSION_PARAM.into(),
        ReferenceOr::Item(Parameter::Header {
            parameter_data: ParameterData {
                name: "Scp-Api-Version".into(),
                description: Some(
                    "The API version this call is written against: `<service> <version>`.".into(),
                ),
                required: true,
                deprecated: None,
                format: ParameterSchemaOrContent::Schema(ReferenceOr::Item(Schema {
                    schema_data: SchemaData::default(),
                    schema_kind: SchemaKind::Type(Type::String(StringType {
                        enumeration: vec![Some(value.clone())],
                        ..Default::default()
                    })),
                })),
                example: Some(json!(value)),
                examples: Default::default(),
                explode: None,
                extensions: Default::default(),
            },
            style: Default::default(),
        }),
    );
    for (i, (scheme, header)) in SECURITY.iter().enumerate() {
        let description = if i == 0 {
            SIGNATURE_HELP.to_string()
        } else {
            format!("See ScpAccessKey: `{header}` is part of the SCP request signature.")
        };
        c.security_schemes.insert(
            scheme.to_string(),
            ReferenceOr::Item(SecurityScheme::APIKey {
                location: APIKeyLocation::Header,
                name: header.to_string(),
                description: Some(description),
                extensions: Default::default(),
            }),
        );
    }
    c
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;

    /// The documents of a small page (one service, two versions), read through the real stages.
    fn specs(page: &str) -> Vec<Spec> {
        let mut diags = crate::diag::Diagnostics::new();
        let source = crate::doc::SourceText {
            path: Arc::from(Path::new("page.txt")),
            text: page.to_string(),
        };
        let docs: Vec<_> = crate::pipeline::read_in_form(&source, None, &mut diags)
            .into_iter()
            .collect();
        let api = crate::extract::extract(&docs, &mut diags);
        assert!(!diags.has_errors(), "{:?}", diags.sorted());
        build(&api)
    }

    const PAGE: &str = "1 - Thing Service\nVersion\n| Version | Status | Supported Until |\n|---|---|---|\n| 1.0 | DEPRECATED | 20251231 |\n| 1.1 | CURRENT | - |\nOpenAPI URL\nhttps://things.{region}.{environment}.samsungsdscloud.com\nEnvironment and Region List\n| environment | region |\n|---|---|\n| e | kr-west1 |\n1.1 - APIs\n1.1.1 - Show Thing\n1.1.1.1 - 1.1\nget /v1/things/{thing_id}\nDescription\n조회\n상태 ACTIVE (CURRENT)\nParameters\n| Type | Name | Description | Schema | Default |\n|---|---|---|---|---|\n| path | thing_id required | ID | string | None |\nResponses\n| HTTP Code | Description | Schema |\n|---|---|---|\n| 200 | OK | Thing |\n1.1.1.2 - 1.0\nget /v1/things/{thing_id}\nDescription\n조회\n상태 ACTIVE (DEPRECATED)\nParameters\n| Type | Name | Description | Schema | Default |\n|---|---|---|---|---|\n| path | thing_id required | ID | string | None |\nResponses\n| HTTP Code | Description | Schema |\n|---|---|---|\n| 200 | OK | Thing |\n1.2 - Models\n1.2.1 - Thing\n| Name | Description | Schema | Default |\n|---|---|---|---|\n| id required | ID | string | |\n| size optional | 크기 Minimum : 1Maximum : 9 | any of [integer, null] | |\n";

    #[test]
    fn one_document_per_version_with_the_scp_keys() {
        let specs = specs(PAGE);
        let keys: Vec<(String, String)> = specs
            .iter()
            .map(|s| (s.service.clone(), s.version.clone()))
            .collect();
        assert_eq!(
            keys,
            [
                ("things".to_string(), "1.1".to_string()),
                ("things".to_string(), "1.0".to_string())
            ]
        );
        let old = &specs[1].document;
        assert_eq!(old.openapi, "3.0.3");
        assert_eq!(old.info.extensions[ext::API_VERSION], json!("things 1.0"));
        assert_eq!(old.info.extensions[ext::STATUS], json!("DEPRECATED"));
        assert_eq!(
            old.info.extensions[ext::SUPPORTED_UNTIL],
            json!("2025-12-31")
        );
        let (_, _, op) = old.operations().next().unwrap();
        assert!(
            op.deprecated,
            "a DEPRECATED version's operations are deprecated"
        );
        let server = &old.servers[0];
        assert_eq!(
            server.extensions[ext::REGIONS],
            json!([{"environment": "e", "region": "kr-west1"}])
        );
    }

    #[test]
    fn every_operation_requires_its_api_version_header_and_models_keep_constraints() {
        let specs = specs(PAGE);
        let doc = serde_json::to_value(&specs[0].document).unwrap();
        let op = &doc["paths"]["/v1/things/{thing_id}"]["get"];
        assert_eq!(op["operationId"], json!("show_thing"));
        let params = op["parameters"].as_array().unwrap();
        assert!(
            params
                .iter()
                .any(|p| p["$ref"] == json!("#/components/parameters/ScpApiVersion")),
            "{params:?}"
        );
        let header = &doc["components"]["parameters"]["ScpApiVersion"];
        assert_eq!(
            (header["in"].clone(), header["required"].clone()),
            (json!("header"), json!(true))
        );
        assert_eq!(header["schema"]["enum"], json!(["things 1.1"]));
        let size = &doc["components"]["schemas"]["Thing"]["properties"]["size"];
        assert_eq!(
            (
                size["minimum"].clone(),
                size["maximum"].clone(),
                size["nullable"].clone()
            ),
            (json!(1), json!(9), json!(true))
        );
        assert_eq!(
            doc["components"]["schemas"]["Thing"]["required"],
            json!(["id"])
        );
    }
}
