use super::*;
use crate::parser::parse;

mod props;

/// Formats, and checks what every output must satisfy: it is idempotent,
/// it parses to the same items, it ends in one newline, and no line ends in
/// a blank.
fn fmt(text: &str) -> String {
    let out = match format(FileId(0), text) {
        Ok(out) => out,
        Err(d) => panic!("format failed: {d:#?}\n--- raw output:\n{}", raw(text)),
    };
    match format(FileId(0), &out) {
        Ok(again) => assert_eq!(again, out, "not idempotent; input:\n{text:?}"),
        Err(d) => panic!("the output does not format: {d:#?}\n--- output:\n{out}"),
    }
    assert_eq!(
        parse(FileId(0), &out).module.items,
        parse(FileId(0), text).module.items
    );
    assert!(out.is_empty() || (out.ends_with('\n') && !out.ends_with("\n\n")));
    for line in out.lines() {
        assert_eq!(line, line.trim_end(), "trailing blanks in {out}");
    }
    out
}

/// The printer's output without the soundness check, to debug a failure.
fn raw(text: &str) -> String {
    print(text, &parse(FileId(0), text).module)
}

macro_rules! snapshot {
    ($name:literal, $input:expr) => {
        insta::with_settings!({ description => $input, omit_expression => true }, {
            insta::assert_snapshot!($name, fmt($input));
        });
    };
}

// ---------------------------------------------------------------------------
// Declarations

#[test]
fn spec_declarations() {
    snapshot!(
        "spec_declarations",
        r#"use "kommune"                      // built-in rule pack by bare name
use "shared/leverandorer.vakt"     // another file, path relative to this file

organization vestby "Vestby kommune" {
  controller = "Rådmannen"
  dpo        = "personvern@vestby.kommune.no"
}

zone lukket   "Lukket sone"     { trust = closed }
zone intern   "Kommunens nett"  { trust = internal }
zone sky      "Leverandørsky"   { trust = external }
zone internett "Internett"      { trust = public }

category kontakt "Kontaktinformasjon"
category helse   "Helseopplysninger" { sensitive = true }
category helse.journal "Pasientjournal" { parent = helse }   // inherits sensitive
category statistikk "Anonym statistikk" { personal = false }

subject pasient "Pasienter"

processor atea "Atea AS" { agreement = "DBA 2019-03-01", country = "NO" }
processor google "Google LLC" { country = "US" }            // no agreement, no transfer basis
party politiet "Politiet"                                   // independent controller / recipient

system epj "Elektronisk pasientjournal" {
  zone = lukket
  owner = "RO-leder Hjemmetjeneste"
  operator = atea
  stores = [helse.journal, kontakt]
  subjects = [pasient]
  basis = legal_obligation
  law = "pasientjournalloven § 22"
  retention = 10y
  access_logging = true
  encrypted_at_rest = true
}

system pda "Håndholdt PDA" { zone = intern, encrypted_at_rest = true, owner = "RO-leder Hjemmetjeneste" }
system epost "E-post" { zone = intern }

flow epj <-> pda "Journalsynk" { carries = [helse.journal], channel = https, encrypted = true }
flow epost_ut: epj -> epost { carries = [kontakt], channel = email }
"#
    );
}

#[test]
fn ugly_spacing() {
    snapshot!(
        "ugly_spacing",
        "\n\n  zone\tlukket    \"Lukket\"{trust=closed}   \n\
         system   a{zone=lukket;owner=\"x\",,stores=[ k1 ,k2,]\n\
         \n\
         \n\
         \n\
         retention=10y}\n\
         flow f:a->b\"L\"{carries=[k1]}\n\
         flow a<->b\n\
         zone x; zone y\n\
         category c\n\
         {\n  parent = k1\n}\n\n\n"
    );
}

