//! Hostile inputs, generated deterministically: random bytes, deep
//! nesting, huge strings and identifiers, NUL bytes, invalid UTF-8, a
//! byte-order mark, CRLF, unterminated comments and strings, and models
//! that produce a flood of diagnostics.
//!
//! vakt must answer each with exit status 0, 1 or 2 and, where the input
//! is wrong, a located diagnostic — never a panic, an abort or a hang. The
//! native tests (`tests/it/hostile.rs`, `crates/vakt-cli/tests/process.rs`)
//! and the WebAssembly tests run the same corpus; `cargo run -p vakt-tests
//! --bin hostile-corpus -- DIR` writes it to `DIR/NAME.vakt` for tools that
//! are not written in Rust. The small cases are also committed in
//! `tests/cases/hostile/` (seeds for the fuzz targets); the large ones are
//! only generated, never committed.

use std::fmt::Write as _;

/// One hostile input.
#[derive(Clone, Debug)]
pub struct Case {
    /// A file name without extension (`nested-brackets`).
    pub name: &'static str,
    /// The bytes of the file.
    pub bytes: Vec<u8>,
    /// The code of an error diagnostic the file must get, or `None` if it
    /// must load (exit status 0 or 1).
    pub expect: Option<&'static str>,
}

/// Depth of the nesting cases: far beyond `MAX_DEPTH` (128), and deep
/// enough to overflow any stack if a stage recursed once per level.
pub const DEEP: usize = 20_000;

/// Every case, in a fixed order; large ones are several megabytes.
pub fn corpus() -> Vec<Case> {
    let mut cases = small();
    cases.extend(large());
    cases
}

/// The cases under 64 KiB (committed in `tests/cases/hostile/`).
pub fn small() -> Vec<Case> {
    vec![
        case(
            "random-bytes",
            random_bytes(0x5eed, 16 * 1024),
            Some("vakt::invalid-utf8"),
        ),
        case(
            "random-tokens",
            random_tokens(0x70c5, 4000),
            Some("vakt::syntax-error"),
        ),
        case("nul-bytes", nul_bytes(), Some("vakt::syntax-error")),
        case("invalid-utf8", invalid_utf8(), Some("vakt::invalid-utf8")),
        case("bom-crlf", bom_crlf(), None),
        case(
            "lone-cr",
            b"zone a { trust = closed }\rsystem s { zone = a }\r".to_vec(),
            Some("vakt::syntax-error"),
        ),
        case(
            "bom-in-the-middle",
            "zone a { trust = closed }\n\u{feff}system s { zone = a }\n"
                .as_bytes()
                .to_vec(),
            None,
        ),
        case(
            "unterminated-comment",
            b"zone a { trust = closed }\n/* no end\nsystem s { zone = a }\n".to_vec(),
            Some("vakt::unterminated-comment"),
        ),
        case(
            "unterminated-string",
            b"zone a \"Lukket { trust = closed }\nsystem s { zone = a }\n".to_vec(),
            Some("vakt::unterminated-string"),
        ),
        case(
            "many-syntax-errors",
            "zone a { trust = }\n".repeat(2000).into_bytes(),
            Some("vakt::too-many-errors"),
        ),
        case("deepest-nesting", deepest_nesting(), None),
    ]
}

/// The cases of 64 KiB and more (generated in tests, never committed).
pub fn large() -> Vec<Case> {
    vec![
        case(
            "nested-brackets",
            nested_brackets(),
            Some("vakt::nesting-too-deep"),
        ),
        case(
            "nested-brackets-closed",
            nested_brackets_closed(),
            Some("vakt::nesting-too-deep"),
        ),
        case(
            "nested-parens-in-rule",
            nested_in_rule("(", ")"),
            Some("vakt::nesting-too-deep"),
        ),
        case(
            "nested-not-in-rule",
            nested_in_rule("not ", ""),
            Some("vakt::nesting-too-deep"),
        ),
        case(
            "nested-lists-in-rule",
            nested_in_rule("x in [", "]"),
            Some("vakt::nesting-too-deep"),
        ),
        case(
            "and-chain-in-rule",
            chain_in_rule(" and "),
            Some("vakt::nesting-too-deep"),
        ),
        case(
            "or-chain-in-rule",
            chain_in_rule(" or "),
            Some("vakt::nesting-too-deep"),
        ),
        case("long-string", long_string(), None),
        case("long-identifier", long_identifier(), None),
        case(
            "long-identifiers-misspelt",
            long_identifiers_misspelt(),
            Some("vakt::unknown-reference"),
        ),
        case(
            "many-unknown-references",
            many_unknown_references(),
            Some("vakt::unknown-reference"),
        ),
        case(
            "unknown-references-on-one-line",
            unknown_references_on_one_line(),
            Some("vakt::unknown-reference"),
        ),
        case("deep-category-chain", deep_category_chain(), None),
        case("long-flow-chain", long_flow_chain(), None),
    ]
}

