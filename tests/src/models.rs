//! Valid vakt models generated from arbitrary bytes, for property tests
//! (`tests/it/properties.rs`, through proptest) and for the structure-aware
//! `model` fuzz target (`fuzz/fuzz_targets/model.rs`, which includes this
//! file by path, so it uses nothing but `std` and `arbitrary`).
//!
//! A [`ModelSpec`] is a set of zones, categories (with parents, sensitivity,
//! retention), subjects, processors, parties, systems (zone, stores,
//! operator, controller, auth, …), flows (carries, channel, encrypted) and
//! `allow`s. Every reference is an index taken modulo the number of
//! entities it can point to, and parents point only to earlier categories,
//! so every spec renders to a model that loads without errors. The layout
//! (separators, comments, CRLF, a byte-order mark) varies too, to exercise
//! the formatter.

use std::fmt::Write as _;

use arbitrary::{Arbitrary, Result, Unstructured};

/// At most this many entities of each kind are rendered.
const MAX_PER_KIND: usize = 24;

/// A model to render.
#[derive(Clone, Debug)]
pub struct ModelSpec {
    /// One zone per trust level given (a zone is added if there is none).
    pub zones: Vec<Trust>,
    /// Categories.
    pub categories: Vec<CategorySpec>,
    /// How many subjects (modulo 4).
    pub subjects: u8,
    /// Processors.
    pub processors: Vec<ProcessorSpec>,
    /// Parties.
    pub parties: Vec<PartySpec>,
    /// Systems.
    pub systems: Vec<SystemSpec>,
    /// Flows.
    pub flows: Vec<FlowSpec>,
    /// Exceptions.
    pub allows: Vec<AllowSpec>,
    /// How the text is laid out.
    pub layout: Layout,
}

/// A list of `T` of at most `max` elements, its length read first (a
/// derived `Vec` may take all the bytes left for its first field).
fn some<'a, T: Arbitrary<'a>>(u: &mut Unstructured<'a>, max: usize) -> Result<Vec<T>> {
    let len = u.int_in_range(0..=max)?;
    (0..len).map(|_| T::arbitrary(u)).collect()
}

impl<'a> Arbitrary<'a> for ModelSpec {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(ModelSpec {
            zones: some(u, 4)?,
            categories: some(u, 8)?,
            subjects: u.arbitrary()?,
            processors: some(u, 4)?,
            parties: some(u, 3)?,
            systems: some(u, 12)?,
            flows: some(u, 20)?,
            allows: some(u, 6)?,
            layout: u.arbitrary()?,
        })
    }
}

/// Indexes of entities (a few).
#[derive(Clone, Debug, Default)]
pub struct Indexes(pub Vec<u8>);

impl<'a> Arbitrary<'a> for Indexes {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Indexes(some(u, 4)?))
    }
}

/// A zone's trust level.
#[derive(Arbitrary, Clone, Copy, Debug)]
#[allow(missing_docs, reason = "the variants are the language's trust levels")]
pub enum Trust {
    Closed,
    Internal,
    External,
    Public,
}

/// A category.
#[derive(Arbitrary, Clone, Debug)]
pub struct CategorySpec {
    /// An earlier category (modulo the index), if any.
    pub parent: Option<u8>,
    /// `sensitive`, if set.
    pub sensitive: Option<bool>,
    /// `personal`, if set.
    pub personal: Option<bool>,
    /// `retention`, if set.
    pub retention: Option<Retention>,
    /// The custom attribute `video = true` (the kommune pack reads it).
    pub video: bool,
    /// The display name.
    pub label: Option<Text>,
}

/// A retention period.
#[derive(Arbitrary, Clone, Debug)]
pub enum Retention {
    /// `Nh`
    Hours(u16),
    /// `Nd`
    Days(u16),
    /// `Nw`
    Weeks(u8),
    /// `Nmo`
    Months(u8),
    /// `Ny`
    Years(u8),
    /// `permanent`
    Permanent,
    /// A string (accepted on systems only; rendered as days elsewhere).
    Text(Text),
}

/// A processor.
#[derive(Arbitrary, Clone, Debug)]
pub struct ProcessorSpec {
    /// `agreement`, if set.
    pub agreement: Option<Text>,
    /// `country`, if set.
    pub country: Option<Country>,
    /// `transfer`, if set.
    pub transfer: Option<Transfer>,
}