#[test]
fn blocks_inline_expanded_and_empty() {
    snapshot!(
        "blocks",
        r#"zone a "A" { }
zone b "B" {
}
zone c "C" {
  trust = closed
}
category ansatt.lonn "Lønnsopplysninger (grunndata, lønnsnivå, tidsregistrering, skatt)" { parent = ansatt }
system s { zone = a, encrypted_at_rest = true }
system bø { zone = a, søknad_id = 1, x = 2 }
processor p "P" { agreement = "DBA" }
rule empty {}
rule spaced "Tittel" {   }
"#
    );
}

#[test]
fn values() {
    snapshot!(
        "values",
        r#"system s {
  int = 007
  hours = 12h
  days = 7d
  weeks = 2w
  months = 3mo
  years = 10y
  date = 2026-12-31
  yes = true
  no = false
  name = helse.journal
  symbol = permanent
  empty = []
  nested = [[a, b], [], "c"]
  short = [a,b,c]
  long = [helse.journal, helse.legevakt, barnevern, elev.spesped, arkivdel.personalmapper, arkivdel.elevmapper]
  nested_long = [[helse.journal, helse.legevakt, barnevern], [elev.spesped, arkivdel.personalmapper, arkivdel.elevmapper]]
}
"#
    );
}

#[test]
fn strings_are_escaped_canonically() {
    snapshot!(
        "strings",
        "system s \"Tab\there \\u{e6}\\u{F8}\\u{e5} \\\"q\\\" back\\\\slash\" {\n  \
           lines = \"one\\ntwo\"\n  \
           bell = \"\\u{7}\\u{1b}\\u{0}\\u{7f}\\u{85}\"\n  \
           cr = \"a\rb\"\n  \
           emoji = \"\\u{1F600} 😀 «sikker sone» § 22 – ok\"\n  \
           bom = \"\\u{feff}\"\n\
         }\n"
    );
}

#[test]
fn flows_and_headers() {
    snapshot!(
        "flows",
        r#"flow   a   ->   b
flow a->b "Label"
flow id :a<->b "Both ways"{ carries=[x] }
flow id2: a -> b {
  carries = [x, y]
  channel = https
}
organization   o   "O"
"#
    );
}

#[test]
fn use_and_allow() {
    snapshot!(
        "use_and_allow",
        r#"use   "kommune"
use "shared/leverandorer.vakt"
allow processor-agreement on system analyse because "Avtale under forhandling, sak 2026/1432" until 2026-12-31
allow no-sensitive-email   on flow "a->b"
  because "Fordi"
allow x on system y because "z"
  until 2027-01-01
"#
    );
}

// ---------------------------------------------------------------------------
// Rules

#[test]
fn spec_rules() {
    snapshot!(
        "spec_rules",
        r#"rule sensitive-in-closed-zone "Særlige kategorier behandles bare i lukket sone" {
  severity = error                      // error | warning | info
  cite = "Vestby: 'Alle data og systemer som inneholder sensitive helseopplysninger ligger i egen «lukket sone»'"
  help = "Move the system into a zone with trust = closed, or stop the flow that brings the data there."
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
  severity = error
  forbid path from system where zone.trust == public
              to system where holds.any(sensitive)
              avoiding system where auth == idporten
}
"#
    );
}

#[test]
fn statements_and_expressions() {
    snapshot!(
        "expressions",
        r#"rule r1 { each   flow   must   carries.all( it in from.holds ) }
rule r2 { each category must held_by.any( ) }
rule r3 {
  message="m" ; each system where (a==1 or b!=2) and not c<3 and d<=4 and e>5 and f>=6d must g in [x,y]
}
rule r4 { forbid path from system where a to system where b carrying c avoiding system where d }
rule r5 {
  forbid path
    from system where zone.trust == closed
    to system where zone.trust in [external, public] carrying helse.journal
}
rule r6 { each system where not not has x must ((a)) and not (b or c) and holds.none(it == 2026-01-01) }
rule r7 { each system must a or b and c or d }
rule r8 { each system must "str\"ing" != 10y and x == true and y == false }
rule r9 { severity = error, help = "h"; each flow must from.zone == to.zone }
"#
    );
}

