use crate::ast::*;
use crate::parser::{Parsed, parse};
use crate::span::FileId;

fn ok(text: &str) -> Module {
    let Parsed {
        module,
        diagnostics,
    } = parse(FileId(0), text);
    assert!(
        diagnostics.is_empty(),
        "unexpected diagnostics: {diagnostics:#?}"
    );
    module
}

fn errors(text: &str) -> Vec<(String, String, usize)> {
    parse(FileId(0), text)
        .diagnostics
        .into_iter()
        .map(|d| {
            let at = d.primary_span().map_or(0, |s| s.start as usize);
            (d.code.to_owned(), d.message, at)
        })
        .collect()
}

const SPEC_EXAMPLE: &str = r#"
use "kommune"                      // built-in rule pack by bare name
use "shared/leverandorer.vakt"     // another file, path relative to this file

organization vestby "Vestby kommune" {
  controller = "Rådmannen"
  dpo        = "personvern@vestby.kommune.no"
}

zone lukket   "Lukket sone"     { trust = closed }
zone internett "Internett"      { trust = public }

category helse   "Helseopplysninger" { sensitive = true }
category helse.journal "Pasientjournal" { parent = helse }   // inherits sensitive
category statistikk "Anonym statistikk" { personal = false }

subject pasient "Pasienter"

processor atea "Atea AS" { agreement = "DBA 2019-03-01", country = "NO" }
party politiet "Politiet"

system epj "Elektronisk pasientjournal" {
  zone = lukket
  operator = atea
  stores = [helse.journal, kontakt]
  retention = 10y
  access_logging = true
}

system pda "Håndholdt PDA" { zone = intern, encrypted_at_rest = true; owner = "RO-leder" }

flow epj <-> pda "Journalsynk" { carries = [helse.journal], channel = https, encrypted = true }
flow epost_ut: epj -> epost { carries = [kontakt], channel = email }
flow a->b
"#;

#[test]
fn parses_the_spec_declarations() {
    let module = ok(SPEC_EXAMPLE);
    assert_eq!(module.items.len(), 16);
    let Item::Use(first) = &module.items[0] else {
        panic!()
    };
    assert_eq!(first.target.value, "kommune");
    let Item::Entity(org) = &module.items[2] else {
        panic!()
    };
    assert_eq!((org.kind, org.id.as_str()), (Kind::Organization, "vestby"));
    assert_eq!(org.label.as_ref().unwrap().value, "Vestby kommune");
    assert_eq!(org.body.as_ref().unwrap().attrs.len(), 2);
    let Item::Entity(journal) = &module.items[6] else {
        panic!()
    };
    assert_eq!(journal.id.as_str(), "helse.journal");
    let Item::Entity(epj) = &module.items[11] else {
        panic!()
    };
    let attrs = &epj.body.as_ref().unwrap().attrs;
    assert_eq!(attrs.len(), 5);
    assert_eq!(attrs[2].key.as_str(), "stores");
    let Value::List(stored, _) = &attrs[2].value else {
        panic!()
    };
    assert!(matches!(&stored[0], Value::Name(i) if i.as_str() == "helse.journal"));
    assert!(matches!(&attrs[3].value, Value::Duration(d, _) if d.hours() == 10 * 365 * 24));
    let Item::Entity(pda) = &module.items[12] else {
        panic!()
    };
    assert_eq!(pda.body.as_ref().unwrap().attrs.len(), 3);
    let Item::Flow(sync) = &module.items[13] else {
        panic!()
    };
    assert!(sync.both_ways && sync.id.is_none());
    assert_eq!((sync.from.as_str(), sync.to.as_str()), ("epj", "pda"));
    let Item::Flow(out) = &module.items[14] else {
        panic!()
    };
    assert_eq!(out.to.as_str(), "epost");
    assert_eq!(out.id.as_ref().unwrap().as_str(), "epost_ut");
    assert!(!out.both_ways);
    let Item::Flow(bare) = &module.items[15] else {
        panic!()
    };
    assert_eq!((bare.from.as_str(), bare.to.as_str()), ("a", "b"));
    assert_eq!(module.comments.len(), 3);
}

#[test]
fn flow_arrows_need_no_spaces() {
    let module = ok("flow a->b\nflow x: c<->d");
    let Item::Flow(f) = &module.items[0] else {
        panic!()
    };
    assert_eq!((f.from.as_str(), f.to.as_str()), ("a", "b"));
    let Item::Flow(g) = &module.items[1] else {
        panic!()
    };
    assert!(g.both_ways);
    assert_eq!(g.id.as_ref().unwrap().as_str(), "x");
}

