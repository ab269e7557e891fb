//! The syntax tree of one vakt source file.
//!
//! The tree keeps every span and the comments (as a side list), so the
//! formatter can print it back and diagnostics can point at any piece. It
//! derives `PartialEq` that ignores spans (see [`Span`]), which compares two
//! trees by meaning.

use smol_str::SmolStr;

use crate::literal::{Date, Duration};
use crate::span::{FileId, Span};

/// One parsed source file.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    /// The file it was parsed from.
    pub file: FileId,
    /// Top-level items in source order.
    pub items: Vec<Item>,
    /// Comments in source order.
    pub comments: Vec<Comment>,
}

/// A comment, `// …` or `/* … */`; its text is the source under its span.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Comment {
    /// The whole comment including its delimiters.
    pub span: Span,
    /// Whether it is a `/* … */` block comment.
    pub block: bool,
}

/// A top-level item.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// `use "…"`
    Use(UseDecl),
    /// `zone lukket "Lukket sone" { … }` and the other entity kinds.
    Entity(EntityDecl),
    /// `flow a -> b { … }`
    Flow(FlowDecl),
    /// `rule id "Title" { … }`
    Rule(RuleDecl),
    /// `allow rule on kind id because "…"`
    Allow(AllowDecl),
}

impl Item {
    /// The span of the whole item.
    pub fn span(&self) -> Span {
        match self {
            Item::Use(u) => u.span,
            Item::Entity(e) => e.span,
            Item::Flow(f) => f.span,
            Item::Rule(r) => r.span,
            Item::Allow(a) => a.span,
        }
    }
}

/// The kinds of declared entities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `organization`
    Organization,
    /// `zone`
    Zone,
    /// `category`
    Category,
    /// `subject`
    Subject,
    /// `processor`
    Processor,
    /// `party`
    Party,
    /// `system`
    System,
    /// `flow`
    Flow,
}

impl Kind {
    /// Every kind, in the order of the language reference.
    pub const ALL: [Kind; 8] = [
        Kind::Organization,
        Kind::Zone,
        Kind::Category,
        Kind::Subject,
        Kind::Processor,
        Kind::Party,
        Kind::System,
        Kind::Flow,
    ];

    /// The keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Kind::Organization => "organization",
            Kind::Zone => "zone",
            Kind::Category => "category",
            Kind::Subject => "subject",
            Kind::Processor => "processor",
            Kind::Party => "party",
            Kind::System => "system",
            Kind::Flow => "flow",
        }
    }

    /// The kind a keyword names.
    pub fn from_keyword(word: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.keyword() == word)
    }

    /// The kind's index in [`Kind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.keyword())
    }
}

/// A name as written: an identifier, possibly dotted (`helse.journal`).
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    /// The text.
    pub text: SmolStr,
    /// Where it is.
    pub span: Span,
}

impl Ident {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// A string literal.
#[derive(Clone, Debug, PartialEq)]
pub struct StrLit {
    /// The value, with escapes resolved (short strings are stored inline).
    pub value: SmolStr,
    /// Where it is, quotes included.
    pub span: Span,
}

/// `use "path"`
#[derive(Clone, Debug, PartialEq)]
pub struct UseDecl {
    /// A pack name (`kommune`) or a path relative to this file.
    pub target: StrLit,
    /// The whole item.
    pub span: Span,
}

/// `KIND id ["Display name"] [{ attr = value … }]`
#[derive(Clone, Debug, PartialEq)]
pub struct EntityDecl {
    /// The kind.
    pub kind: Kind,
    /// The id.
    pub id: Ident,
    /// The display name.
    pub label: Option<StrLit>,
    /// The attribute block.
    pub body: Option<Block>,
    /// From the keyword to the end of the label (or id): where findings point.
    pub header: Span,
    /// The whole item.
    pub span: Span,
    /// Whether part of it could not be parsed (checks that would only
    /// repeat the syntax error are skipped).
    pub recovered: bool,
}

/// `{ key = value … }`
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The attributes in source order.
    pub attrs: Vec<Attr>,
    /// The braces and everything between.
    pub span: Span,
}