/// A party (an independent controller).
#[derive(Arbitrary, Clone, Debug)]
pub struct PartySpec {
    /// `country`, if set.
    pub country: Option<Country>,
    /// `transfer`, if set.
    pub transfer: Option<Transfer>,
    /// `basis`, if set.
    pub basis: Option<Basis>,
    /// `law`, if set.
    pub law: Option<Text>,
}

/// Some countries in and outside the EEA.
#[derive(Arbitrary, Clone, Copy, Debug)]
#[allow(missing_docs, reason = "ISO 3166 alpha-2 codes")]
pub enum Country {
    No,
    Se,
    Is,
    De,
    Us,
    Cn,
    Gb,
}

/// Transfer bases.
#[derive(Arbitrary, Clone, Copy, Debug)]
#[allow(missing_docs, reason = "the language's transfer bases")]
pub enum Transfer {
    Adequacy,
    Scc,
    Bcr,
    Derogation,
}

/// GDPR art. 6 bases.
#[derive(Arbitrary, Clone, Copy, Debug)]
#[allow(missing_docs, reason = "the language's legal bases")]
pub enum Basis {
    Consent,
    Contract,
    LegalObligation,
    VitalInterest,
    PublicTask,
    LegitimateInterest,
}

/// How users authenticate.
#[derive(Arbitrary, Clone, Copy, Debug)]
#[allow(missing_docs, reason = "symbols of the `auth` attribute")]
pub enum Auth {
    Idporten,
    Password,
    None,
    Bankid,
}

/// Flow channels.
#[derive(Arbitrary, Clone, Copy, Debug)]
#[allow(missing_docs, reason = "symbols of the `channel` attribute")]
pub enum Channel {
    Email,
    Sms,
    Https,
    Sftp,
    Api,
    Phone,
    Paper,
    Portal,
}

/// A system.
#[derive(Arbitrary, Clone, Debug)]
pub struct SystemSpec {
    /// Its zone (modulo the number of zones).
    pub zone: u8,
    /// Categories it stores (modulo the number of categories).
    pub stores: Indexes,
    /// Subjects (modulo the number of subjects).
    pub subjects: Indexes,
    /// Its operator (modulo the number of processors).
    pub operator: Option<u8>,
    /// Its controller (modulo the number of parties).
    pub controller: Option<u8>,
    /// `auth`, if set.
    pub auth: Option<Auth>,
    /// `basis`, if set.
    pub basis: Option<Basis>,
    /// `law`, if set.
    pub law: Option<Text>,
    /// `owner`, if set.
    pub owner: Option<Text>,
    /// `retention`, if set.
    pub retention: Option<Retention>,
    /// `access_logging`, if set.
    pub access_logging: Option<bool>,
    /// `encrypted_at_rest`, if set.
    pub encrypted_at_rest: Option<bool>,
    /// The custom attribute `social_media = true` (the kommune pack reads it).
    pub social_media: bool,
    /// The display name.
    pub label: Option<Text>,
}

/// A flow (or two, with `<->`).
#[derive(Arbitrary, Clone, Debug)]
pub struct FlowSpec {
    /// The source system (modulo the number of systems).
    pub from: u8,
    /// The target system (modulo the number of systems).
    pub to: u8,
    /// `<->` rather than `->`.
    pub both_ways: bool,
    /// Whether the flow has an id of its own.
    pub named: bool,
    /// Categories it carries (modulo the number of categories).
    pub carries: Indexes,
    /// `channel`, if set.
    pub channel: Option<Channel>,
    /// `encrypted`, if set.
    pub encrypted: Option<bool>,
    /// `basis`, if set.
    pub basis: Option<Basis>,
    /// The display name.
    pub label: Option<Text>,
}

/// An exception.
#[derive(Arbitrary, Clone, Debug)]
pub struct AllowSpec {
    /// Which rule (modulo the number of [`RULES`]).
    pub rule: u8,
    /// Which subject of the rule's kind (modulo their number).
    pub target: u8,
    /// The reason.
    pub because: Text,
    /// The last day: 2020-01-01 plus this many days (modulo ten years).
    pub until: Option<u16>,
}

