//! Synthetic OpenAPI 3.0 specs of the size and shape of two real ones scpgen is measured on
//! (the real files stay out of the repository, see ../shared/specs for manual runs):
//!
//! - [`Shape::Nexus`], like Oxide's nexus.json (436 KB, 193 operations): resources nested
//!   under `/v1/projects/{project}/...`, paginated lists (`limit`, `page_token`, `sort_by`
//!   with `ResultsPage` answers holding `items` and `next_page`), bodies by `$ref`, tagged
//!   `oneOf` unions, `allOf` wrappers around references, uuid / date-time / uint formats, a
//!   shared `Error` response;
//! - [`Shape::GitHub`], like GitHub's REST description (3.7 MB, ~770 operations): shared
//!   `components/parameters` (`owner`, `repo`, `per-page`, `page`), big inline answers with
//!   nullable and `anyOf` fields, long descriptions, enums of many values, examples.
//!
//! Each resource gives five operations (list, create, get, update, delete), so the number
//! of operations is five times `resources`. Deterministic: the same arguments give the same
//! bytes.

use serde_json::{json, Map, Value};

#[derive(Debug, Clone, Copy)]
pub enum Shape {
    Nexus,
    GitHub,
}

/// The spec as JSON text.
pub fn spec(shape: Shape, resources: usize) -> String {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    for r in 0..resources {
        match shape {
            Shape::Nexus => nexus_resource(r, &mut paths, &mut schemas),
            Shape::GitHub => github_resource(r, &mut paths, &mut schemas),
        }
    }
    let mut components = json!({ "schemas": schemas });
    match shape {
        Shape::Nexus => {
            components["schemas"]["Error"] = json!({
                "description": "Error information from a response.",
                "type": "object",
                "properties": {
                    "error_code": { "type": "string" },
                    "message": { "type": "string" },
                    "request_id": { "type": "string" }
                },
                "required": ["message", "request_id"]
            });
            components["responses"] = json!({
                "Error": {
                    "description": "Error",
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } }
                }
            });
            components["schemas"]["NameOrId"] = json!({
                "oneOf": [
                    { "title": "id", "allOf": [{ "type": "string", "format": "uuid" }] },
                    { "title": "name", "allOf": [{ "$ref": "#/components/schemas/Name" }] }
                ]
            });
            components["schemas"]["Name"] = json!({
                "title": "A name unique within the parent collection",
                "type": "string",
                "pattern": "^(?![0-9a-fA-F]{8}-)^[a-z]([a-zA-Z0-9-]*[a-zA-Z0-9]+)?$",
                "minLength": 1,
                "maxLength": 63
            });
            components["schemas"]["IdSortMode"] = json!({
                "description": "Supported set of sort modes for scanning by id only.",
                "oneOf": [{ "description": "sort in increasing order of \"id\"", "type": "string", "enum": ["id_ascending"] }]
            });
        }
        Shape::GitHub => {
            components["parameters"] = json!({
                "owner": { "name": "owner", "in": "path", "required": true, "description": "The account owner of the repository. The name is not case sensitive.", "schema": { "type": "string" } },
                "repo": { "name": "repo", "in": "path", "required": true, "description": "The name of the repository without the `.git` extension. The name is not case sensitive.", "schema": { "type": "string" } },
                "per-page": { "name": "per_page", "in": "query", "description": "The number of results per page (max 100).", "schema": { "type": "integer", "default": 30 } },
                "page": { "name": "page", "in": "query", "description": "The page number of the results to fetch.", "schema": { "type": "integer", "default": 1 } }
            });
            components["schemas"]["simple-user"] = json!({
                "title": "Simple User",
                "description": "A GitHub user.",
                "type": "object",
                "properties": {
                    "name": { "type": "string", "nullable": true },
                    "email": { "type": "string", "nullable": true },
                    "login": { "type": "string", "example": "octocat" },
                    "id": { "type": "integer", "format": "int64", "example": 1 },
                    "node_id": { "type": "string", "example": "MDQ6VXNlcjE=" },
                    "avatar_url": { "type": "string", "format": "uri" },
                    "site_admin": { "type": "boolean" }
                },
                "required": ["login", "id", "node_id", "avatar_url", "site_admin"]
            });
        }
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": {
            "title": match shape { Shape::Nexus => "Oxide Region API (synthetic)", Shape::GitHub => "GitHub v3 REST API (synthetic)" },
            "version": match shape { Shape::Nexus => "20251208.0.0", Shape::GitHub => "1.1.4" },
            "description": "A synthetic spec of a real one's size and shape, for benchmarks."
        },
        "servers": [{ "url": "https://api.example.com" }],
        "paths": paths,
        "components": components
    });
    serde_json::to_string_pretty(&doc).expect("JSON")
}