/// `key = value`
#[derive(Clone, Debug, PartialEq)]
pub struct Attr {
    /// The attribute name.
    pub key: Ident,
    /// The value.
    pub value: Value,
    /// Key to end of value.
    pub span: Span,
}

/// An attribute value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `"text"`
    Str(StrLit),
    /// `150`
    Int(u64, Span),
    /// `10y`
    Duration(Duration, Span),
    /// `2026-12-31`
    Date(Date, Span),
    /// `true`, `false`
    Bool(bool, Span),
    /// A name: a reference, a symbol (`closed`) or `permanent`.
    Name(Ident),
    /// `[a, b]`
    List(Vec<Value>, Span),
}

impl Value {
    /// Where the value is.
    pub fn span(&self) -> Span {
        match self {
            Value::Str(s) => s.span,
            Value::Int(_, s)
            | Value::Duration(_, s)
            | Value::Date(_, s)
            | Value::Bool(_, s)
            | Value::List(_, s) => *s,
            Value::Name(i) => i.span,
        }
    }
}

/// `flow [id:] from -> to ["label"] { … }` (or `<->`).
#[derive(Clone, Debug, PartialEq)]
pub struct FlowDecl {
    /// The id, if named.
    pub id: Option<Ident>,
    /// The source system.
    pub from: Ident,
    /// The target system.
    pub to: Ident,
    /// Whether it is `<->`: two flows, one each way.
    pub both_ways: bool,
    /// The display name.
    pub label: Option<StrLit>,
    /// The attribute block.
    pub body: Option<Block>,
    /// From the keyword to the end of the label (or target).
    pub header: Span,
    /// The whole item.
    pub span: Span,
    /// Whether part of it could not be parsed.
    pub recovered: bool,
}

/// `rule id "Title" { attrs… statement }`
#[derive(Clone, Debug, PartialEq)]
pub struct RuleDecl {
    /// The rule id.
    pub id: Ident,
    /// The title.
    pub title: Option<StrLit>,
    /// Attributes and statements in source order.
    pub body: Vec<RuleItem>,
    /// From the keyword to the end of the title (or id).
    pub header: Span,
    /// The braces and everything between.
    pub body_span: Span,
    /// The whole item.
    pub span: Span,
    /// Whether part of it could not be parsed.
    pub recovered: bool,
}

impl RuleDecl {
    /// The attributes (`severity`, `cite`, …).
    pub fn attrs(&self) -> impl Iterator<Item = &Attr> {
        self.body.iter().filter_map(|i| match i {
            RuleItem::Attr(a) => Some(a),
            RuleItem::Statement(_) => None,
        })
    }

    /// The statements (a valid rule has exactly one).
    pub fn statements(&self) -> impl Iterator<Item = &Statement> {
        self.body.iter().filter_map(|i| match i {
            RuleItem::Statement(s) => Some(s),
            RuleItem::Attr(_) => None,
        })
    }
}

/// One line of a rule body.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleItem {
    /// `severity = error`, `cite = "…"`, …
    Attr(Attr),
    /// `each …` or `forbid …`
    Statement(Statement),
}

/// What a rule demands.
#[derive(Clone, Debug, PartialEq)]
pub enum Statement {
    /// `each KIND [where COND] must COND`
    Each {
        /// The kind quantified over.
        kind: Kind,
        /// Where the kind keyword is.
        kind_span: Span,
        /// Which entities the rule applies to.
        filter: Option<Expr>,
        /// What they must meet.
        must: Expr,
        /// The whole statement.
        span: Span,
    },
    /// `forbid KIND where COND`
    Forbid {
        /// The kind quantified over.
        kind: Kind,
        /// Where the kind keyword is.
        kind_span: Span,
        /// What no entity may meet.
        condition: Expr,
        /// The whole statement.
        span: Span,
    },
    /// `forbid path from system where A to system where B [carrying C] [avoiding system where D]`
    ForbidPath {
        /// Where paths start.
        from: Expr,
        /// Where paths must not arrive.
        to: Expr,
        /// Which categories the path must carry.
        carrying: Option<Expr>,
        /// Systems whose presence on the path makes it acceptable.
        avoiding: Option<Expr>,
        /// The whole statement.
        span: Span,
    },
}