/// Layout choices that do not change the meaning.
#[derive(Arbitrary, Clone, Debug)]
pub struct Layout {
    /// What separates attributes in a block.
    pub separator: Separator,
    /// `\r\n` line endings.
    pub crlf: bool,
    /// A byte-order mark at the start.
    pub bom: bool,
    /// Comments before some declarations (by index bit) and after others.
    pub comments: u32,
    /// Blank lines between declarations (by index bit).
    pub blank_lines: u32,
}

/// Separators between attributes.
#[derive(Arbitrary, Clone, Copy, Debug)]
#[allow(missing_docs, reason = "the three separators of the language")]
pub enum Separator {
    Newline,
    Comma,
    Semicolon,
}

/// Text for strings: letters, Norwegian letters, quotes, backslashes,
/// escapes and emoji.
#[derive(Clone, Debug)]
pub struct Text(pub String);

const ALPHABET: &[char] = &[
    'a', 'b', 'e', 'k', 'z', 'A', 'Q', ' ', '0', '7', 'æ', 'ø', 'å', 'Å', '"', '\\', '\n', '\t',
    '{', '}', '/', '*', '-', '>', '§', '🔒', '\u{7f}', '\u{0}', '#', '=',
];

impl<'a> Arbitrary<'a> for Text {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let len = u.int_in_range(0..=8)?;
        let mut text = String::new();
        for _ in 0..len {
            text.push(*u.choose(ALPHABET)?);
        }
        Ok(Text(text))
    }
}

/// The rules an `allow` may name, with the kind of their subjects (core,
/// gdpr and kommune packs).
pub const RULES: &[(&str, &str)] = &[
    ("flow-source-holds", "flow"),
    ("unused-category", "category"),
    ("processor-agreement", "system"),
    ("third-country-transfer", "system"),
    ("legal-basis", "system"),
    ("special-category-law", "system"),
    ("retention-declared", "system"),
    ("system-owner", "system"),
    ("disclosure-basis", "flow"),
    ("sensitive-in-closed-zone", "system"),
    ("closed-zone-egress", "system"),
    ("no-sensitive-email", "flow"),
    ("encrypted-zone-crossing", "flow"),
    ("access-logging", "system"),
    ("idporten-public-access", "system"),
    ("video-retention", "system"),
    ("no-social-media-processing", "flow"),
];

/// A flow as rendered: its id and whether the `allow` must name it by a
/// string (unnamed flows).
struct FlowId {
    id: String,
    quoted: bool,
}

fn pick(index: u8, len: usize) -> Option<usize> {
    usize::from(index).checked_rem(len)
}

fn string(text: &Text) -> String {
    let mut out = String::from("\"");
    for c in text.0.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Trust {
    fn as_str(self) -> &'static str {
        match self {
            Trust::Closed => "closed",
            Trust::Internal => "internal",
            Trust::External => "external",
            Trust::Public => "public",
        }
    }
}

impl Country {
    fn as_str(self) -> &'static str {
        match self {
            Country::No => "NO",
            Country::Se => "SE",
            Country::Is => "IS",
            Country::De => "DE",
            Country::Us => "US",
            Country::Cn => "CN",
            Country::Gb => "GB",
        }
    }
}

impl Transfer {
    fn as_str(self) -> &'static str {
        match self {
            Transfer::Adequacy => "adequacy",
            Transfer::Scc => "scc",
            Transfer::Bcr => "bcr",
            Transfer::Derogation => "derogation",
        }
    }
}

impl Basis {
    fn as_str(self) -> &'static str {
        match self {
            Basis::Consent => "consent",
            Basis::Contract => "contract",
            Basis::LegalObligation => "legal_obligation",
            Basis::VitalInterest => "vital_interest",
            Basis::PublicTask => "public_task",
            Basis::LegitimateInterest => "legitimate_interest",
        }
    }
}

impl Auth {
    fn as_str(self) -> &'static str {
        match self {
            Auth::Idporten => "idporten",
            Auth::Password => "password",
            Auth::None => "none",
            Auth::Bankid => "bankid",
        }
    }
}

impl Channel {
    fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Https => "https",
            Channel::Sftp => "sftp",
            Channel::Api => "api",
            Channel::Phone => "phone",
            Channel::Paper => "paper",
            Channel::Portal => "portal",
        }
    }
}

