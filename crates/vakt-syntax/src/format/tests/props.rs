//! Random valid models, written with random spacing, separators, escapes
//! and comments: formatting them must succeed (the soundness check
//! passes), keep the items, and be idempotent.

use proptest::prelude::*;
use proptest::sample::select;

use crate::parser::parse;
use crate::span::FileId;

const IDS: &[&str] = &[
    "a",
    "b",
    "epj",
    "lukket-sone",
    "helse.journal",
    "bø_2",
    "x1",
];
const KEYS: &[&str] = &[
    "zone",
    "owner",
    "stores",
    "severity",
    "x_1",
    "bø",
    "a-b",
    "retention",
];
const KINDS: &[&str] = &[
    "organization",
    "zone",
    "category",
    "subject",
    "processor",
    "party",
    "system",
];
const ATOMS: &[&str] = &[
    "zone.trust",
    "it",
    "from.zone.trust",
    "to.controller",
    "closed",
    "helse.journal",
    "x",
    "true",
    "150",
    "7d",
    "3mo",
    "2026-12-31",
    "\"NO\"",
    "\"a \\\"q\\\"\"",
];
const SETS: &[&str] = &["holds", "carries", "stores", "from.holds"];
const QUANTIFIERS: &[&str] = &["any", "all", "none"];
const COMPARISONS: &[&str] = &["==", "!=", "<", "<=", ">", ">=", "in"];
const CHARS: &[char] = &[
    'a', 'Z', ' ', 'ø', 'Æ', '«', '€', '"', '\\', '\n', '\t', '\r', '\u{7}', '\u{feff}', '😀',
];
const DATES: &[&str] = &["2026-12-31", "2024-02-29", "1999-01-01"];
const UNITS: &[&str] = &["h", "d", "w", "mo", "y"];