fn case(name: &'static str, bytes: Vec<u8>, expect: Option<&'static str>) -> Case {
    Case {
        name,
        bytes,
        expect,
    }
}

/// A xorshift generator: the same bytes on every platform and run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

fn random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut rng = Rng(seed);
    (0..len).map(|_| rng.next().to_le_bytes()[0]).collect()
}

/// Tokens of the language in random order: mostly nonsense, but made of
/// the pieces the parser knows.
fn random_tokens(seed: u64, count: usize) -> Vec<u8> {
    const TOKENS: &[&str] = &[
        "zone",
        "system",
        "flow",
        "rule",
        "allow",
        "use",
        "category",
        "each",
        "forbid",
        "path",
        "where",
        "must",
        "from",
        "to",
        "carrying",
        "avoiding",
        "and",
        "or",
        "not",
        "in",
        "has",
        "on",
        "because",
        "until",
        "a",
        "b.c",
        "it",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        "=",
        "==",
        "!=",
        "<=",
        ",",
        ";",
        ":",
        "->",
        "<->",
        ".",
        "\"s\"",
        "\"\\u{1F512}\"",
        "7d",
        "10y",
        "3mo",
        "2026-12-31",
        "2026-02-30",
        "99999999999999999999",
        "true",
        "false",
        "\n",
        "\n",
        " ",
        "// c\n",
        "/* c */",
        "holds.any(",
        "sensitive",
        "trust",
        "closed",
        "\t",
        "\r\n",
        "ø",
    ];
    let mut rng = Rng(seed);
    let mut text = String::new();
    for _ in 0..count {
        let token = TOKENS.get(rng.below(TOKENS.len())).copied().unwrap_or(" ");
        text.push_str(token);
        text.push(' ');
    }
    text.into_bytes()
}

fn nul_bytes() -> Vec<u8> {
    b"zone a { trust = closed }\n\0\0\0\nsystem s { zone = a, owner = \"x\0y\" }\nsystem t\0 { zone = a }\n".to_vec()
}

fn invalid_utf8() -> Vec<u8> {
    let mut bytes = b"zone a { trust = closed }\nsystem s \"".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe, 0xc3]);
    bytes.extend_from_slice(b"\" { zone = a }\n");
    bytes
}

fn bom_crlf() -> Vec<u8> {
    "\u{feff}// a model with Windows line endings\r\nzone a { trust = closed }\r\nsystem s {\r\n  zone = a\r\n}\r\n"
        .as_bytes()
        .to_vec()
}

/// The deepest nesting vakt reads (`MAX_DEPTH`, 128 levels) in every
/// place that nests, so each stage recurses as deep as it ever will.
fn deepest_nesting() -> Vec<u8> {
    const MAX: usize = 128;
    let operands: Vec<String> = (0..MAX).map(|i| format!("a{i} == {i}")).collect();
    format!(
        "zone a {{ trust = closed, tags = {}{} }}\nsystem s {{ zone = a }}\n\
         rule parens {{ each system where {}true{} must has zone }}\n\
         rule nots {{ each system where {}false must has zone }}\n\
         rule mixed {{ each system where {}true{} must has zone }}\n\
         rule lists {{ forbid system where x in {}1{} }}\n\
         rule chain {{ forbid system where {} }}\n",
        "[".repeat(MAX),
        "]".repeat(MAX),
        "(".repeat(MAX),
        ")".repeat(MAX),
        "not ".repeat(MAX),
        "(not ".repeat(MAX / 2),
        ")".repeat(MAX / 2),
        "[".repeat(MAX - 1),
        "]".repeat(MAX - 1),
        operands.join(" and "),
    )
    .into_bytes()
}

