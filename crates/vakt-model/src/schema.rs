//! The known attributes of each kind (SPEC §2) and their types.
//!
//! One table drives type checking when the model is built, attribute lookup
//! in rules, and the "did you mean" for misspelt attributes.

use vakt_syntax::ast::Kind;

/// What values an attribute takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrType {
    /// A string.
    Str,
    /// `true` or `false`.
    Bool,
    /// One of a closed set of symbols.
    Enum(&'static [&'static str]),
    /// Any symbol; the listed ones are the usual values.
    Symbol(&'static [&'static str]),
    /// An upper-case ISO 3166 alpha-2 country code, as a string.
    Country,
    /// A reference to an entity of a kind.
    Ref(Kind),
    /// A list of references to entities of a kind.
    RefList(Kind),
    /// A duration or `permanent` (and, if the flag is set, a string).
    Retention {
        /// Whether a free-text retention (`"se arkivplan"`) is accepted.
        text: bool,
    },
    /// Computed by vakt; cannot be written.
    Derived(Derived),
}

/// The derived attributes of SPEC §3, and a flow's endpoints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Derived {
    /// A flow's source system.
    From,
    /// A flow's target system.
    To,
    /// Categories that reach a system through flows.
    Receives,
    /// `stores ∪ receives`.
    Holds,
    /// Flows into a system.
    Inflows,
    /// Flows out of a system.
    Outflows,
    /// Systems holding a category or a descendant of it.
    HeldBy,
}

/// A known attribute.
#[derive(Debug)]
pub struct AttrDef {
    /// The name.
    pub name: &'static str,
    /// Its type.
    pub ty: AttrType,
    /// Whether every entity of the kind must set it.
    pub required: bool,
}

const fn attr(name: &'static str, ty: AttrType) -> AttrDef {
    AttrDef {
        name,
        ty,
        required: false,
    }
}

const fn required(name: &'static str, ty: AttrType) -> AttrDef {
    AttrDef {
        name,
        ty,
        required: true,
    }
}

/// The trust levels of zones, most trusted first.
pub const TRUST: &[&str] = &["closed", "internal", "external", "public"];
/// GDPR art. 6 bases.
pub const BASIS: &[&str] = &[
    "consent",
    "contract",
    "legal_obligation",
    "vital_interest",
    "public_task",
    "legitimate_interest",
];
/// Bases for transfers outside the EEA.
pub const TRANSFER: &[&str] = &["adequacy", "scc", "bcr", "derogation"];
/// Usual channels of flows.
pub const CHANNELS: &[&str] = &[
    "email", "sms", "https", "sftp", "api", "phone", "paper", "portal",
];
/// Usual authentication methods.
pub const AUTH: &[&str] = &["idporten", "password", "none"];

static ORGANIZATION: [AttrDef; 2] = [
    attr("controller", AttrType::Str),
    attr("dpo", AttrType::Str),
];
static ZONE: [AttrDef; 1] = [required("trust", AttrType::Enum(TRUST))];
static CATEGORY: [AttrDef; 5] = [
    attr("sensitive", AttrType::Bool),
    attr("personal", AttrType::Bool),
    attr("parent", AttrType::Ref(Kind::Category)),
    attr("retention", AttrType::Retention { text: false }),
    attr("held_by", AttrType::Derived(Derived::HeldBy)),
];
static SUBJECT: [AttrDef; 0] = [];
static PROCESSOR: [AttrDef; 3] = [
    attr("agreement", AttrType::Str),
    attr("country", AttrType::Country),
    attr("transfer", AttrType::Enum(TRANSFER)),
];
static PARTY: [AttrDef; 4] = [
    attr("country", AttrType::Country),
    attr("transfer", AttrType::Enum(TRANSFER)),
    attr("basis", AttrType::Enum(BASIS)),
    attr("law", AttrType::Str),
];
static SYSTEM: [AttrDef; 17] = [
    required("zone", AttrType::Ref(Kind::Zone)),
    attr("owner", AttrType::Str),
    attr("operator", AttrType::Ref(Kind::Processor)),
    attr("controller", AttrType::Ref(Kind::Party)),
    attr("stores", AttrType::RefList(Kind::Category)),
    attr("subjects", AttrType::RefList(Kind::Subject)),
    attr("basis", AttrType::Enum(BASIS)),
    attr("law", AttrType::Str),
    attr("retention", AttrType::Retention { text: true }),
    attr("access_logging", AttrType::Bool),
    attr("encrypted_at_rest", AttrType::Bool),
    attr("auth", AttrType::Symbol(AUTH)),
    attr("purpose", AttrType::Str),
    attr("receives", AttrType::Derived(Derived::Receives)),
    attr("holds", AttrType::Derived(Derived::Holds)),
    attr("inflows", AttrType::Derived(Derived::Inflows)),
    attr("outflows", AttrType::Derived(Derived::Outflows)),
];
static FLOW: [AttrDef; 8] = [
    attr("carries", AttrType::RefList(Kind::Category)),
    attr("channel", AttrType::Symbol(CHANNELS)),
    attr("encrypted", AttrType::Bool),
    attr("purpose", AttrType::Str),
    attr("basis", AttrType::Enum(BASIS)),
    attr("law", AttrType::Str),
    attr("from", AttrType::Derived(Derived::From)),
    attr("to", AttrType::Derived(Derived::To)),
];