impl Statement {
    /// The whole statement.
    pub fn span(&self) -> Span {
        match self {
            Statement::Each { span, .. }
            | Statement::Forbid { span, .. }
            | Statement::ForbidPath { span, .. } => *span,
        }
    }
}

/// `allow RULE on KIND ID because "…" [until DATE]`
#[derive(Clone, Debug, PartialEq)]
pub struct AllowDecl {
    /// The rule whose findings are suppressed.
    pub rule: Ident,
    /// The kind of the subject.
    pub kind: Kind,
    /// Where the kind keyword is.
    pub kind_span: Span,
    /// The subject.
    pub target: AllowTarget,
    /// Why (required).
    pub because: StrLit,
    /// Last day the exception holds.
    pub until: Option<(Date, Span)>,
    /// The whole item.
    pub span: Span,
}

/// The subject of an `allow`: an id, or a string naming an unnamed flow (`"a->b"`).
#[derive(Clone, Debug, PartialEq)]
pub enum AllowTarget {
    /// `on system analyse`
    Id(Ident),
    /// `on flow "a->b"`
    Str(StrLit),
}

impl AllowTarget {
    /// The text naming the subject.
    pub fn text(&self) -> &str {
        match self {
            AllowTarget::Id(i) => i.as_str(),
            AllowTarget::Str(s) => &s.value,
        }
    }

    /// Where it is.
    pub fn span(&self) -> Span {
        match self {
            AllowTarget::Id(i) => i.span,
            AllowTarget::Str(s) => s.span,
        }
    }
}

/// An expression in a rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is.
    pub span: Span,
}

/// The forms of expressions.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// `true`, `false`
    Bool(bool),
    /// `150`
    Int(u64),
    /// `"text"`
    Str(String),
    /// `7d`
    Duration(Duration),
    /// `2026-12-31`
    Date(Date),
    /// `zone.trust`, `helse.journal`, `closed`, `it`
    Path(Path),
    /// `[a, b]`
    List(Vec<Expr>),
    /// `not e`
    Not(Box<Expr>),
    /// `a OP b`
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `has PATH`
    Has(Path),
    /// `S.any(X)`, `S.all(X)`, `S.none(X)`, `S.any()`
    Quantified(Quantifier, Path, Option<Box<Expr>>),
    /// `( e )`
    Paren(Box<Expr>),
}

/// Binary operators, loosest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
}

impl BinOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
        }
    }

    /// Whether it compares two operands (rather than combining truth values).
    pub fn is_comparison(self) -> bool {
        !matches!(self, BinOp::Or | BinOp::And)
    }
}

/// Set quantifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantifier {
    /// `.any(…)`
    Any,
    /// `.all(…)`
    All,
    /// `.none(…)`
    None,
}

impl Quantifier {
    /// The method name.
    pub fn as_str(self) -> &'static str {
        match self {
            Quantifier::Any => "any",
            Quantifier::All => "all",
            Quantifier::None => "none",
        }
    }
}

/// A dotted name in an expression: `from.zone.trust`, `helse.journal`, `it`.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    /// The dot-separated parts.
    pub segments: Vec<Ident>,
    /// Where it is.
    pub span: Span,
}

impl Path {
    /// The path as written, dots included.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, s) in self.segments.iter().enumerate() {
            if i > 0 {
                out.push('.');
            }
            out.push_str(s.as_str());
        }
        out
    }
}

/// Words that cannot be used as ids: the declaration keywords first.
pub const RESERVED: &[&str] = &concat::<11, 19, 30>(DECLARATION_KEYWORDS, OTHER_RESERVED);