impl Retention {
    fn render(&self, text_allowed: bool) -> String {
        match self {
            Retention::Hours(n) => format!("{n}h"),
            Retention::Days(n) => format!("{n}d"),
            Retention::Weeks(n) => format!("{n}w"),
            Retention::Months(n) => format!("{n}mo"),
            Retention::Years(n) => format!("{n}y"),
            Retention::Permanent => "permanent".to_owned(),
            Retention::Text(text) if text_allowed => string(text),
            Retention::Text(text) => format!("{}d", text.0.len()),
        }
    }
}

/// One declaration being rendered: a header and its attributes.
struct Decl {
    header: String,
    attrs: Vec<(&'static str, String)>,
}

impl Decl {
    fn new(header: String, label: Option<&Text>) -> Self {
        let header = match label {
            Some(label) => format!("{header} {}", string(label)),
            None => header,
        };
        Decl {
            header,
            attrs: Vec::new(),
        }
    }

    fn set(&mut self, key: &'static str, value: impl Into<String>) {
        self.attrs.push((key, value.into()));
    }

    fn set_opt(&mut self, key: &'static str, value: Option<impl Into<String>>) {
        if let Some(value) = value {
            self.set(key, value);
        }
    }

    fn render(&self, separator: Separator) -> String {
        if self.attrs.is_empty() {
            return self.header.clone();
        }
        let mut out = format!("{} {{", self.header);
        for (i, (key, value)) in self.attrs.iter().enumerate() {
            let sep = match (separator, i) {
                (Separator::Newline, _) => "\n  ",
                (_, 0) => " ",
                (Separator::Comma, _) => ", ",
                (Separator::Semicolon, _) => "; ",
            };
            let _ = write!(out, "{sep}{key} = {value}");
        }
        out.push_str(if matches!(separator, Separator::Newline) {
            "\n}"
        } else {
            " }"
        });
        out
    }
}

fn list(ids: &[String], indexes: &[u8]) -> Option<String> {
    if ids.is_empty() {
        return None;
    }
    let items: Vec<&str> = indexes
        .iter()
        .take(MAX_PER_KIND)
        .filter_map(|&i| pick(i, ids.len()).and_then(|i| ids.get(i)))
        .map(String::as_str)
        .collect();
    Some(format!("[{}]", items.join(", ")))
}

impl ModelSpec {
    /// The same model with every flow named (flow ids then do not depend on
    /// declaration order).
    #[must_use]
    pub fn with_named_flows(mut self) -> Self {
        for flow in &mut self.flows {
            flow.named = true;
        }
        self
    }