#[test]
fn long_conditions_break() {
    snapshot!(
        "long_conditions",
        r#"rule each-breaks-before-must {
  each system where not has controller and holds.any(personal) must has retention or holds.all(not personal or has retention)
}
rule each-without-where {
  each system must has retention_period_in_days_for_every_category or holds.all(not personal or has retention)
}
rule where-chain-breaks {
  each system where not has controller and holds.any(personal) and has operator and operator.country != "NO" and has something_else must has operator.agreement
}
rule must-chain-breaks {
  each system where has operator must has operator.agreement and has operator.country and has operator.transfer and has operator.something
}
rule mixed-chains {
  forbid system where aaaaaaaaaaaaaa and bbbbbbbbbbbbbbbb or cccccccccccccccccc and ddddddddddddddddd and eeeeeeeeeeeeeeeeeeeee or f
}
rule long-paren {
  forbid system where holds.any(personal) and ((has operator.country and not (operator.country in ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO"]) and not has operator.transfer) or (has controller.country and not has controller.transfer))
}
rule long-list-of-long-items {
  forbid system where purpose in [helse.journal, helse.legevakt, barnevern.undersokelse, elev.spesped, arkivdel.personalmapper]
}
rule long-quantifier {
  each system must holds.all(not personal or has retention or has retention_rule or has something_much_longer_here)
}
rule long-path {
  forbid path from system where zone.trust == closed and not has controller and not has operator and holds.any(sensitive)
              to system where zone.trust in [external, public] and not (has controller and controller.country == "NO")
              carrying sensitive
}
rule long-path-list {
  forbid path from system where zone.trust == closed
              to system where zone.trust in [external_partner_cloud, public_internet_zone, another_long_zone_name]
}
rule long-where-list {
  each system where owner in ["RO-leder Hjemmetjeneste", "RO-leder Sykehjem", "RO-leder Rehabilitering"] must has law
}
"#
    );
}

// ---------------------------------------------------------------------------
// Blank lines and comments

#[test]
fn blank_lines() {
    snapshot!(
        "blank_lines",
        "\n\n\nzone a { trust = closed }\nzone b { trust = closed }\n\n\n\nzone c { trust = open }\n\
         system s {\n\n  zone = a\n\n\n  owner = \"x\"\n  stores = [k]\n\n}\n\n\n"
    );
}

#[test]
fn comments_around_items() {
    snapshot!(
        "comments_items",
        r#"// File header
// second line

/* block header */
use "kommune" // trailing on use


// before zone, after two blank lines
zone a "A" { trust = closed }   // trailing after inline block
zone b "B" { trust = closed }   /* block trailing */ // and a line one
/* leading block */ zone c "C" { trust = closed }
zone d "D"; /* after a semicolon */ zone e "E"

rule r "R" {   // after the opening brace
  // leading the attribute
  severity = error   // trailing the attribute

  // leading the statement
  each system must has owner   // trailing the statement
  // dangling at the end of the rule
}   // after the closing brace
// at the end of the file
"#
    );
}

#[test]
fn comments_inside_blocks() {
    snapshot!(
        "comments_blocks",
        r#"zone a "A" { trust = closed /* forces the block open */ }
zone b "B" { // after the brace
  trust = closed
}
system s {
  zone = a, // after a comma
  /* leading */ owner = "x"

  // after a blank line
  stores = [k]
  // dangling at the end
}
system t {
  // only a comment
}
system u { /* only a block comment */ }
"#
    );
}

#[test]
fn comments_inside_lists() {
    snapshot!(
        "comments_lists",
        r#"system s {
  stores = [ // after the bracket
    a, // trailing a
    // leading b
    b,
    c /* before the comma */, d
    // dangling at the end of the list
  ]
  subjects = [x /* forces a break */, y]
  empty = [ /* only a comment */ ]
}
rule r {
  forbid system where country in [
    "NO", // Norway
    "SE"  // Sweden
  ]
}
"#
    );
}

#[test]
fn comments_inside_headers_attributes_and_conditions() {
    snapshot!(
        "comments_inline",
        r#"zone /* kind-id */ a /* id-label */ "A" { trust = closed }
system s "S" // before the brace on the next line
{
  zone /* key-eq */ = /* eq-value */ a
  owner = "x"
}
flow f /* id-colon */ : a /* from-arrow */ -> b
rule r "R" // between the title and the brace
{
  each system where a // after the where condition
    and b /* inside */ and c
    must d // after the must condition
}
rule p {
  forbid path from system where a // from
              to system where b   // to
              carrying c          // carrying
              avoiding system where d // avoiding
}
rule q {
  each system must a and // a line comment
    /* then a block */ b
}
allow x /* rule */ on system y because "z" // trailing
allow x on system y // before because
  because "z" // before until
  until 2027-01-01
"#
    );
}

#[test]
fn multi_line_block_comments() {
    snapshot!(
        "block_comments",
        "/* A header\n   spanning lines   \n*/\nzone a { trust = closed }\n\
         system s {\n  /*\n   * leading, with its own indentation\n   */\n  zone = a  /* trailing\n  over two lines */\n}\n\
         zone b /* inside\nthe header */ \"B\"\n"
    );
}

#[test]
fn only_comments_and_empty_files() {
    assert_eq!(fmt(""), "");
    assert_eq!(fmt("\n\n  \n"), "");
    assert_eq!(fmt("\u{feff}"), "");
    assert_eq!(fmt("// one\n\n\n// two   \n"), "// one\n\n// two\n");
    assert_eq!(fmt("/* a */ /* b */ // c"), "/* a */\n/* b */\n// c\n");
}

#[test]
fn crlf_bom_and_trailing_blanks_are_normalised() {
    let lf = "// header\nzone a \"A\" { trust = closed }  // note\n\nsystem s {\n  zone  = a\n  owner = \"x\"\n}\n";
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let out = fmt(&crlf);
    assert_eq!(out, fmt(lf));
    assert_eq!(out, lf);
    assert!(!out.contains('\r') && !out.contains('\u{feff}'));
    let blanks = "zone a \"A\"   \t\n// note \t \r\n";
    assert_eq!(fmt(blanks), "zone a \"A\"\n// note\n");
}

#[test]
fn block_comment_keeps_inner_text() {
    let text = "/* keep   spacing\n\tand tabs\n      and indentation */\nzone a\n";
    assert_eq!(fmt(text), text);
}

// ---------------------------------------------------------------------------
// Refusals and the soundness check

#[test]
fn syntax_errors_are_returned() {
    let text = "zone a { trust = }\nsystem \"x\"\n";
    let Err(diagnostics) = format(FileId(0), text) else {
        panic!("a file with syntax errors was formatted");
    };
    let parsed = parse(FileId(0), text).diagnostics;
    assert!(!diagnostics.is_empty());
    assert_eq!(diagnostics.len(), parsed.len());
    for (d, p) in diagnostics.iter().zip(&parsed) {
        assert_eq!((d.code, &d.message), (p.code, &p.message));
        assert_ne!(d.code, FORMAT_CHANGED_MEANING);
    }
    assert!(format(FileId(0), "rule r { each system must }").is_err());
    assert!(format(FileId(0), "zone a \"open").is_err());
}

#[test]
fn soundness_check_rejects_other_meaning() {
    let input = "zone a { trust = closed } // note\n";
    let module = parse(FileId(0), input).module;
    assert!(check(input, &module, "zone a { trust = closed }  // note\n").is_ok());
    for (output, label) in [
        (
            "zone a { trust = open } // note\n",
            "this declaration would read differently",
        ),
        (
            "zone a { trust = closed }\n",
            "this comment would be lost or changed",
        ),
        (
            "zone a { trust = closed } // other\n",
            "this comment would be lost or changed",
        ),
        (
            "zone a { trust = closed } // note\nzone b\n",
            "this declaration would read differently",
        ),
        ("zone a { trust = }\n", "the formatted file would not parse"),
    ] {
        let Err(d) = check(input, &module, output) else {
            panic!("accepted {output:?}");
        };
        assert_eq!(d.code, FORMAT_CHANGED_MEANING);
        assert_eq!(
            d.labels.first().and_then(|l| l.message.as_deref()),
            Some(label)
        );
    }
}

#[test]
fn long_chains_format_and_stay_idempotent() {
    // The parser caps a chain at the nesting limit; the longest chain it
    // accepts formats one operand a line.
    let chain = vec!["has x"; 120].join(" and ");
    let text = format!("rule r {{ each system must {chain} }}\n");
    let out = format(FileId(0), &text).unwrap();
    assert_eq!(out.lines().count(), 120 + 3);
    assert!(out.contains("\n      must has x\n          and has x\n"));
    assert_eq!(format(FileId(0), &out).unwrap(), out);
}

#[test]
fn items_compare_by_meaning() {
    let items = |text: &str| parse(FileId(0), text).module.items;
    let a = items(
        "rule r { severity = error\n each system where (a or b) and not c must x.any(it in [1, 2]) }",
    );
    let b = items(
        "rule  r {\n  severity = error\n  each system where (a or b)\n and not c\n must x.any( it in [1,2] ) }",
    );
    assert_eq!(same::first_difference(&a, &b), None);
    for other in [
        "rule r { severity = error\n each system where (a or b) and not c must x.any(it in [1, 3]) }",
        "rule r { severity = error\n each system where a or b and not c must x.any(it in [1, 2]) }",
        "rule r { severity = error\n each system where (a or b) or not c must x.any(it in [1, 2]) }",
        "rule r { severity = error\n each system where (a or b) and c must x.any(it in [1, 2]) }",
        "rule r { severity = error\n each system where (a or b) and not c must x.all(it in [1, 2]) }",
        "rule r { severity = error\n each system where (a or b) and not c must x.any() }",
        "rule r { severity = warning\n each system where (a or b) and not c must x.any(it in [1, 2]) }",
        "rule r { each system where (a or b) and not c must x.any(it in [1, 2]) }",
        "rule r { severity = error\n each flow where (a or b) and not c must x.any(it in [1, 2]) }",
        "rule r { severity = error\n forbid system where (a or b) and not c }",
    ] {
        assert_eq!(
            same::first_difference(&a, &items(other)),
            Some(0),
            "{other}"
        );
    }
    assert_eq!(same::first_difference(&a, &[]), Some(0));
    let path = items("rule p { forbid path from system where a to system where b carrying c }");
    let no_carrying = items("rule p { forbid path from system where a to system where b }");
    assert_eq!(same::first_difference(&path, &no_carrying), Some(0));
    assert_eq!(same::first_difference(&path, &path), None);
}

// ---------------------------------------------------------------------------
// The repository's own files

/// Every `.vakt` file of the repository (rule packs, examples, test
/// fixtures), relative to the workspace root.
#[expect(
    clippy::disallowed_methods,
    reason = "tests read the repository's files"
)]
fn repository_files() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut dirs = vec![
        root.join("rules"),
        root.join("examples"),
        root.join("tests"),
    ];
    let mut files = Vec::new();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "vakt") {
                let name = path.strip_prefix(&root).unwrap_or(&path);
                // A fixture of invalid UTF-8 never reaches the formatter.
                if let Ok(text) = std::fs::read_to_string(&path) {
                    files.push((name.display().to_string(), text));
                }
            }
        }
    }
    files.sort();
    files
}

#[test]
fn repository_files_format_soundly_and_idempotently() {
    let files = repository_files();
    assert!(files.len() >= 6, "found only {files:?}");
    for (name, text) in files {
        let parsed = parse(FileId(0), &text);
        if !parsed.diagnostics.is_empty() {
            // an invalid fixture must be refused, not formatted
            assert!(format(FileId(0), &text).is_err(), "{name}");
            continue;
        }
        let out = fmt(&text);
        assert_eq!(
            comments::texts(&out, &parse(FileId(0), &out).module.comments),
            comments::texts(&text, &parsed.module.comments),
            "{name}"
        );
    }
}