fn nested_brackets() -> Vec<u8> {
    format!(
        "zone a {{ trust = closed, tags = {} }}\nsystem s {{ zone = a }}\n",
        "[".repeat(DEEP)
    )
    .into_bytes()
}

fn nested_brackets_closed() -> Vec<u8> {
    format!(
        "zone a {{ trust = closed, tags = {}{} }}\nsystem s {{ zone = a }}\n",
        "[".repeat(DEEP),
        "]".repeat(DEEP)
    )
    .into_bytes()
}

fn nested_in_rule(open: &str, close: &str) -> Vec<u8> {
    format!(
        "zone a {{ trust = closed }}\nrule deep {{\n  each system where {}true{} must has zone\n}}\n",
        open.repeat(DEEP),
        close.repeat(DEEP)
    )
    .into_bytes()
}

fn chain_in_rule(operator: &str) -> Vec<u8> {
    let operands: Vec<String> = (0..DEEP).map(|i| format!("a{i} == {i}")).collect();
    format!(
        "zone a {{ trust = closed }}\nrule long {{\n  forbid system where {}\n}}\n",
        operands.join(operator)
    )
    .into_bytes()
}

fn long_string() -> Vec<u8> {
    let mut text = String::from("zone a { trust = closed }\nsystem s \"");
    // 2 MB, with an escape now and then and some two-byte characters.
    for i in 0..(2 * 1024 * 1024 / 16) {
        if i % 1000 == 0 {
            text.push_str("\\n\\\"æøå\\u{1F512} ");
        } else {
            text.push_str("personopplysning");
        }
    }
    text.push_str("\" { zone = a }\n");
    text.into_bytes()
}

fn long_identifier() -> Vec<u8> {
    let id = "x".repeat(100_000);
    format!("zone {id} {{ trust = closed }}\nsystem s {{ zone = {id} }}\n").into_bytes()
}

/// Two 100,000-character ids one letter apart, so "did you mean" has long
/// candidates to compare.
fn long_identifiers_misspelt() -> Vec<u8> {
    let id = "x".repeat(100_000);
    format!("zone {id}a {{ trust = closed }}\nsystem s {{ zone = {id}b }}\n").into_bytes()
}

fn many_unknown_references() -> Vec<u8> {
    let mut text = String::from("zone a { trust = closed }\n");
    for i in 0..100_000 {
        let _ = writeln!(text, "system s{i} {{ zone = nowhere{i} }}");
    }
    text.into_bytes()
}

fn unknown_references_on_one_line() -> Vec<u8> {
    let names: Vec<String> = (0..100_000).map(|i| format!("ukjent{i}")).collect();
    format!(
        "zone a {{ trust = closed }}\nsystem s {{ zone = a, stores = [{}] }}\n",
        names.join(", ")
    )
    .into_bytes()
}

fn deep_category_chain() -> Vec<u8> {
    let mut text = String::from(
        "zone a { trust = closed }\ncategory k0 { sensitive = true, retention = 1y }\n",
    );
    for i in 1..DEEP {
        let _ = writeln!(text, "category k{i} {{ parent = k{} }}", i - 1);
    }
    let _ = writeln!(
        text,
        "system s {{ zone = a, stores = [k{}], basis = consent, law = \"x\", owner = \"o\", access_logging = true }}",
        DEEP - 1
    );
    text.into_bytes()
}

/// A chain of systems from the public zone to one holding sensitive data,
/// so the path rules search it end to end.
fn long_flow_chain() -> Vec<u8> {
    let mut text = String::from(
        "use \"kommune\"\nzone pub { trust = public }\nzone lukket { trust = closed }\ncategory helse { sensitive = true }\n",
    );
    for i in 0..DEEP {
        let zone = if i == 0 { "pub" } else { "lukket" };
        let _ = writeln!(text, "system s{i} {{ zone = {zone} }}");
    }
    for i in 1..DEEP {
        let _ = writeln!(text, "flow s{} -> s{i}", i - 1);
    }
    let _ = writeln!(
        text,
        "system arkiv {{ zone = lukket, stores = [helse] }}\nflow s{} -> arkiv",
        DEEP - 1
    );
    text.into_bytes()
}
