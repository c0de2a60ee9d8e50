//! One API version of a crate, as its spec says: what the modules, the front page and the
//! README name it by.

use openapiv3::OpenAPI;

use super::settings::Settings;
use crate::markdown as md;

/// One API version of the service, as its spec says.
pub struct Version<'a> {
    pub spec: &'a OpenAPI,
    pub version: String,
    pub api_version: crate::vocab::ApiVersion,
    pub status: crate::vocab::Status,
    pub supported_until: Option<String>,
}

impl<'a> Version<'a> {
    pub fn of(spec: &'a OpenAPI, settings: &Settings) -> Self {
        Version {
            spec,
            version: settings.version.to_string(),
            api_version: settings.version.clone(),
            status: settings.status.clone(),
            supported_until: settings.supported_until.clone(),
        }
    }

    /// `1.2 (CURRENT, supported until 2025-12-31)`, as Markdown (the status and date come
    /// from the spec, so they are escaped).
    pub fn label(&self) -> String {
        match &self.supported_until {
            Some(d) => format!(
                "{} ({}, supported until {})",
                md::text(&self.version),
                md::text(self.status.as_str()),
                md::text(d)
            ),
            None => format!(
                "{} ({})",
                md::text(&self.version),
                md::text(self.status.as_str())
            ),
        }
    }
}