#[test]
fn header_spans_stop_before_the_block() {
    let text = "system epj \"EPJ\" {\n  zone = lukket\n}\n";
    let module = ok(text);
    let Item::Entity(e) = &module.items[0] else {
        panic!()
    };
    assert_eq!(text.get(e.header.range()).unwrap(), "system epj \"EPJ\"");
    assert_eq!(text.get(e.span.range()).unwrap(), text.trim_end());
}

const SPEC_RULES: &str = r#"
rule sensitive-in-closed-zone "Særlige kategorier behandles bare i lukket sone" {
  severity = error                      // error | warning | info
  cite = "Vestby: 'Alle data'"
  help = "Move the system."
  each system where not has controller and holds.any(sensitive) must zone.trust == closed
}

rule no-sensitive-email "Sensitive opplysninger sendes ikke med e-post" {
  severity = error
  forbid flow where channel == email and carries.any(sensitive)
}

rule closed-zone-egress "Data fra lukket sone transporteres ikke ut" {
  severity = error
  forbid path from system where zone.trust == closed
              to system where zone.trust in [external, public]
              carrying sensitive
}

rule idporten-public-access "Innbyggere når sensitive systemer bare via ID-porten" {
  forbid path from system where zone.trust == public
              to system where holds.any(sensitive)
              avoiding system where auth == idporten
  message = "{subject} is reachable"
}

allow processor-agreement on system analyse because "Avtale under forhandling, sak 2026/1432" until 2026-12-31
allow no-sensitive-email on flow "a->b" because "x"
"#;

#[test]
fn parses_the_spec_rules() {
    let module = ok(SPEC_RULES);
    assert_eq!(module.items.len(), 6);
    let Item::Rule(r) = &module.items[0] else {
        panic!()
    };
    assert_eq!(r.id.as_str(), "sensitive-in-closed-zone");
    assert_eq!(r.attrs().count(), 3);
    let Some(Statement::Each {
        kind, filter, must, ..
    }) = r.statements().next()
    else {
        panic!()
    };
    assert_eq!(*kind, Kind::System);
    let filter = filter.as_ref().unwrap();
    let ExprKind::Binary(BinOp::And, lhs, rhs) = &filter.kind else {
        panic!("{filter:?}")
    };
    assert!(
        matches!(&lhs.kind, ExprKind::Not(inner) if matches!(&inner.kind, ExprKind::Has(p) if p.text() == "controller"))
    );
    let ExprKind::Quantified(Quantifier::Any, set, Some(arg)) = &rhs.kind else {
        panic!()
    };
    assert_eq!(set.text(), "holds");
    assert!(matches!(&arg.kind, ExprKind::Path(p) if p.text() == "sensitive"));
    let ExprKind::Binary(BinOp::Eq, l, r) = &must.kind else {
        panic!()
    };
    assert!(matches!(&l.kind, ExprKind::Path(p) if p.segments.len() == 2));
    assert!(matches!(&r.kind, ExprKind::Path(p) if p.text() == "closed"));

    let Item::Rule(egress) = &module.items[2] else {
        panic!()
    };
    let Some(Statement::ForbidPath {
        to,
        carrying,
        avoiding,
        ..
    }) = egress.statements().next()
    else {
        panic!()
    };
    assert!(
        matches!(&to.kind, ExprKind::Binary(BinOp::In, _, r) if matches!(&r.kind, ExprKind::List(l) if l.len() == 2))
    );
    assert!(carrying.is_some() && avoiding.is_none());

    let Item::Rule(idporten) = &module.items[3] else {
        panic!()
    };
    assert_eq!(idporten.body.len(), 2, "statement then message");
    let Some(Statement::ForbidPath {
        avoiding: Some(_),
        carrying: None,
        ..
    }) = idporten.statements().next()
    else {
        panic!()
    };

    let Item::Allow(a) = &module.items[4] else {
        panic!()
    };
    assert_eq!(
        (a.rule.as_str(), a.kind, a.target.text()),
        ("processor-agreement", Kind::System, "analyse")
    );
    assert_eq!(a.until.unwrap().0.to_string(), "2026-12-31");
    let Item::Allow(b) = &module.items[5] else {
        panic!()
    };
    assert!(matches!(&b.target, AllowTarget::Str(s) if s.value == "a->b"));
    assert!(b.until.is_none());
}

