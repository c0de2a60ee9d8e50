//! A service × API version → one `openapiv3::OpenAPI` document (DESIGN.md, OpenAPI mapping).

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
    let deprecated_version = status.as_deref() == Some("DEPRECATED");

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
        .insert("x-scp-service".into(), json!(service.slug));
    info.extensions.insert(
        "x-scp-api-version".into(),
        json!(format!("{} {version}", service.slug)),
    );
    if let Some(s) = &status {
        info.extensions.insert("x-scp-status".into(), json!(s));
    }
    if let Some(until) = listed.and_then(|v| v.supported_until.clone()) {
        info.extensions
            .insert("x-scp-supported-until".into(), json!(until));
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
            deprecated: deprecated_version || v.state.as_ref().is_some_and(|s| s.1 == "DEPRECATED"),
            ..Default::default()
        };
        let ReferenceOr::Item(item) = paths
            .entry(v.path.clone())
            .or_insert_with(|| ReferenceOr::Item(PathItem::default()))
        else {
            continue;
        };
        let slot = match v.method.as_str() {
            "GET" => &mut item.get,
            "PUT" => &mut item.put,
            "POST" => &mut item.post,
            "DELETE" => &mut item.delete,
            "PATCH" => &mut item.patch,
            "HEAD" => &mut item.head,
            "OPTIONS" => &mut item.options,
            _ => &mut item.trace,
        };
        *slot = Some(operation);
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
            .insert("x-scp-regions".into(), Value::Array(pairs));
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