/// The keywords that start a declaration (all reserved).
pub(crate) const DECLARATION_KEYWORDS: [&str; 11] = [
    "organization",
    "zone",
    "category",
    "subject",
    "processor",
    "party",
    "system",
    "flow",
    "rule",
    "allow",
    "use",
];

/// The reserved words that do not start a declaration.
const OTHER_RESERVED: [&str; 19] = [
    "each", "where", "must", "forbid", "path", "from", "to", "carrying", "avoiding", "and", "or",
    "not", "in", "has", "on", "because", "until", "true", "false",
];

#[expect(
    clippy::indexing_slicing,
    reason = "C is A + B, checked by the assertion"
)]
const fn concat<const A: usize, const B: usize, const C: usize>(
    a: [&'static str; A],
    b: [&'static str; B],
) -> [&'static str; C] {
    assert!(A + B == C);
    let mut out = [""; C];
    let mut i = 0;
    while i < A {
        out[i] = a[i];
        i += 1;
    }
    while i < C {
        out[i] = b[i - A];
        i += 1;
    }
    out
}

/// Whether `word` is one of [`DECLARATION_KEYWORDS`]: the parser asks
/// before every attribute.
pub(crate) fn is_declaration_keyword(word: &str) -> bool {
    might_be(&DECLARATION_SHAPES, word) && DECLARATION_KEYWORDS.contains(&word)
}

/// Whether a word is reserved: asked for every id and attribute name.
pub fn is_reserved(word: &str) -> bool {
    might_be(&RESERVED_SHAPES, word) && RESERVED.contains(&word)
}

/// For each first and second letter `a`..=`z`, bit `n` is set if a word of
/// the list starts with them and has `n` letters: most ids and attribute
/// names fail this test (`s12`, `stores`), and need no string comparison.
type Shapes = [[u32; 26]; 26];

static DECLARATION_SHAPES: Shapes = shapes(&DECLARATION_KEYWORDS);
static RESERVED_SHAPES: Shapes = shapes(RESERVED);

#[expect(
    clippy::indexing_slicing,
    reason = "the words are lower-case, of 2 to 31 letters (checked by a test)"
)]
const fn shapes(words: &[&str]) -> Shapes {
    let mut table = [[0; 26]; 26];
    let mut i = 0;
    while i < words.len() {
        let word = words[i].as_bytes();
        table[(word[0] - b'a') as usize][(word[1] - b'a') as usize] |= 1 << word.len();
        i += 1;
    }
    table
}

/// Whether `word` has the first letters and length of a word in `shapes`.
fn might_be(shapes: &Shapes, word: &str) -> bool {
    let letter = |b: Option<&u8>| match b {
        Some(&b) if b.is_ascii_lowercase() => Some(usize::from(b - b'a')),
        _ => None,
    };
    let bytes = word.as_bytes();
    let (Some(first), Some(second)) = (letter(bytes.first()), letter(bytes.get(1))) else {
        return false;
    };
    word.len() < 32
        && shapes
            .get(first)
            .and_then(|row| row.get(second))
            .is_some_and(|lengths| lengths & (1 << word.len()) != 0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn reserved_words_pass_their_filter_and_others_do_not() {
        for word in super::RESERVED {
            assert!(super::is_reserved(word), "{word}");
        }
        for word in super::DECLARATION_KEYWORDS {
            assert!(super::RESERVED.contains(&word), "{word}");
            assert!(super::is_declaration_keyword(word), "{word}");
        }
        assert!(!super::is_declaration_keyword("each"));
        assert!(!super::is_reserved("zones"));
        assert!(!super::is_reserved("Zone") && !super::is_reserved(""));
        for word in super::RESERVED {
            assert!((2..32).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_lowercase()));
        }
        for word in ["stores", "s12345", "a", "z1", "_zone", "zone1"] {
            assert!(!super::is_reserved(word), "{word}");
        }
        assert_eq!(super::RESERVED.len(), 30);
    }
}
