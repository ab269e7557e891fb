//! The graph as JSON, for programs (the playground draws it): zones, nodes
//! and edges with their attributes and the rules of their open findings.

use serde::Serialize;
use serde_json::{Map, Value};
use vakt_model::{Entity, Model};

use super::{Category, Graph, GraphOptions, VERSION};
use crate::Outcome;
use crate::output::view::value_json;

/// The graph of an outcome as JSON, pretty-printed with a trailing newline.
pub fn render(outcome: &Outcome, options: &GraphOptions) -> String {
    let graph = Graph::new(outcome, options);
    let model = graph.view.model;
    let id = |n: usize| graph.node(n).map(|n| n.entity.id.as_str());
    let output = Output {
        version: VERSION,
        category: options.category.as_deref(),
        zones: graph
            .zones
            .iter()
            .map(|z| ZoneDto {
                id: &z.entity.id,
                label: z.entity.display_name(),
                trust: z.trust,
                systems: z.nodes.iter().filter_map(|&n| id(n)).collect(),
                attributes: attributes(model, z.entity),
            })
            .collect(),
        nodes: graph
            .nodes
            .iter()
            .map(|n| NodeDto {
                id: &n.entity.id,
                label: n.entity.display_name(),
                zone: n
                    .zone
                    .and_then(|z| graph.zones.get(z))
                    .map(|z| z.entity.id.as_str()),
                holds: categories(&n.holds),
                findings: n.findings.clone(),
                attributes: attributes(model, n.entity),
            })
            .collect(),
        edges: graph
            .edges
            .iter()
            .map(|e| EdgeDto {
                id: &e.entity.id,
                from: id(e.from),
                to: id(e.to),
                label: e.entity.label.as_deref(),
                carries: categories(&e.carries),
                sensitive: e.sensitive,
                findings: e.findings.clone(),
                attributes: attributes(model, e.entity),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&output).unwrap_or_default();
    text.push('\n');
    text
}

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<&'a str>,
    zones: Vec<ZoneDto<'a>>,
    nodes: Vec<NodeDto<'a>>,
    edges: Vec<EdgeDto<'a>>,
}

#[derive(Serialize)]
struct ZoneDto<'a> {
    id: &'a str,
    label: &'a str,
    trust: Option<&'a str>,
    systems: Vec<&'a str>,
    attributes: Map<String, Value>,
}

#[derive(Serialize)]
struct NodeDto<'a> {
    id: &'a str,
    label: &'a str,
    zone: Option<&'a str>,
    holds: Vec<CategoryDto<'a>>,
    findings: Vec<&'a str>,
    attributes: Map<String, Value>,
}

#[derive(Serialize)]
struct EdgeDto<'a> {
    id: &'a str,
    from: Option<&'a str>,
    to: Option<&'a str>,
    label: Option<&'a str>,
    carries: Vec<CategoryDto<'a>>,
    sensitive: bool,
    findings: Vec<&'a str>,
    attributes: Map<String, Value>,
}

#[derive(Serialize)]
struct CategoryDto<'a> {
    id: &'a str,
    label: &'a str,
    sensitive: bool,
}

fn categories<'a>(categories: &[Category<'a>]) -> Vec<CategoryDto<'a>> {
    categories
        .iter()
        .map(|c| CategoryDto {
            id: &c.entity.id,
            label: c.entity.display_name(),
            sensitive: c.sensitive,
        })
        .collect()
}

/// The attributes set in an entity's declaration.
fn attributes(model: &Model, entity: &Entity) -> Map<String, Value> {
    entity
        .attrs()
        .iter()
        .map(|a| {
            (
                model.attr_names.name(a.id).to_owned(),
                value_json(model, &a.value),
            )
        })
        .collect()
}