#[test]
fn expressions_follow_precedence() {
    let module = ok(
        "rule r { each flow where a or b and not c == 1 must x in [1, 2d, \"s\", 2026-01-01, true] }",
    );
    let Item::Rule(r) = &module.items[0] else {
        panic!()
    };
    let Some(Statement::Each {
        filter: Some(f), ..
    }) = r.statements().next()
    else {
        panic!()
    };
    let ExprKind::Binary(BinOp::Or, _, rhs) = &f.kind else {
        panic!()
    };
    let ExprKind::Binary(BinOp::And, _, not) = &rhs.kind else {
        panic!()
    };
    let ExprKind::Not(cmp) = &not.kind else {
        panic!()
    };
    assert!(matches!(&cmp.kind, ExprKind::Binary(BinOp::Eq, _, _)));
}

#[test]
fn quantifiers_take_optional_arguments_and_span_lines() {
    let module = ok(
        "rule r {\n  each system must held_by.any() and carries.all(\n    it in from.holds\n  )\n  severity = info\n}",
    );
    let Item::Rule(r) = &module.items[0] else {
        panic!()
    };
    assert_eq!(r.body.len(), 2);
    let Some(Statement::Each {
        must, filter: None, ..
    }) = r.statements().next()
    else {
        panic!()
    };
    let ExprKind::Binary(BinOp::And, l, rr) = &must.kind else {
        panic!()
    };
    assert!(
        matches!(&l.kind, ExprKind::Quantified(Quantifier::Any, p, None) if p.text() == "held_by")
    );
    let ExprKind::Quantified(Quantifier::All, _, Some(arg)) = &rr.kind else {
        panic!()
    };
    let ExprKind::Binary(BinOp::In, it, set) = &arg.kind else {
        panic!()
    };
    assert!(matches!(&it.kind, ExprKind::Path(p) if p.text() == "it"));
    assert!(matches!(&set.kind, ExprKind::Path(p) if p.text() == "from.holds"));
}

#[test]
fn three_independent_errors_are_all_reported() {
    let text = "zone a { trust = }\nsystem b { zone = a, stores = [x y] }\nflow c => d\nzone ok { trust = closed }\n";
    let errs = errors(text);
    assert_eq!(errs.len(), 3, "{errs:#?}");
    assert!(errs.iter().all(|e| e.0 == "vakt::syntax-error"));
    // the good declaration after them is still read
    let parsed = parse(FileId(0), text);
    assert!(
        parsed
            .module
            .items
            .iter()
            .any(|i| matches!(i, Item::Entity(e) if e.id.as_str() == "ok"))
    );
    assert!(
        parsed
            .module
            .items
            .iter()
            .any(|i| matches!(i, Item::Entity(e) if e.id.as_str() == "b" && e.recovered))
    );
}

#[test]
fn lexical_errors_are_located() {
    let errs = errors(
        "zone a \"open\nzone b { trust = 10days }\norganization o { dpo = \"a\\qb\" }\nallow r on system x because \"y\" until 2026-02-30\n",
    );
    let codes: Vec<_> = errs.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        codes,
        [
            "vakt::unterminated-string",
            "vakt::invalid-number",
            "vakt::invalid-escape",
            "vakt::invalid-date"
        ]
    );
}

#[test]
fn unterminated_comment_is_an_error() {
    let errs = errors("zone a { trust = closed }\n/* never closed\nzone b");
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].0, "vakt::unterminated-comment");
    assert_eq!(errs[0].2, 26);
}

#[test]
fn unclosed_block_points_at_its_brace() {
    let text = "system a {\n  zone = z\nsystem b { zone = z }\n";
    let parsed = parse(FileId(0), text);
    assert_eq!(parsed.diagnostics.len(), 1, "{:#?}", parsed.diagnostics);
    let d = &parsed.diagnostics[0];
    assert_eq!(d.code, "vakt::unclosed-delimiter");
    assert_eq!(d.labels[1].span.start, 9);
    assert_eq!(parsed.module.items.len(), 2);
}