fn nexus_resource(r: usize, paths: &mut Map<String, Value>, schemas: &mut Map<String, Value>) {
    let name = format!("Widget{r}");
    let snake = format!("widget{r}");
    let page = format!("{name}ResultsPage");
    let create = format!("{name}Create");
    let update = format!("{name}Update");
    let state = format!("{name}State");
    let error = json!({ "$ref": "#/components/responses/Error" });
    let answer = |schema: &str| json!({ "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } });
    let project = json!({ "in": "path", "name": "project", "description": "Name or ID of the project", "required": true, "schema": { "$ref": "#/components/schemas/NameOrId" } });
    let item = json!({ "in": "path", "name": snake, "description": format!("Name or ID of the {snake}"), "required": true, "schema": { "$ref": "#/components/schemas/NameOrId" } });
    paths.insert(
        format!("/v1/projects/{{project}}/{snake}s"),
        json!({
            "get": {
                "tags": [snake], "summary": format!("List {snake}s"), "operationId": format!("{snake}_list"),
                "parameters": [
                    project,
                    { "in": "query", "name": "limit", "description": "Maximum number of items returned by a single call", "schema": { "nullable": true, "type": "integer", "format": "uint32", "minimum": 1 } },
                    { "in": "query", "name": "page_token", "description": "Token returned by previous call to retrieve the subsequent page", "schema": { "nullable": true, "type": "string" } },
                    { "in": "query", "name": "sort_by", "schema": { "$ref": "#/components/schemas/IdSortMode" } }
                ],
                "responses": { "200": { "description": "successful operation", "content": answer(&page) }, "4XX": error, "5XX": error },
                "x-dropshot-pagination": { "required": [] }
            },
            "post": {
                "tags": [snake], "summary": format!("Create a {snake}"), "operationId": format!("{snake}_create"),
                "parameters": [project],
                "requestBody": { "content": answer(&create), "required": true },
                "responses": { "201": { "description": "successful creation", "content": answer(&name) }, "4XX": error, "5XX": error }
            }
        }),
    );
    paths.insert(
        format!("/v1/projects/{{project}}/{snake}s/{{{snake}}}"),
        json!({
            "get": {
                "tags": [snake], "summary": format!("Fetch a {snake}"), "operationId": format!("{snake}_view"),
                "parameters": [project, item],
                "responses": { "200": { "description": "successful operation", "content": answer(&name) }, "4XX": error, "5XX": error }
            },
            "put": {
                "tags": [snake], "summary": format!("Update a {snake}"), "operationId": format!("{snake}_update"),
                "parameters": [project, item],
                "requestBody": { "content": answer(&update), "required": true },
                "responses": { "200": { "description": "successful operation", "content": answer(&name) }, "4XX": error, "5XX": error }
            },
            "delete": {
                "tags": [snake], "summary": format!("Delete a {snake}"), "operationId": format!("{snake}_delete"),
                "parameters": [project, item],
                "responses": { "204": { "description": "successful deletion" }, "4XX": error, "5XX": error }
            }
        }),
    );
    schemas.insert(
        name.clone(),
        json!({
            "description": format!("View of a {snake}"),
            "type": "object",
            "properties": {
                "id": { "description": "unique, immutable, system-controlled identifier for each resource", "type": "string", "format": "uuid" },
                "name": { "description": "unique, mutable, user-controlled identifier for each resource", "allOf": [{ "$ref": "#/components/schemas/Name" }] },
                "description": { "description": "human-readable free-form text about a resource", "type": "string" },
                "ncpus": { "type": "integer", "format": "uint16", "minimum": 0 },
                "memory": { "type": "integer", "format": "uint64", "minimum": 0 },
                "run_state": { "$ref": format!("#/components/schemas/{state}") },
                "time_created": { "description": "timestamp when this resource was created", "type": "string", "format": "date-time" },
                "time_modified": { "description": "timestamp when this resource was last modified", "type": "string", "format": "date-time" },
                "boot_disk_id": { "nullable": true, "type": "string", "format": "uuid" }
            },
            "required": ["id", "name", "description", "ncpus", "memory", "run_state", "time_created", "time_modified"]
        }),
    );
    schemas.insert(
        create,
        json!({
            "description": format!("Create-time parameters for a {snake}"),
            "type": "object",
            "properties": {
                "name": { "$ref": "#/components/schemas/Name" },
                "description": { "type": "string" },
                "ncpus": { "type": "integer", "format": "uint16", "minimum": 0 },
                "memory": { "type": "integer", "format": "uint64", "minimum": 0 },
                "start": { "description": "Should this instance be started upon creation", "default": true, "type": "boolean" },
                "ssh_public_keys": { "nullable": true, "type": "array", "items": { "$ref": "#/components/schemas/NameOrId" } }
            },
            "required": ["name", "description", "ncpus", "memory"]
        }),
    );
    schemas.insert(
        update,
        json!({
            "type": "object",
            "properties": {
                "ncpus": { "type": "integer", "format": "uint16", "minimum": 0 },
                "memory": { "type": "integer", "format": "uint64", "minimum": 0 },
                "auto_restart_policy": { "nullable": true, "allOf": [{ "$ref": format!("#/components/schemas/{state}") }] }
            },
            "required": ["ncpus", "memory"]
        }),
    );
    schemas.insert(
        state,
        json!({
            "description": "Running state of a resource",
            "oneOf": [
                { "description": "The resource is being created", "type": "string", "enum": ["creating"] },
                { "description": "The resource is running", "type": "string", "enum": ["running"] },
                { "description": "The resource is stopped", "type": "string", "enum": ["stopped"] },
                { "description": "The resource failed", "type": "object", "properties": { "type": { "type": "string", "enum": ["failed"] }, "reason": { "type": "string" } }, "required": ["type", "reason"] }
            ]
        }),
    );
    schemas.insert(
        page,
        json!({
            "description": "A single page of results",
            "type": "object",
            "properties": {
                "items": { "description": "list of items on this page of results", "type": "array", "items": { "$ref": format!("#/components/schemas/{name}") } },
                "next_page": { "nullable": true, "description": "token used to fetch the next page of results (if any)", "type": "string" }
            },
            "required": ["items"]
        }),
    );
}

fn github_resource(r: usize, paths: &mut Map<String, Value>, schemas: &mut Map<String, Value>) {
    let kebab = format!("thing-{r}");
    let snake = format!("thing_{r}");
    let schema = format!("repo-{kebab}");
    let owner = json!({ "$ref": "#/components/parameters/owner" });
    let repo = json!({ "$ref": "#/components/parameters/repo" });
    let id = json!({ "name": format!("{snake}_id"), "in": "path", "required": true, "description": format!("The unique identifier of the {kebab}."), "schema": { "type": "integer" } });
    let description = "Lists the resources of a repository. Anyone with read access to the repository can use this endpoint. OAuth app tokens and personal access tokens (classic) need the `repo` scope to use this endpoint with a private repository. ".repeat(3);
    let one = json!({ "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") }, "examples": { "default": { "value": { "id": 1, "node_id": "MDQ6VXNlcjE=", "state": "open", "title": "Found a bug", "body": "I'm having a problem with this.", "locked": false } } } } });
    let list = json!({ "application/json": { "schema": { "type": "array", "items": { "$ref": format!("#/components/schemas/{schema}") } } } });
    let body = json!({ "required": true, "content": { "application/json": { "schema": {
        "type": "object",
        "properties": {
            "title": { "description": "The title of the resource.", "oneOf": [{ "type": "string" }, { "type": "integer" }] },
            "body": { "type": "string", "description": "The contents of the resource." },
            "assignees": { "type": "array", "description": "Logins for Users to assign.", "items": { "type": "string" } },
            "milestone": { "oneOf": [{ "type": "string" }, { "type": "integer", "description": "The number of the milestone." }], "nullable": true },
            "labels": { "type": "array", "items": { "oneOf": [{ "type": "string" }, { "type": "object", "properties": { "id": { "type": "integer" }, "name": { "type": "string" }, "color": { "type": "string", "nullable": true } } }] } }
        },
        "required": ["title"]
    } } } });
    paths.insert(
        format!("/repos/{{owner}}/{{repo}}/{kebab}s"),
        json!({
            "get": {
                "summary": format!("List {kebab}s"), "description": description, "tags": [kebab], "operationId": format!("{kebab}/list"),
                "parameters": [owner, repo,
                    { "name": "state", "in": "query", "description": "Indicates the state to return.", "schema": { "type": "string", "enum": ["open", "closed", "all"], "default": "open" } },
                    { "name": "since", "in": "query", "description": "Only show results updated after the given time.", "schema": { "type": "string", "format": "date-time" } },
                    { "$ref": "#/components/parameters/per-page" }, { "$ref": "#/components/parameters/page" }],
                "responses": { "200": { "description": "Response", "content": list }, "301": { "description": "Moved permanently" }, "404": { "description": "Resource not found" } }
            },
            "post": {
                "summary": format!("Create a {kebab}"), "description": description, "tags": [kebab], "operationId": format!("{kebab}/create"),
                "parameters": [owner, repo], "requestBody": body,
                "responses": { "201": { "description": "Response", "content": one }, "403": { "description": "Forbidden" }, "422": { "description": "Validation failed" } }
            }
        }),
    );
    paths.insert(
        format!("/repos/{{owner}}/{{repo}}/{kebab}s/{{{snake}_id}}"),
        json!({
            "get": {
                "summary": format!("Get a {kebab}"), "description": description, "tags": [kebab], "operationId": format!("{kebab}/get"),
                "parameters": [owner, repo, id],
                "responses": { "200": { "description": "Response", "content": one }, "304": { "description": "Not modified" }, "404": { "description": "Resource not found" } }
            },
            "patch": {
                "summary": format!("Update a {kebab}"), "description": description, "tags": [kebab], "operationId": format!("{kebab}/update"),
                "parameters": [owner, repo, id], "requestBody": body,
                "responses": { "200": { "description": "Response", "content": one }, "422": { "description": "Validation failed" } }
            },
            "delete": {
                "summary": format!("Delete a {kebab}"), "description": description, "tags": [kebab], "operationId": format!("{kebab}/delete"),
                "parameters": [owner, repo, id],
                "responses": { "204": { "description": "Response" }, "404": { "description": "Resource not found" } }
            }
        }),
    );
    let mut properties = Map::new();
    properties.insert("id".into(), json!({ "type": "integer", "format": "int64" }));
    properties.insert("node_id".into(), json!({ "type": "string" }));
    properties.insert("url".into(), json!({ "type": "string", "format": "uri" }));
    properties.insert("state".into(), json!({ "description": "State of the resource; either 'open' or 'closed'", "type": "string", "enum": ["open", "closed"] }));
    properties.insert("state_reason".into(), json!({ "type": "string", "nullable": true, "enum": ["completed", "reopened", "not_planned", null] }));
    properties.insert("title".into(), json!({ "type": "string" }));
    properties.insert("body".into(), json!({ "type": "string", "nullable": true }));
    properties.insert(
        "user".into(),
        json!({ "anyOf": [{ "type": "null" }, { "$ref": "#/components/schemas/simple-user" }] }),
    );
    properties.insert("assignees".into(), json!({ "type": "array", "items": { "$ref": "#/components/schemas/simple-user" }, "nullable": true }));
    properties.insert("locked".into(), json!({ "type": "boolean" }));
    properties.insert("comments".into(), json!({ "type": "integer" }));
    properties.insert(
        "created_at".into(),
        json!({ "type": "string", "format": "date-time" }),
    );
    properties.insert(
        "closed_at".into(),
        json!({ "type": "string", "format": "date-time", "nullable": true }),
    );
    properties.insert("author_association".into(), json!({ "type": "string", "enum": ["COLLABORATOR", "CONTRIBUTOR", "FIRST_TIMER", "FIRST_TIME_CONTRIBUTOR", "MANNEQUIN", "MEMBER", "NONE", "OWNER"] }));
    properties.insert("reactions".into(), json!({ "type": "object", "properties": { "url": { "type": "string" }, "total_count": { "type": "integer" }, "+1": { "type": "integer" }, "-1": { "type": "integer" }, "laugh": { "type": "integer" }, "confused": { "type": "integer" }, "heart": { "type": "integer" }, "hooray": { "type": "integer" }, "eyes": { "type": "integer" }, "rocket": { "type": "integer" } }, "required": ["url", "total_count"] }));
    for k in 0..12 {
        properties.insert(format!("{kebab}_extra_{k}_url"), json!({ "type": "string", "format": "uri", "example": format!("https://api.github.com/repos/octocat/Hello-World/{kebab}s/1347/{k}") }));
    }
    schemas.insert(
        schema,
        json!({
            "title": format!("Repository {kebab}"),
            "description": format!("The {kebab} of a repository: {description}"),
            "type": "object",
            "properties": properties,
            "required": ["id", "node_id", "url", "state", "title", "user", "locked", "comments", "created_at", "author_association"]
        }),
    );
}