    /// The declarations, each a piece of text without a final newline (a
    /// comment may come before it, and after it on the same line).
    pub fn declarations(&self) -> Vec<String> {
        let sep = self.layout.separator;
        let mut decls: Vec<String> = Vec::new();

        let zones: Vec<Trust> = if self.zones.is_empty() {
            vec![Trust::Internal]
        } else {
            self.zones.iter().take(MAX_PER_KIND).copied().collect()
        };
        let zone_ids: Vec<String> = (0..zones.len()).map(|i| format!("z{i}")).collect();
        for (id, trust) in zone_ids.iter().zip(&zones) {
            let mut d = Decl::new(format!("zone {id}"), None);
            d.set("trust", trust.as_str());
            decls.push(d.render(sep));
        }

        let mut category_ids: Vec<String> = Vec::new();
        for (i, c) in self.categories.iter().take(MAX_PER_KIND).enumerate() {
            let parent = c
                .parent
                .and_then(|p| pick(p, i))
                .and_then(|p| category_ids.get(p).cloned());
            let id = match &parent {
                Some(parent) => format!("{parent}.k{i}"),
                None => format!("c{i}"),
            };
            let mut d = Decl::new(format!("category {id}"), c.label.as_ref());
            d.set_opt("parent", parent);
            d.set_opt("sensitive", c.sensitive.map(|b| b.to_string()));
            d.set_opt("personal", c.personal.map(|b| b.to_string()));
            d.set_opt("retention", c.retention.as_ref().map(|r| r.render(false)));
            if c.video {
                d.set("video", "true");
            }
            decls.push(d.render(sep));
            category_ids.push(id);
        }

        let subject_ids: Vec<String> = (0..self.subjects % 4).map(|i| format!("g{i}")).collect();
        for id in &subject_ids {
            decls.push(format!("subject {id}"));
        }

        let processor_ids: Vec<String> = (0..self.processors.len().min(MAX_PER_KIND))
            .map(|i| format!("p{i}"))
            .collect();
        for (id, p) in processor_ids.iter().zip(&self.processors) {
            let mut d = Decl::new(format!("processor {id}"), None);
            d.set_opt("agreement", p.agreement.as_ref().map(string));
            d.set_opt("country", p.country.map(|c| format!("\"{}\"", c.as_str())));
            d.set_opt("transfer", p.transfer.map(Transfer::as_str));
            decls.push(d.render(sep));
        }

        let party_ids: Vec<String> = (0..self.parties.len().min(MAX_PER_KIND))
            .map(|i| format!("q{i}"))
            .collect();
        for (id, p) in party_ids.iter().zip(&self.parties) {
            let mut d = Decl::new(format!("party {id}"), None);
            d.set_opt("country", p.country.map(|c| format!("\"{}\"", c.as_str())));
            d.set_opt("transfer", p.transfer.map(Transfer::as_str));
            d.set_opt("basis", p.basis.map(Basis::as_str));
            d.set_opt("law", p.law.as_ref().map(string));
            decls.push(d.render(sep));
        }

        let system_ids: Vec<String> = (0..self.systems.len().min(MAX_PER_KIND))
            .map(|i| format!("s{i}"))
            .collect();
        for (id, s) in system_ids.iter().zip(&self.systems) {
            let mut d = Decl::new(format!("system {id}"), s.label.as_ref());
            let zone = pick(s.zone, zone_ids.len()).and_then(|z| zone_ids.get(z));
            d.set_opt("zone", zone.cloned());
            if !s.stores.0.is_empty() {
                d.set_opt("stores", list(&category_ids, &s.stores.0));
            }
            if !s.subjects.0.is_empty() {
                d.set_opt("subjects", list(&subject_ids, &s.subjects.0));
            }
            let operator = s.operator.and_then(|o| pick(o, processor_ids.len()));
            d.set_opt(
                "operator",
                operator.and_then(|o| processor_ids.get(o)).cloned(),
            );
            let controller = s.controller.and_then(|c| pick(c, party_ids.len()));
            d.set_opt(
                "controller",
                controller.and_then(|c| party_ids.get(c)).cloned(),
            );
            d.set_opt("auth", s.auth.map(Auth::as_str));
            d.set_opt("basis", s.basis.map(Basis::as_str));
            d.set_opt("law", s.law.as_ref().map(string));
            d.set_opt("owner", s.owner.as_ref().map(string));
            d.set_opt("retention", s.retention.as_ref().map(|r| r.render(true)));
            d.set_opt("access_logging", s.access_logging.map(|b| b.to_string()));
            d.set_opt(
                "encrypted_at_rest",
                s.encrypted_at_rest.map(|b| b.to_string()),
            );
            if s.social_media {
                d.set("social_media", "true");
            }
            decls.push(d.render(sep));
        }

        let mut flow_ids: Vec<FlowId> = Vec::new();
        if !system_ids.is_empty() {
            let mut unnamed: std::collections::BTreeMap<(usize, usize), usize> =
                std::collections::BTreeMap::new();
            for (i, f) in self.flows.iter().take(MAX_PER_KIND).enumerate() {
                let (Some(from), Some(to)) =
                    (pick(f.from, system_ids.len()), pick(f.to, system_ids.len()))
                else {
                    continue;
                };
                let (Some(from_id), Some(to_id)) = (system_ids.get(from), system_ids.get(to))
                else {
                    continue;
                };
                let arrow = if f.both_ways { "<->" } else { "->" };
                let header = if f.named {
                    let id = format!("f{i}");
                    flow_ids.push(FlowId {
                        id: id.clone(),
                        quoted: false,
                    });
                    if f.both_ways {
                        flow_ids.push(FlowId {
                            id: format!("{id}-back"),
                            quoted: false,
                        });
                    }
                    format!("flow {id}: {from_id} {arrow} {to_id}")
                } else {
                    let directions = if f.both_ways {
                        vec![(from, to), (to, from)]
                    } else {
                        vec![(from, to)]
                    };
                    for (a, b) in directions {
                        let n = unnamed.entry((a, b)).or_insert(0);
                        *n += 1;
                        let (Some(a), Some(b)) = (system_ids.get(a), system_ids.get(b)) else {
                            continue;
                        };
                        let id = if *n == 1 {
                            format!("{a}->{b}")
                        } else {
                            format!("{a}->{b}#{n}")
                        };
                        flow_ids.push(FlowId { id, quoted: true });
                    }
                    format!("flow {from_id} {arrow} {to_id}")
                };
                let mut d = Decl::new(header, f.label.as_ref());
                if !f.carries.0.is_empty() {
                    d.set_opt("carries", list(&category_ids, &f.carries.0));
                }
                d.set_opt("channel", f.channel.map(Channel::as_str));
                d.set_opt("encrypted", f.encrypted.map(|b| b.to_string()));
                d.set_opt("basis", f.basis.map(Basis::as_str));
                decls.push(d.render(sep));
            }
        }

        for a in self.allows.iter().take(MAX_PER_KIND) {
            let Some(&(rule, kind)) = pick(a.rule, RULES.len()).and_then(|r| RULES.get(r)) else {
                continue;
            };
            let target = match kind {
                "system" => pick(a.target, system_ids.len())
                    .and_then(|i| system_ids.get(i))
                    .cloned(),
                "category" => pick(a.target, category_ids.len())
                    .and_then(|i| category_ids.get(i))
                    .cloned(),
                _ => pick(a.target, flow_ids.len())
                    .and_then(|i| flow_ids.get(i))
                    .map(|f| {
                        if f.quoted {
                            format!("\"{}\"", f.id)
                        } else {
                            f.id.clone()
                        }
                    }),
            };
            let Some(target) = target else { continue };
            let mut text = format!(
                "allow {rule} on {kind} {target} because {}",
                string(&a.because)
            );
            if let Some(days) = a.until {
                let _ = write!(text, " until {}", date(days));
            }
            decls.push(text);
        }

        let comments = self.layout.comments;
        for (i, decl) in decls.iter_mut().enumerate() {
            let bit = 1u32
                .checked_shl(u32::try_from(i % 16).unwrap_or(0))
                .unwrap_or(0);
            if comments & bit != 0 {
                *decl = format!("// before {i}\n{decl}");
            }
            if (comments >> 16) & bit != 0 {
                decl.push_str(" // after");
            }
        }
        decls
    }