#[test]
fn deep_nesting_is_refused_without_overflow() {
    let text = format!(
        "zone a {{ x = {} }}\nzone b {{ trust = closed }}",
        "[".repeat(20_000)
    );
    let errs = errors(&text);
    assert!(
        errs.iter().any(|e| e.0 == "vakt::nesting-too-deep"),
        "{errs:?}"
    );
    let text = format!("rule r {{ each system must {}x }}", "not ".repeat(20_000));
    assert!(
        errors(&text)
            .iter()
            .any(|e| e.0 == "vakt::nesting-too-deep")
    );
    let text = format!("rule r {{ each system must {}x }}", "(".repeat(20_000));
    assert!(
        errors(&text)
            .iter()
            .any(|e| e.0 == "vakt::nesting-too-deep")
    );
}

#[test]
fn error_count_is_capped() {
    let text = "zone a { trust = }\n".repeat(10_000);
    let errs = errors(&text);
    assert!(errs.len() <= crate::parser::MAX_ERRORS + 1);
    assert_eq!(errs.last().unwrap().0, "vakt::too-many-errors");
}

#[test]
fn reserved_words_cannot_be_ids() {
    let errs = errors("system to { zone = z }");
    assert_eq!(errs[0].0, "vakt::reserved-word");
}

#[test]
fn misspelt_keywords_get_suggestions() {
    let parsed = parse(FileId(0), "sytem a { zone = z }");
    assert_eq!(
        parsed.diagnostics[0].help.as_deref(),
        Some("did you mean `system`?")
    );
    let parsed = parse(FileId(0), "rule r { each sytem must x }");
    assert_eq!(parsed.diagnostics[0].code, "vakt::unknown-kind");
    assert_eq!(
        parsed.diagnostics[0].help.as_deref(),
        Some("did you mean `system`?")
    );
}

#[test]
fn single_equals_in_a_condition_is_explained() {
    let parsed = parse(FileId(0), "rule r { forbid flow where channel = email }");
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.diagnostics[0].message, "expected `==`, found `=`");
}

#[test]
fn chained_comparisons_are_refused() {
    let parsed = parse(FileId(0), "rule r { forbid flow where a == b == c }");
    assert_eq!(
        parsed.diagnostics[0].message,
        "comparisons cannot be chained"
    );
}

#[test]
fn bom_crlf_and_empty_files_are_fine() {
    assert!(ok("").items.is_empty());
    assert!(ok("// only a comment").items.is_empty());
    let module = ok("\u{feff}zone a { trust = closed }\r\nzone b {\r\n  trust = open\r\n}\r\n");
    assert_eq!(module.items.len(), 2);
}

#[test]
fn nul_bytes_and_junk_get_located_errors() {
    let errs = errors("zone a { trust = closed }\n\0\0\0\nzone b { trust = closed }");
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].2, 26);
    assert!(errs[0].1.contains("\\u{0}"), "{}", errs[0].1);
}

#[test]
fn span_equality_ignores_position() {
    let a = ok("zone a { trust = closed }");
    let b = ok("\n\n  zone   a {\n trust=closed\n}");
    assert_eq!(a.items, b.items);
    let c = ok("zone a { trust = open }");
    assert_ne!(a.items, c.items);
}

#[test]
fn long_chains_count_as_nesting() {
    let chain = |n: usize| {
        let ops: Vec<String> = (0..n).map(|i| format!("a{i} == 1")).collect();
        format!("rule r {{ each system must {} }}", ops.join(" and "))
    };
    assert!(errors(&chain(100)).is_empty());
    let errs = errors(&chain(50_000));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].0, "vakt::nesting-too-deep");
    // parentheses and chains share the budget
    let nested = format!(
        "rule r {{ each system must {}x{} }}",
        "(".repeat(100),
        ")".repeat(100)
    );
    assert!(errors(&nested).is_empty());
}

#[test]
fn reserved_words_cannot_be_attribute_names() {
    let errs = errors("rule r {\n  each system must a, and = 1\n}");
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].0, "vakt::reserved-word");
    assert!(errors("system s { zone = z }").is_empty());
}

#[test]
fn the_declaration_keywords_are_the_ones_the_parser_recognises() {
    use crate::ast::{DECLARATION_KEYWORDS, is_declaration_keyword};
    for word in DECLARATION_KEYWORDS {
        assert!(is_declaration_keyword(word), "{word}");
    }
    for word in ["each", "systems", "zones", "Zone", ""] {
        assert!(!is_declaration_keyword(word), "{word}");
    }
}
