//! Rules as SARIF reporting descriptors.

use serde::Serialize;

use super::{Message, level, sentence};
use crate::output::catalog::RuleEntry;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Rule<'a> {
    id: &'a str,
    name: String,
    short_description: Message,
    full_description: Message,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    default_configuration: Configuration,
    properties: RuleProperties,
}

impl<'a> Rule<'a> {
    pub(super) fn new(entry: &RuleEntry<'a>) -> Self {
        let title = entry.title.unwrap_or(entry.id);
        let full = match entry.cite {
            Some(cite) => format!("{} Source: {}", sentence(title), sentence(cite)),
            None => sentence(title),
        };
        let mut text = entry.help.unwrap_or("").to_owned();
        let mut markdown = text.clone();
        if let Some(cite) = entry.cite {
            for (out, label) in [(&mut text, "Source: "), (&mut markdown, "**Source:** ")] {
                if !out.is_empty() {
                    out.push_str("\n\n");
                }
                out.push_str(label);
                out.push_str(cite);
            }
        }
        if text.is_empty() {
            text.clone_from(&full);
            markdown.clone_from(&full);
        }
        let mut tags = vec!["privacy".to_owned()];
        if !entry.origin.is_empty() {
            tags.push(entry.origin.clone());
        }
        Rule {
            id: entry.id,
            name: pascal_case(entry.id),
            short_description: Message::new(title.to_owned()),
            full_description: Message::new(full),
            help: Help { text, markdown },
            help_uri: entry.builtin.then(|| {
                format!(
                    "{}/blob/main/rules/{}.vakt",
                    env!("CARGO_PKG_REPOSITORY"),
                    entry.origin
                )
            }),
            default_configuration: Configuration {
                level: level(entry.severity),
            },
            properties: RuleProperties { tags },
        }
    }
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
}

/// `closed-zone-egress` → `ClosedZoneEgress`: SARIF's rule `name` is an
/// identifier in Pascal case.
pub(super) fn pascal_case(id: &str) -> String {
    id.split(['-', '_', '.'])
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(chars)
        })
        .collect()
}
