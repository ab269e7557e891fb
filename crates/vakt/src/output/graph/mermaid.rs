//! The graph as a Mermaid flowchart, which GitHub draws in Markdown.
//!
//! Mermaid ids must be plain words, so zones are `z0`, `z1` … and systems
//! `s0`, `s1` … by declaration order; the names are in the labels.

use std::fmt::Write;

use super::{Graph, GraphOptions, Node, transport};
use crate::Outcome;

/// How many category names go on one line of a label.
const PER_LINE: usize = 3;

/// Styles by class: zones by trust, systems of other controllers, and
/// whatever an open finding is about.
pub(super) const CLASSES: &str = "  classDef closed fill:#e3ecf7,stroke:#1f4e8c,stroke-width:3px
  classDef internal fill:#f4f4f4,stroke:#9e9e9e
  classDef external fill:#fff6e0,stroke:#c49000
  classDef public fill:#ffffff,stroke:#757575,stroke-width:1.5px,stroke-dasharray:6 4
  classDef other stroke-dasharray:4 3
  classDef finding stroke:#d32f2f,stroke-width:3px,color:#d32f2f
";

/// The graph of an outcome as a Mermaid `flowchart`.
pub fn render(outcome: &Outcome, options: &GraphOptions) -> String {
    let graph = Graph::new(outcome, options);
    let mut out = String::from("flowchart LR\n");
    for (z, zone) in graph.zones.iter().enumerate() {
        let mut title = format!("<b>{}</b>", escape(zone.entity.display_name()));
        if let Some(trust) = zone.trust {
            let _ = write!(title, " · {}", escape(trust));
        }
        let _ = writeln!(out, "  subgraph z{z}[\"{title}\"]");
        for n in &zone.nodes {
            if let Some(node) = graph.node(*n) {
                node_statement(&mut out, *n, node, "    ");
            }
        }
        out.push_str("  end\n");
    }
    for (n, node) in graph.nodes.iter().enumerate() {
        if node.zone.is_none() {
            node_statement(&mut out, n, node, "  ");
        }
    }
    let mut red_links = Vec::new();
    for (i, edge) in graph.edges.iter().enumerate() {
        let mut lines = super::category_lines(&edge.carries, PER_LINE);
        lines.extend(transport(edge));
        let arrow = if edge.sensitive { "==>" } else { "-->" };
        let label: Vec<String> = lines.iter().map(|l| escape(l)).collect();
        if label.is_empty() {
            let _ = writeln!(out, "  s{} {arrow} s{}", edge.from, edge.to);
        } else {
            let _ = writeln!(
                out,
                "  s{} {arrow}|\"{}\"| s{}",
                edge.from,
                label.join("<br/>"),
                edge.to
            );
        }
        if !edge.findings.is_empty() {
            red_links.push(i.to_string());
        }
    }
    out.push_str(CLASSES);
    for (z, zone) in graph.zones.iter().enumerate() {
        if let Some(trust @ ("closed" | "internal" | "external" | "public")) = zone.trust {
            let _ = writeln!(out, "  class z{z} {trust}");
        }
    }
    let classed = |pick: fn(&Node<'_>) -> bool| -> Vec<String> {
        graph
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, node)| pick(node))
            .map(|(n, _)| format!("s{n}"))
            .collect()
    };
    let other = classed(|node| node.controller.is_some());
    if !other.is_empty() {
        let _ = writeln!(out, "  class {} other", other.join(","));
    }
    let findings = classed(|node| !node.findings.is_empty());
    if !findings.is_empty() {
        let _ = writeln!(out, "  class {} finding", findings.join(","));
    }
    if !red_links.is_empty() {
        let _ = writeln!(
            out,
            "  linkStyle {} stroke:#d32f2f,stroke-width:3px,color:#d32f2f",
            red_links.join(",")
        );
    }
    out
}

fn node_statement(out: &mut String, n: usize, node: &Node<'_>, indent: &str) {
    let mut label = format!("<b>{}</b>", escape(node.entity.display_name()));
    for line in super::category_lines(&node.holds, PER_LINE) {
        let _ = write!(label, "<br/>{}", escape(&line));
    }
    if let Some(controller) = node.controller {
        let _ = write!(label, "<br/><i>controller: {}</i>", escape(controller));
    }
    if !node.findings.is_empty() {
        let _ = write!(label, "<br/>{}", escape(&node.findings.join(", ")));
    }
    let _ = writeln!(out, "{indent}s{n}[\"{label}\"]");
}

/// Text inside a quoted Mermaid label: characters that Mermaid or HTML
/// would read as syntax become entity codes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
