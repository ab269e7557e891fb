//! The graph as Graphviz DOT: `dot -Tsvg` draws it.

use std::fmt::Write;

use super::{Category, Edge, Graph, GraphOptions, Node, Zone, transport};
use crate::Outcome;

/// How many category names go on one line of a label.
const PER_LINE: usize = 3;

/// The graph of an outcome as a DOT `digraph`.
pub fn render(outcome: &Outcome, options: &GraphOptions) -> String {
    let graph = Graph::new(outcome, options);
    let mut out = String::new();
    out.push_str("// vakt graph: zones are clusters, systems are nodes, flows are edges.\n");
    out.push_str("// Sensitive categories are marked ⚠; red marks open findings.\n");
    if let Some(category) = &options.category {
        let _ = writeln!(
            out,
            "// Only flows that carry {category} and the systems they touch or that hold it."
        );
    }
    out.push_str("digraph vakt {\n");
    out.push_str("  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, nodesep=0.3, ranksep=0.8, newrank=true];\n");
    out.push_str("  node [shape=box, style=\"rounded,filled\", fillcolor=\"white\", fontname=\"Helvetica\", fontsize=11];\n");
    out.push_str(
        "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\", fontcolor=\"#333333\"];\n",
    );
    for zone in &graph.zones {
        out.push('\n');
        cluster(&mut out, &graph, zone);
    }
    let loose: Vec<&Node<'_>> = graph.nodes.iter().filter(|n| n.zone.is_none()).collect();
    if !loose.is_empty() {
        out.push('\n');
    }
    for node in loose {
        node_statement(&mut out, node, "  ");
    }
    if !graph.edges.is_empty() {
        out.push('\n');
    }
    for edge in &graph.edges {
        edge_statement(&mut out, &graph, edge);
    }
    out.push_str("}\n");
    out
}

fn cluster(out: &mut String, graph: &Graph<'_>, zone: &Zone<'_>) {
    let _ = writeln!(
        out,
        "  subgraph {} {{",
        quote(&format!("cluster_{}", zone.entity.id))
    );
    let mut caption = escape_html(&zone.entity.id);
    if let Some(trust) = zone.trust {
        caption.push_str(" · ");
        caption.push_str(&escape_html(trust));
    }
    let _ = writeln!(
        out,
        "    label=<<B>{}</B><BR/><FONT POINT-SIZE=\"9\">{caption}</FONT>>;",
        escape_html(zone.entity.display_name())
    );
    let _ = writeln!(
        out,
        "    id={};",
        quote(&format!("zone-{}", zone.entity.id))
    );
    let style = match zone.trust {
        Some("closed") => {
            "style=\"filled,bold\"; fillcolor=\"#e3ecf7\"; color=\"#1f4e8c\"; penwidth=3;"
        }
        Some("internal") => {
            "style=\"filled\"; fillcolor=\"#f4f4f4\"; color=\"#9e9e9e\"; penwidth=1;"
        }
        Some("external") => {
            "style=\"filled\"; fillcolor=\"#fff6e0\"; color=\"#c49000\"; penwidth=1;"
        }
        Some("public") => "style=\"dashed\"; color=\"#757575\"; penwidth=1.5;",
        _ => "style=\"solid\"; color=\"#9e9e9e\";",
    };
    let _ = writeln!(out, "    {style}");
    for node in zone.nodes.iter().filter_map(|&n| graph.node(n)) {
        node_statement(out, node, "    ");
    }
    out.push_str("  }\n");
}

fn node_statement(out: &mut String, node: &Node<'_>, indent: &str) {
    let entity = node.entity;
    let mut label = format!("<B>{}</B>", escape_html(entity.display_name()));
    if entity.label.is_some() {
        let _ = write!(
            label,
            "<BR/><FONT POINT-SIZE=\"9\">{}</FONT>",
            escape_html(&entity.id)
        );
    }
    for line in html_category_lines(&node.holds) {
        let _ = write!(label, "<BR/><FONT POINT-SIZE=\"9\">{line}</FONT>");
    }
    if let Some(controller) = node.controller {
        let _ = write!(
            label,
            "<BR/><FONT POINT-SIZE=\"9\"><I>controller: {}</I></FONT>",
            escape_html(controller)
        );
    }
    if !node.findings.is_empty() {
        let _ = write!(
            label,
            "<BR/><FONT POINT-SIZE=\"9\" COLOR=\"red\">{}</FONT>",
            escape_html(&node.findings.join(", "))
        );
    }
    let mut attrs = vec![
        format!("id={}", quote(&format!("system-{}", entity.id))),
        format!("label=<{label}>"),
    ];
    if node.controller.is_some() {
        attrs.push("style=\"rounded,filled,dashed\"".to_owned());
    }
    if !node.findings.is_empty() {
        attrs.push("color=\"red\", fontcolor=\"red\", penwidth=2.5".to_owned());
    }
    let _ = writeln!(out, "{indent}{} [{}];", quote(&entity.id), attrs.join(", "));
}

fn edge_statement(out: &mut String, graph: &Graph<'_>, edge: &Edge<'_>) {
    let (Some(from), Some(to)) = (graph.node(edge.from), graph.node(edge.to)) else {
        return;
    };
    let mut lines = super::category_lines(&edge.carries, PER_LINE);
    lines.extend(transport(edge));
    if !edge.findings.is_empty() {
        lines.push(edge.findings.join(", "));
    }
    let label: Vec<String> = lines.iter().map(|l| escape(l)).collect();
    let mut attrs = vec![
        format!("id={}", quote(&format!("flow-{}", edge.entity.id))),
        format!("label=\"{}\"", label.join("\\n")),
        format!("tooltip={}", quote(edge.entity.display_name())),
    ];
    if edge.sensitive {
        attrs.push("style=\"bold\", penwidth=2.5".to_owned());
    }
    if !edge.findings.is_empty() {
        attrs.push("color=\"red\", fontcolor=\"red\"".to_owned());
    }
    let _ = writeln!(
        out,
        "  {} -> {} [{}];",
        quote(&from.entity.id),
        quote(&to.entity.id),
        attrs.join(", ")
    );
}

/// Category names for an HTML label, sensitive ones bold and marked.
fn html_category_lines(categories: &[Category<'_>]) -> Vec<String> {
    categories
        .chunks(PER_LINE)
        .map(|chunk| {
            chunk
                .iter()
                .map(|c| {
                    let id = escape_html(&c.entity.id);
                    if c.sensitive {
                        format!("<B>{id} ⚠</B>")
                    } else {
                        id
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect()
}

/// A DOT double-quoted string.
pub(super) fn quote(text: &str) -> String {
    format!("\"{}\"", escape(text))
}

/// The inside of a DOT double-quoted string: `"` and `\` escaped, line
/// breaks as `\n`.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Text inside an HTML-like label.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
