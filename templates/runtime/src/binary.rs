//! Bytes as they are: a file to upload, an image or archive an answer carries. A request body
//! of a byte media type (`application/octet-stream`, `image/png`, `*/*`) is a [`Binary`], so
//! is a file part of a multipart body (`type: string, format: binary`) and the answer of an
//! operation that answers bytes.

use std::cell::RefCell;
use std::fmt;

use base64::Engine as _;
use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Bytes, with the file name and media type they are sent with (or came with).
///
/// ```
/// let file = scp_runtime::Binary::new(b"hello".to_vec())
///     .with_file_name("hello.txt")
///     .with_media_type("text/plain");
/// assert_eq!(file.as_bytes(), b"hello");
/// ```
///
/// In a JSON document (a model field of `format: binary`), the bytes are standard base64
/// text; the file name and media type are not sent.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Binary {
    bytes: Bytes,
    file_name: Option<String>,
    media_type: Option<String>,
}

impl Binary {
    /// The bytes, with no file name or media type.
    pub fn new(bytes: impl Into<Bytes>) -> Self {
        Binary {
            bytes: bytes.into(),
            file_name: None,
            media_type: None,
        }
    }

    /// The file name a multipart part is sent with (`filename=` of its disposition).
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The media type the bytes are sent with (`image/png`); else the operation's documented
    /// one, or `application/octet-stream`.
    pub fn with_media_type(mut self, media_type: impl Into<String>) -> Self {
        self.media_type = Some(media_type.into());
        self
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes, owned (no copy).
    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }

    /// The file name, when one was set.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The media type: the one set, or the `Content-Type` an answer came with.
    pub fn media_type(&self) -> Option<&str> {
        self.media_type.as_deref()
    }

    /// The media type set, when it can be sent (in a `Content-Type` header or a multipart
    /// part's): visible ASCII only, or why not. A line break would end the header and start
    /// another one of the user's making.
    pub(crate) fn sendable_media_type(&self) -> Result<Option<&str>, String> {
        match self.media_type.as_deref() {
            None => Ok(None),
            Some(t) => crate::http::header_value(t)
                .map(|_| Some(t))
                .map_err(|why| format!("the media type {t:?} {why}")),
        }
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl fmt::Debug for Binary {
    /// The size and names, not the bytes (a file may be large, or secret).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binary")
            .field("len", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("media_type", &self.media_type)
            .finish()
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Binary::new(bytes)
    }
}

impl From<&'static [u8]> for Binary {
    fn from(bytes: &'static [u8]) -> Self {
        Binary::new(bytes)
    }
}

impl From<Bytes> for Binary {
    fn from(bytes: Bytes) -> Self {
        Binary::new(bytes)
    }
}

impl From<&'static str> for Binary {
    fn from(text: &'static str) -> Self {
        Binary::new(text)
    }
}

impl From<String> for Binary {
    fn from(text: String) -> Self {
        Binary::new(text)
    }
}

thread_local! {
    /// While a multipart body is encoded (synchronously, on this thread): the binaries met,
    /// each serialized as a marker naming its index, so that the encoder sends them as file
    /// parts of their own rather than as base64 text.
    static COLLECTED: RefCell<Option<Vec<Binary>>> = const { RefCell::new(None) };
}

/// The marker of the binary at `index` while a multipart body is encoded: no text a user
/// sends starts with a NUL and this name.
fn marker(index: usize) -> String {
    format!("\u{0}scp-runtime-binary:{index}")
}

/// The index a text names, if it is a marker.
pub(crate) fn marker_index(text: &str) -> Option<usize> {
    text.strip_prefix("\u{0}scp-runtime-binary:")?.parse().ok()
}

/// Serializes `value` to JSON with its binaries replaced by markers, and returns them.
pub(crate) fn with_markers<T: Serialize + ?Sized>(
    value: &T,
) -> Result<(serde_json::Value, Vec<Binary>), serde_json::Error> {
    COLLECTED.with(|c| *c.borrow_mut() = Some(Vec::new()));
    let result = serde_json::to_value(value);
    let collected = COLLECTED
        .with(|c| c.borrow_mut().take())
        .unwrap_or_default();
    result.map(|v| (v, collected))
}

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let index = COLLECTED.with(|c| {
            c.borrow_mut().as_mut().map(|list| {
                list.push(self.clone());
                list.len() - 1
            })
        });
        match index {
            Some(i) => serializer.serialize_str(&marker(i)),
            None => serializer
                .serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.bytes)),
        }
    }
}

impl<'de> Deserialize<'de> for Binary {
    /// Standard base64 text (padded or not), as [`Binary`] writes it; other text is an error,
    /// not bytes made up of it.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let engine = base64::engine::GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            base64::engine::GeneralPurposeConfig::new()
                .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
        );
        engine
            .decode(text.as_bytes())
            .map(Binary::new)
            .map_err(|e| serde::de::Error::custom(format!("binary data is not base64: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_holds_base64_and_markers_only_while_collecting() {
        let b = Binary::new(b"hi!".to_vec()).with_file_name("a.txt");
        assert_eq!(serde_json::to_value(&b).unwrap(), "aGkh");
        let back: Binary = serde_json::from_value("aGkh".into()).unwrap();
        assert_eq!(back.as_bytes(), b"hi!");
        assert!(serde_json::from_value::<Binary>("not base64!".into()).is_err());
        assert!(Binary::new(b"x".to_vec())
            .with_media_type("text/plain\r\nX-Evil: 1")
            .sendable_media_type()
            .is_err());
        let (v, found) = with_markers(&vec![b.clone(), b.clone()]).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(marker_index(v[1].as_str().unwrap()), Some(1));
        assert_eq!(found[0].file_name(), Some("a.txt"));
        // Collecting ended with the call.
        assert_eq!(serde_json::to_value(&b).unwrap(), "aGkh");
        assert_eq!(
            format!("{b:?}"),
            "Binary { len: 3, file_name: Some(\"a.txt\"), media_type: None }"
        );
    }
}