    /// The model as one file's text, laid out as [`Layout`] says.
    pub fn render(&self) -> String {
        self.render_declarations(&self.declarations())
    }

    /// Declarations joined into a file's text, laid out as [`Layout`] says.
    pub fn render_declarations(&self, decls: &[String]) -> String {
        let mut text = String::new();
        if self.layout.bom {
            text.push('\u{feff}');
        }
        for (i, decl) in decls.iter().enumerate() {
            let bit = 1u32
                .checked_shl(u32::try_from(i % 32).unwrap_or(0))
                .unwrap_or(0);
            if i > 0 && self.layout.blank_lines & bit != 0 {
                text.push('\n');
            }
            text.push_str(decl);
            text.push('\n');
        }
        if self.layout.crlf {
            text = text.replace('\n', "\r\n");
        }
        text
    }
}

/// 2020-01-01 plus `days` (modulo about ten years), as `YYYY-MM-DD`.
fn date(days: u16) -> String {
    const MONTHS: [u16; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut left = days % 3650;
    let mut year = 2020;
    loop {
        let length = if year % 4 == 0 { 366 } else { 365 };
        if left < length {
            break;
        }
        left -= length;
        year += 1;
    }
    let mut month = 1;
    for (m, &len) in MONTHS.iter().enumerate() {
        let len = if m == 1 && year % 4 == 0 { 29 } else { len };
        if left < len {
            break;
        }
        left -= len;
        month += 1;
    }
    format!("{year}-{month:02}-{:02}", left + 1)
}

/// A model spec from raw bytes (never fails: missing bytes read as zeros).
pub fn from_bytes(bytes: &[u8]) -> ModelSpec {
    let mut u = Unstructured::new(bytes);
    ModelSpec::arbitrary(&mut u).unwrap_or_else(|_| ModelSpec {
        zones: Vec::new(),
        categories: Vec::new(),
        subjects: 0,
        processors: Vec::new(),
        parties: Vec::new(),
        systems: Vec::new(),
        flows: Vec::new(),
        allows: Vec::new(),
        layout: Layout {
            separator: Separator::Newline,
            crlf: false,
            bom: false,
            comments: 0,
            blank_lines: 0,
        },
    })
}
