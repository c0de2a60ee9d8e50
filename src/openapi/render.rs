//! Serialising a spec: YAML (default, through the maintained `serde_norway` fork of
//! serde_yaml) or JSON. Both are deterministic: every map in the model is insertion-ordered.

use anyhow::Context;
use openapiv3::OpenAPI;

use super::yaml11;

/// The output format of `spec`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Yaml,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Yaml => "yaml",
            Format::Json => "json",
        }
    }
}

/// The spec as text, ending with a newline.
pub fn render(document: &OpenAPI, format: Format) -> anyhow::Result<String> {
    let mut text = match format {
        Format::Yaml => yaml11::quote_for_yaml11(
            &serde_norway::to_string(document).context("serialising the spec as YAML")?,
        ),
        Format::Json => {
            serde_json::to_string_pretty(document).context("serialising the spec as JSON")?
        }
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}