#[derive(Debug, Clone)]
enum Value {
    Str(String),
    Int(u64),
    Duration(u64, &'static str),
    Date(&'static str),
    Bool(bool),
    Name(&'static str),
    List(Vec<Value>),
}

#[derive(Debug, Clone)]
enum Expr {
    Atom(&'static str),
    Has(&'static str),
    Quantified(&'static str, &'static str, Option<Box<Expr>>),
    Not(Box<Expr>),
    Compare(&'static str, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Paren(Box<Expr>),
    List(Vec<Expr>),
}

#[derive(Debug, Clone)]
enum Statement {
    Each(&'static str, Option<Expr>, Expr),
    Forbid(&'static str, Expr),
    Path(Expr, Expr, Option<Expr>, Option<Expr>),
}

type Attrs = Vec<(&'static str, Value)>;

#[derive(Debug, Clone)]
enum Item {
    Use(String),
    Entity(&'static str, &'static str, Option<String>, Option<Attrs>),
    Flow(
        Option<&'static str>,
        (&'static str, &'static str),
        bool,
        Option<String>,
        Option<Attrs>,
    ),
    Rule(&'static str, Option<String>, Attrs, Statement, usize),
    Allow(
        &'static str,
        &'static str,
        Option<String>,
        String,
        Option<&'static str>,
    ),
}

fn string() -> impl Strategy<Value = String> {
    prop::collection::vec(select(CHARS), 0..6).prop_map(|chars| chars.into_iter().collect())
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        string().prop_map(Value::Str),
        (0u64..2000).prop_map(Value::Int),
        (0u64..100, select(UNITS)).prop_map(|(n, u)| Value::Duration(n, u)),
        select(DATES).prop_map(Value::Date),
        any::<bool>().prop_map(Value::Bool),
        select(IDS).prop_map(Value::Name),
    ];
    leaf.prop_recursive(2, 12, 5, |inner| {
        prop::collection::vec(inner, 0..5).prop_map(Value::List)
    })
}

fn expr() -> impl Strategy<Value = Expr> {
    let leaf = prop_oneof![
        3 => select(ATOMS).prop_map(Expr::Atom),
        1 => select(KEYS).prop_map(Expr::Has),
        1 => (select(SETS), select(QUANTIFIERS)).prop_map(|(s, q)| Expr::Quantified(s, q, None)),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        let boxed = inner.clone().prop_map(Box::new);
        prop_oneof![
            boxed.clone().prop_map(Expr::Not),
            (select(COMPARISONS), boxed.clone(), boxed.clone())
                .prop_map(|(op, l, r)| Expr::Compare(op, l, r)),
            (boxed.clone(), boxed.clone()).prop_map(|(l, r)| Expr::And(l, r)),
            (boxed.clone(), boxed.clone()).prop_map(|(l, r)| Expr::Or(l, r)),
            boxed.clone().prop_map(Expr::Paren),
            prop::collection::vec(inner, 0..4).prop_map(Expr::List),
            (select(SETS), select(QUANTIFIERS), boxed).prop_map(|(s, q, x)| Expr::Quantified(
                s,
                q,
                Some(x)
            )),
        ]
    })
}

fn statement() -> impl Strategy<Value = Statement> {
    let kinds = select(&["system", "flow", "category", "zone"][..]);
    prop_oneof![
        (kinds.clone(), prop::option::of(expr()), expr())
            .prop_map(|(k, w, m)| Statement::Each(k, w, m)),
        (kinds, expr()).prop_map(|(k, c)| Statement::Forbid(k, c)),
        (
            expr(),
            expr(),
            prop::option::of(expr()),
            prop::option::of(expr())
        )
            .prop_map(|(a, b, c, d)| Statement::Path(a, b, c, d)),
    ]
}

fn attrs() -> impl Strategy<Value = Attrs> {
    prop::collection::vec((select(KEYS), value()), 0..5)
}

fn item() -> impl Strategy<Value = Item> {
    prop_oneof![
        1 => string().prop_map(Item::Use),
        4 => (select(KINDS), select(IDS), prop::option::of(string()), prop::option::of(attrs()))
            .prop_map(|(k, id, label, body)| Item::Entity(k, id, label, body)),
        2 => (
            prop::option::of(select(IDS)),
            (select(IDS), select(IDS)),
            any::<bool>(),
            prop::option::of(string()),
            prop::option::of(attrs()),
        )
            .prop_map(|(id, ends, both, label, body)| Item::Flow(id, ends, both, label, body)),
        2 => (select(IDS), prop::option::of(string()), attrs(), statement(), 0usize..5)
            .prop_map(|(id, title, attrs, s, at)| Item::Rule(id, title, attrs, s, at)),
        1 => (
            select(IDS),
            select(KINDS),
            prop::option::of(string()),
            string(),
            prop::option::of(select(DATES)),
        )
            .prop_map(|(r, k, t, b, u)| Item::Allow(r, k, t, b, u)),
    ]
}

/// Where two tokens meet.
#[derive(Clone, Copy)]
enum Gap {
    /// Blanks or block comments only (no line break).
    Space,
    /// Anything: line breaks and comments of both kinds.
    Any,
    /// Between attributes of a block.
    Entry,
    /// Between declarations.
    Item,
    /// Before the first declaration.
    Start,
}

impl Gap {
    fn choices(self) -> &'static [&'static str] {
        match self {
            Gap::Space => &[
                " ",
                "  ",
                "\t",
                " /* c */ ",
                " /**/ ",
                " /* two\n lines */ ",
            ],
            Gap::Any => &[
                " ",
                "\n    ",
                " // line  \n  ",
                " /* c */ ",
                "\n\n  ",
                "\n  // own æ\n  ",
                "\t/* a */ /* b */\n",
            ],
            Gap::Entry => &[
                "\n  ",
                ", ",
                "; ",
                ",\n  ",
                " // trailing\n  ",
                "\n\n  ",
                "\n  // own\n  ",
                " /* x */, ",
            ],
            Gap::Start => &["", "\n\n", "// header\n", "/* header */\n\n"],
            Gap::Item => &[
                "\n",
                "\n\n",
                "\n\n\n",
                "; ",
                " // trailing\n",
                "\n// own\n",
                "\n\n/* block\n   comment */\n",
                " /* x */\n",
            ],
        }
    }
}

/// Writes source text, choosing each gap from `noise`.
struct Writer<'n> {
    out: String,
    noise: &'n [u8],
    next: usize,
}

impl Writer<'_> {
    fn tok(&mut self, text: &str) {
        self.out.push_str(text);
    }

    fn gap(&mut self, gap: Gap) {
        let choices = gap.choices();
        let pick = self.noise.get(self.next % self.noise.len().max(1)).copied();
        self.next += 1;
        let pick = usize::from(pick.unwrap_or(0)) % choices.len();
        self.out.push_str(choices[pick]);
    }

    fn pick(&mut self) -> u8 {
        let pick = self.noise.get(self.next % self.noise.len().max(1)).copied();
        self.next += 1;
        pick.unwrap_or(0)
    }

    fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            let escape = self.pick().is_multiple_of(3);
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\t' if escape => self.out.push_str("\\t"),
                c if escape || c == '\r' => {
                    self.out.push_str(&format!("\\u{{{:X}}}", u32::from(c)))
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    fn value(&mut self, v: &Value) {
        match v {
            Value::Str(s) => self.string(s),
            Value::Int(n) => self.tok(&n.to_string()),
            Value::Duration(n, u) => self.tok(&format!("{n}{u}")),
            Value::Date(d) | Value::Name(d) => self.tok(d),
            Value::Bool(b) => self.tok(&b.to_string()),
            Value::List(items) => {
                self.tok("[");
                for item in items {
                    self.gap(Gap::Any);
                    self.value(item);
                    self.gap(Gap::Any);
                    self.tok(",");
                }
                self.gap(Gap::Any);
                self.tok("]");
            }
        }
    }

    fn block(&mut self, attrs: &Attrs) {
        self.gap(Gap::Any);
        self.tok("{");
        self.gap(Gap::Any);
        for (k, (key, value)) in attrs.iter().enumerate() {
            if k > 0 {
                self.gap(Gap::Entry);
            }
            self.attr(key, value);
        }
        self.gap(Gap::Any);
        self.tok("}");
    }

    fn attr(&mut self, key: &str, value: &Value) {
        self.tok(key);
        self.gap(Gap::Space);
        self.tok("=");
        self.gap(Gap::Space);
        self.value(value);
    }

    /// `level`: 0 or, 1 and, 2 not, 3 comparison, 4 operand.
    fn expr(&mut self, e: &Expr, level: u8) {
        let natural = match e {
            Expr::Or(..) => 0,
            Expr::And(..) => 1,
            Expr::Not(_) => 2,
            Expr::Compare(..) | Expr::Has(_) => 3,
            _ => 4,
        };
        if natural < level {
            self.tok("(");
            self.gap(Gap::Any);
            self.expr(e, 0);
            self.gap(Gap::Any);
            self.tok(")");
            return;
        }
        match e {
            Expr::Or(l, r) => self.binary(l, 0, "or", r, 1),
            Expr::And(l, r) => self.binary(l, 1, "and", r, 2),
            Expr::Compare(op, l, r) => self.binary(l, 4, op, r, 4),
            Expr::Not(inner) => {
                self.tok("not");
                self.gap(Gap::Any);
                self.expr(inner, 2);
            }
            Expr::Has(path) => {
                self.tok("has");
                self.gap(Gap::Any);
                self.tok(path);
            }
            Expr::Quantified(set, q, arg) => {
                self.tok(&format!("{set}.{q}("));
                self.gap(Gap::Any);
                if let Some(arg) = arg {
                    self.expr(arg, 0);
                    self.gap(Gap::Any);
                }
                self.tok(")");
            }
            Expr::Paren(inner) => {
                self.tok("(");
                self.gap(Gap::Any);
                self.expr(inner, 0);
                self.gap(Gap::Any);
                self.tok(")");
            }
            Expr::List(items) => {
                self.tok("[");
                for (k, item) in items.iter().enumerate() {
                    if k > 0 {
                        self.tok(",");
                    }
                    self.gap(Gap::Any);
                    self.expr(item, 0);
                    self.gap(Gap::Any);
                }
                self.tok("]");
            }
            Expr::Atom(a) => self.tok(a),
        }
    }

    fn binary(&mut self, l: &Expr, ll: u8, op: &str, r: &Expr, rl: u8) {
        self.expr(l, ll);
        self.gap(Gap::Any);
        self.tok(op);
        self.gap(Gap::Any);
        self.expr(r, rl);
    }

    fn words(&mut self, words: &[&str]) {
        for word in words {
            self.tok(word);
            self.gap(Gap::Any);
        }
    }

    fn statement(&mut self, s: &Statement) {
        match s {
            Statement::Each(kind, filter, must) => {
                self.words(&["each", kind]);
                if let Some(filter) = filter {
                    self.words(&["where"]);
                    self.expr(filter, 0);
                    self.gap(Gap::Any);
                }
                self.words(&["must"]);
                self.expr(must, 0);
            }
            Statement::Forbid(kind, condition) => {
                self.words(&["forbid", kind, "where"]);
                self.expr(condition, 0);
            }
            Statement::Path(from, to, carrying, avoiding) => {
                self.words(&["forbid", "path", "from", "system", "where"]);
                self.expr(from, 0);
                self.gap(Gap::Any);
                self.words(&["to", "system", "where"]);
                self.expr(to, 0);
                if let Some(carrying) = carrying {
                    self.gap(Gap::Any);
                    self.words(&["carrying"]);
                    self.expr(carrying, 0);
                }
                if let Some(avoiding) = avoiding {
                    self.gap(Gap::Any);
                    self.words(&["avoiding", "system", "where"]);
                    self.expr(avoiding, 0);
                }
            }
        }
    }

    fn label(&mut self, label: Option<&String>) {
        if let Some(label) = label {
            self.gap(Gap::Space);
            self.string(label);
        }
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Use(target) => {
                self.tok("use");
                self.gap(Gap::Space);
                self.string(target);
            }
            Item::Entity(kind, id, label, body) => {
                self.tok(kind);
                self.gap(Gap::Space);
                self.tok(id);
                self.label(label.as_ref());
                if let Some(body) = body {
                    self.block(body);
                }
            }
            Item::Flow(id, (from, to), both, label, body) => {
                self.tok("flow");
                self.gap(Gap::Space);
                if let Some(id) = id {
                    self.tok(id);
                    self.gap(Gap::Space);
                    self.tok(":");
                    self.gap(Gap::Space);
                }
                self.tok(from);
                self.gap(Gap::Space);
                self.tok(if *both { "<->" } else { "->" });
                self.gap(Gap::Space);
                self.tok(to);
                self.label(label.as_ref());
                if let Some(body) = body {
                    self.block(body);
                }
            }
            Item::Rule(id, title, attrs, statement, at) => {
                self.tok("rule");
                self.gap(Gap::Space);
                self.tok(id);
                self.label(title.as_ref());
                self.gap(Gap::Any);
                self.tok("{");
                self.gap(Gap::Any);
                let at = at % (attrs.len() + 1);
                for k in 0..=attrs.len() {
                    if k > 0 {
                        self.gap(Gap::Entry);
                    }
                    if k == at {
                        self.statement(statement);
                        if k < attrs.len() {
                            self.gap(Gap::Entry);
                        }
                    }
                    if let Some((key, value)) = attrs.get(k) {
                        self.attr(key, value);
                    }
                }
                self.gap(Gap::Any);
                self.tok("}");
            }
            Item::Allow(rule, kind, target, because, until) => {
                self.tok("allow");
                self.gap(Gap::Space);
                self.tok(rule);
                self.gap(Gap::Any);
                self.tok("on");
                self.gap(Gap::Space);
                self.tok(kind);
                self.gap(Gap::Space);
                match target {
                    Some(target) => self.string(target),
                    None => self.tok(rule),
                }
                self.gap(Gap::Any);
                self.tok("because");
                self.gap(Gap::Space);
                self.string(because);
                if let Some(until) = until {
                    self.gap(Gap::Any);
                    self.tok("until");
                    self.gap(Gap::Space);
                    self.tok(until);
                }
            }
        }
    }
}

fn source(items: &[Item], noise: &[u8], crlf: bool, bom: bool) -> String {
    let mut w = Writer {
        out: String::new(),
        noise,
        next: 0,
    };
    if bom {
        w.tok("\u{feff}");
    }
    w.gap(Gap::Start);
    for item in items {
        w.item(item);
        w.gap(Gap::Item);
    }
    if crlf {
        w.out.replace('\n', "\r\n")
    } else {
        w.out
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn random_models_format_soundly_and_idempotently(
        items in prop::collection::vec(item(), 0..7),
        noise in prop::collection::vec(any::<u8>(), 1..64),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let text = source(&items, &noise, crlf, bom);
        let parsed = parse(FileId(0), &text);
        prop_assert!(parsed.diagnostics.is_empty(), "generated invalid source:\n{text}\n{:#?}", parsed.diagnostics);
        super::fmt(&text);
    }
}
