//! Places in files as SARIF locations.

use serde::Serialize;
use vakt_syntax::{Sources, Span};

use super::Message;
use crate::output::Location;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct LocationDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

impl LocationDto {
    pub(super) fn new(span: Span, sources: &Sources, message: Option<String>) -> Self {
        let loc = Location::new(span, sources);
        let snippet = sources
            .slice(span)
            .map(|text| Message::new(text.to_owned()));
        LocationDto {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: uri(&loc.file),
                },
                region: Region {
                    start_line: loc.line,
                    start_column: loc.column,
                    end_line: loc.end_line,
                    end_column: loc.end_column,
                    snippet,
                },
            },
            message: message.map(Message::new),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
pub(super) struct ArtifactLocation {
    pub(super) uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Message>,
}

/// A file's display name as a URI reference: a relative path stays
/// relative, an absolute one becomes a `file:` URI, and every byte outside
/// the unreserved characters and `/` is percent-encoded.
pub fn uri(name: &str) -> String {
    let path = name.replace('\\', "/");
    let (prefix, rest) = if path.starts_with('/') {
        ("file://", path.as_str())
    } else if has_drive_letter(&path) {
        ("file:///", path.as_str())
    } else {
        ("", path.as_str())
    };
    let mut out = String::from(prefix);
    for (i, byte) in rest.bytes().enumerate() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/')
            || (byte == b':' && i == 1 && !prefix.is_empty());
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn has_drive_letter(path: &str) -> bool {
    let mut chars = path.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(letter), Some(':'), Some('/')) if letter.is_ascii_alphabetic()
    )
}