/// The known attributes of a kind.
pub fn attributes(kind: Kind) -> &'static [AttrDef] {
    match kind {
        Kind::Organization => &ORGANIZATION,
        Kind::Zone => &ZONE,
        Kind::Category => &CATEGORY,
        Kind::Subject => &SUBJECT,
        Kind::Processor => &PROCESSOR,
        Kind::Party => &PARTY,
        Kind::System => &SYSTEM,
        Kind::Flow => &FLOW,
    }
}

/// The known attribute `name` of `kind`.
pub fn known(kind: Kind, name: &str) -> Option<&'static AttrDef> {
    attributes(kind).iter().find(|a| a.name == name)
}

impl AttrType {
    /// Names the type for messages: "a zone", "a list of categories", "one of …".
    pub fn describe(self) -> String {
        match self {
            AttrType::Str => "a string".to_owned(),
            AttrType::Bool => "`true` or `false`".to_owned(),
            AttrType::Enum(options) => format!("one of {}", list(options)),
            AttrType::Symbol(_) => "a name".to_owned(),
            AttrType::Country => "a country code such as \"NO\"".to_owned(),
            AttrType::Ref(kind) => format!("{} {kind}", article(kind)),
            AttrType::RefList(kind) => format!("a list of {}", plural(kind)),
            AttrType::Retention { text: false } => {
                "a duration (such as `10y`) or `permanent`".to_owned()
            }
            AttrType::Retention { text: true } => {
                "a duration (such as `10y`), `permanent` or a string".to_owned()
            }
            AttrType::Derived(_) => "nothing: vakt computes it".to_owned(),
        }
    }

    /// Whether values of this type are symbols (so a bare name compared with
    /// it is a symbol, never an id).
    pub fn is_symbolic(self) -> bool {
        matches!(self, AttrType::Enum(_) | AttrType::Symbol(_))
    }
}

/// `a` or `an` for a kind.
pub fn article(kind: Kind) -> &'static str {
    match kind {
        Kind::Organization => "an",
        _ => "a",
    }
}

/// The plural of a kind's name.
pub fn plural(kind: Kind) -> &'static str {
    match kind {
        Kind::Organization => "organizations",
        Kind::Zone => "zones",
        Kind::Category => "categories",
        Kind::Subject => "subjects",
        Kind::Processor => "processors",
        Kind::Party => "parties",
        Kind::System => "systems",
        Kind::Flow => "flows",
    }
}

/// `` `a`, `b` or `c` ``
pub fn list(options: &[&str]) -> String {
    let mut out = String::new();
    for (i, o) in options.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == options.len() { " or " } else { ", " });
        }
        out.push('`');
        out.push_str(o);
        out.push('`');
    }
    out
}

/// Whether an upper-case alpha-2 code is in the EEA (EU-27, Iceland,
/// Liechtenstein, Norway).
pub fn in_eea(code: &str) -> bool {
    EEA.contains(&code)
}

/// The EEA: EU-27 plus IS, LI and NO.
pub const EEA: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];
