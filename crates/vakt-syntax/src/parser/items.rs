//! Top-level items, attribute blocks and values.

use super::{PResult, Parser, Reported};
use crate::ast::{
    AllowDecl, AllowTarget, Attr, Block, EntityDecl, FlowDecl, Ident, Item, Kind, RuleDecl,
    RuleItem, StrLit, UseDecl, Value, is_declaration_keyword, is_reserved,
};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::lexer::{self, Number, short_text};

const VALUE_HELP: &str = "a value is a string, a number, a duration (`7d`), a date (`2026-12-31`), `true`/`false`, a name, or a list `[a, b]`";

impl<'a> Parser<'a> {
    /// The next item of the file, skipping any that cannot be read.
    pub(super) fn next_item(&mut self) -> Option<Item> {
        loop {
            self.skip_trivia(true);
            if self.at_eof() {
                return None;
            }
            match self.item() {
                Ok(item) => {
                    self.end_of_item();
                    return Some(item);
                }
                Err(Reported) => self.recover_to_next_item(),
            }
        }
    }

    /// After an item: the rest of the line must be empty.
    fn end_of_item(&mut self) {
        self.skip_trivia(false);
        if self.at_eof() || self.eat_char('\n') || self.eat_char(';') || self.at_line_start() {
            return;
        }
        self.expected("a new line after the declaration", None);
        self.recover_to_next_item();
    }

    /// Whether only blanks stand between the start of the line and the cursor
    /// (an unclosed block ends where the next declaration begins).
    fn at_line_start(&self) -> bool {
        let before = self.src.get(..self.pos).unwrap_or("");
        before.rfind('\n').is_some_and(|nl| {
            before
                .get(nl + 1..)
                .is_some_and(|line| line.chars().all(|c| matches!(c, ' ' | '\t' | '\r')))
        })
    }

    fn item(&mut self) -> PResult<Item> {
        let start = self.pos;
        let word = self.peek_word().unwrap_or("");
        match word {
            "use" => self.use_decl(start).map(Item::Use),
            "rule" => self.rule_decl(start).map(Item::Rule),
            "allow" => self.allow_decl(start).map(Item::Allow),
            "flow" => self.flow_decl(start).map(Item::Flow),
            _ => match Kind::from_keyword(word) {
                Some(kind) => self.entity_decl(kind, start).map(Item::Entity),
                None => {
                    let help = match did_you_mean(word, crate::ast::DECLARATION_KEYWORDS) {
                        Some(k) => format!("did you mean `{k}`?"),
                        None => "a declaration starts with one of `organization`, `zone`, `category`, `subject`, `processor`, `party`, `system`, `flow`, `rule`, `allow` or `use`".to_owned(),
                    };
                    Err(self.expected("a declaration", Some(&help)))
                }
            },
        }
    }

    fn use_decl(&mut self, start: usize) -> PResult<UseDecl> {
        self.eat_keyword("use");
        self.skip_trivia(false);
        let Some(target) = self.string_opt()? else {
            return Err(self.expected(
                "a string",
                Some("write `use \"kommune\"` for a built-in rule pack, or `use \"path/file.vakt\"` for another file"),
            ));
        };
        Ok(UseDecl {
            target,
            span: self.span_from(start),
        })
    }

    fn entity_decl(&mut self, kind: Kind, start: usize) -> PResult<EntityDecl> {
        self.eat_keyword(kind.keyword());
        self.skip_trivia(false);
        let id = self.id(kind.keyword())?;
        self.skip_trivia(false);
        let label = self.string_opt()?;
        let header = self.span_from(start);
        let mut recovered = false;
        let body = self.block_opt(&mut recovered);
        Ok(EntityDecl {
            kind,
            id,
            label,
            body,
            header,
            span: self.span_from(start),
            recovered,
        })
    }

    fn flow_decl(&mut self, start: usize) -> PResult<FlowDecl> {
        self.eat_keyword("flow");
        self.skip_trivia(false);
        let first = self.id("flow")?;
        self.skip_trivia(false);
        let (id, from) = if self.eat_char(':') {
            self.skip_trivia(false);
            (Some(first), self.id("source system")?)
        } else {
            (None, first)
        };
        self.skip_trivia(false);
        let both_ways = if self.eat_str("<->") {
            true
        } else if self.eat_str("->") {
            false
        } else {
            return Err(self.expected(
                "`->` or `<->`",
                Some("a flow is written `flow [id:] source -> target`, or `<->` for both ways"),
            ));
        };
        self.skip_trivia(false);
        let to = self.id("target system")?;
        self.skip_trivia(false);
        let label = self.string_opt()?;
        let header = self.span_from(start);
        let mut recovered = false;
        let body = self.block_opt(&mut recovered);
        Ok(FlowDecl {
            id,
            from,
            to,
            both_ways,
            label,
            body,
            header,
            span: self.span_from(start),
            recovered,
        })
    }

    fn rule_decl(&mut self, start: usize) -> PResult<RuleDecl> {
        self.eat_keyword("rule");
        self.skip_trivia(false);
        let id = self.id("rule")?;
        self.skip_trivia(false);
        let title = self.string_opt()?;
        let header = self.span_from(start);
        self.skip_trivia(true);
        let open = self.pos;
        if !self.eat_char('{') {
            return Err(self.expected(
                "`{`",
                Some("a rule needs a body: `rule id \"Title\" { each … must … }`"),
            ));
        }
        let mut recovered = false;
        let mut body = Vec::new();
        loop {
            self.skip_separators();
            if self.eat_char('}') {
                break;
            }
            if self.at_eof() || self.item_starts_at(self.pos) {
                self.unclosed(open);
                recovered = true;
                break;
            }
            let entry = if self.at_keyword("each") || self.at_keyword("forbid") {
                self.statement().map(RuleItem::Statement)
            } else {
                self.attr().map(RuleItem::Attr)
            };
            match entry {
                Ok(entry) => {
                    body.push(entry);
                    if !self.end_of_entry() {
                        recovered = true;
                        self.recover_statement();
                    }
                }
                Err(Reported) => {
                    recovered = true;
                    self.recover_statement();
                }
            }
        }
        Ok(RuleDecl {
            id,
            title,
            body,
            header,
            body_span: self.span_from(open),
            span: self.span_from(start),
            recovered,
        })
    }

    fn allow_decl(&mut self, start: usize) -> PResult<AllowDecl> {
        self.eat_keyword("allow");
        self.skip_trivia(false);
        let rule = self.id("rule")?;
        self.skip_trivia(true);
        if !self.eat_keyword("on") {
            return Err(self.expected(
                "`on`",
                Some("an exception is written `allow RULE on KIND ID because \"reason\" [until YYYY-MM-DD]`"),
            ));
        }
        self.skip_trivia(false);
        let kind_start = self.pos;
        let kind = self.kind_keyword()?;
        let kind_span = self.span_from(kind_start);
        self.skip_trivia(false);
        let target = match self.string_opt()? {
            Some(s) => AllowTarget::Str(s),
            None => AllowTarget::Id(self.id(kind.keyword())?),
        };
        self.skip_trivia(true);
        if !self.eat_keyword("because") {
            return Err(self.expected(
                "`because`",
                Some("every exception needs a reason: `… because \"Avtale under forhandling, sak 2026/1432\"`"),
            ));
        }
        self.skip_trivia(false);
        let Some(because) = self.string_opt()? else {
            return Err(self.expected("a string giving the reason", None));
        };
        let before = self.pos;
        self.skip_trivia(true);
        let until = if self.eat_keyword("until") {
            self.skip_trivia(false);
            let date_start = self.pos;
            match self.lex(lexer::number) {
                Ok(Number::Date(date)) => Some((date, self.span_from(date_start))),
                Ok(_) => {
                    self.pos = date_start;
                    return Err(self.expected("a date such as `2026-12-31`", None));
                }
                Err(nom::Err::Failure(e)) => {
                    self.report_lex(nom::Err::Failure(e));
                    return Err(Reported);
                }
                Err(_) => return Err(self.expected("a date such as `2026-12-31`", None)),
            }
        } else {
            self.pos = before;
            None
        };
        Ok(AllowDecl {
            rule,
            kind,
            kind_span,
            target,
            because,
            until,
            span: self.span_from(start),
        })
    }

    /// A kind keyword (`system`, `flow`, …).
    pub(super) fn kind_keyword(&mut self) -> PResult<Kind> {
        let word = self.peek_word().unwrap_or("");
        if let Some(kind) = Kind::from_keyword(word) {
            self.pos += word.len();
            return Ok(kind);
        }
        let here = self.here_span();
        let found = self.describe_here();
        let help = match did_you_mean(word, Kind::ALL.iter().map(|k| k.keyword())) {
            Some(k) => format!("did you mean `{k}`?"),
            None => "the kinds are `organization`, `zone`, `category`, `subject`, `processor`, `party`, `system` and `flow`".to_owned(),
        };
        self.report(
            Diagnostic::error(
                "vakt::unknown-kind",
                format!("expected a kind, found {found}"),
            )
            .with_label(here, "not a kind")
            .with_help(help),
        );
        Err(Reported)
    }

    /// An id (possibly dotted); reserved words are reported but accepted, so
    /// parsing goes on.
    fn id(&mut self, of_what: &str) -> PResult<Ident> {
        let start = self.pos;
        if let Some(id) = self.simple_id() {
            return Ok(id);
        }
        let Some(text) = self.take_dotted() else {
            return Err(self.expected(&format!("an id for the {of_what}"), None));
        };
        let span = self.span_from(start);
        if is_reserved(text) {
            self.report(
                Diagnostic::error(
                    "vakt::reserved-word",
                    format!("`{text}` is a reserved word and cannot be an id"),
                )
                .with_label(span, "reserved word")
                .with_help(format!("choose another name, such as `{text}_1`")),
            );
        }
        Ok(Ident {
            text: short_text(text),
            span,
        })
    }

    /// A string literal if one starts here.
    pub(super) fn string_opt(&mut self) -> PResult<Option<StrLit>> {
        if self.peek_char() != Some('"') {
            return Ok(None);
        }
        let start = self.pos;
        match self.lex(lexer::string) {
            Ok(value) => Ok(Some(StrLit {
                value,
                span: self.span_from(start),
            })),
            Err(e) => {
                self.report_lex(e);
                Err(Reported)
            }
        }
    }

    /// An attribute block if one follows (possibly on the next line).
    fn block_opt(&mut self, recovered: &mut bool) -> Option<Block> {
        let before = self.pos;
        self.skip_trivia(true);
        if self.peek_char() != Some('{') {
            self.pos = before;
            return None;
        }
        Some(self.block(recovered))
    }

    fn block(&mut self, recovered: &mut bool) -> Block {
        let open = self.pos;
        self.eat_char('{');
        // Attributes collect in a recycled buffer if the caller gives them
        // back (see `Items::recycle`), else in a reused one, so each block
        // allocates at most once, at its final size.
        let spare = self.spare_attrs.pop();
        let recycled = spare.is_some();
        let mut attrs = spare.unwrap_or_else(|| std::mem::take(&mut self.scratch));
        loop {
            self.skip_separators();
            if self.eat_char('}') {
                break;
            }
            if let Some(attr) = self.simple_attr() {
                attrs.push(attr);
                self.end_of_entry();
                continue;
            }
            if self.at_eof() || self.at_item_keyword() && self.item_starts_at(self.pos) {
                self.unclosed(open);
                *recovered = true;
                break;
            }
            match self.attr() {
                Ok(attr) => {
                    attrs.push(attr);
                    if !self.end_of_entry() {
                        *recovered = true;
                        self.recover_in_block();
                    }
                }
                Err(Reported) => {
                    *recovered = true;
                    self.recover_in_block();
                }
            }
        }
        let span = self.span_from(open);
        if recycled {
            return Block { attrs, span };
        }
        let mut exact = Vec::with_capacity(attrs.len());
        exact.append(&mut attrs);
        self.scratch = attrs;
        Block { attrs: exact, span }
    }

    /// Whether the word at the cursor is a keyword that starts a
    /// declaration (a cheap test before [`Parser::item_starts_at`]).
    fn at_item_keyword(&self) -> bool {
        self.peek_word().is_some_and(is_declaration_keyword)
    }

    fn unclosed(&mut self, open: usize) {
        let brace = self.span(open, open + 1);
        let here = self.here_span();
        self.report(
            Diagnostic::error("vakt::unclosed-delimiter", "unclosed `{`")
                .with_label(here, "expected `}` before this")
                .with_label(brace, "this `{` is never closed")
                .with_help("close the block with `}`"),
        );
    }

    /// Newlines, `,` and `;` between the entries of a block.
    fn skip_separators(&mut self) {
        loop {
            self.skip_trivia(true);
            if !(self.eat_char(',') || self.eat_char(';')) {
                return;
            }
        }
    }

    /// After a block entry: a separator or the closing `}` must follow.
    /// Reports and returns false otherwise.
    fn end_of_entry(&mut self) -> bool {
        self.skip_trivia(false);
        if self.at_eof() || matches!(self.peek_char(), Some('\n' | ',' | ';' | '}')) {
            return true;
        }
        self.expected("`,` or a new line", None);
        false
    }

    /// `key = value`
    pub(super) fn attr(&mut self) -> PResult<Attr> {
        let start = self.pos;
        let Some(key) = self.take_word() else {
            return Err(self.expected(
                "an attribute name",
                Some("attributes are written `name = value`"),
            ));
        };
        let key = Ident {
            text: short_text(key),
            span: self.span_from(start),
        };
        // `zone` is an attribute of systems, `from`/`to` name a flow's ends;
        // other reserved words cannot be attribute names (in a rule body,
        // `and = 1` on its own line would read as part of the condition).
        if is_reserved(key.as_str()) && !matches!(key.as_str(), "zone" | "from" | "to") {
            self.report(
                Diagnostic::error(
                    "vakt::reserved-word",
                    format!(
                        "`{}` is a reserved word and cannot be an attribute name",
                        key.text
                    ),
                )
                .with_label(key.span, "reserved word")
                .with_help(format!("choose another name, such as `{}_1`", key.text)),
            );
        }
        self.skip_trivia(false);
        if !self.eat_char('=') {
            return Err(self.expected("`=`", Some("attributes are written `name = value`")));
        }
        self.skip_trivia(false);
        let value = self.value()?;
        Ok(Attr {
            key,
            value,
            span: self.span_from(start),
        })
    }

    fn value(&mut self) -> PResult<Value> {
        let start = self.pos;
        match self.peek_char() {
            Some('"') => match self.string_opt()? {
                Some(s) => Ok(Value::Str(s)),
                None => Err(self.expected("a value", Some(VALUE_HELP))),
            },
            Some(c) if c.is_ascii_digit() => match self.lex(lexer::number) {
                Ok(Number::Int(n)) => Ok(Value::Int(n, self.span_from(start))),
                Ok(Number::Duration(d)) => Ok(Value::Duration(d, self.span_from(start))),
                Ok(Number::Date(d)) => Ok(Value::Date(d, self.span_from(start))),
                Err(e) => {
                    self.report_lex(e);
                    Err(Reported)
                }
            },
            Some('[') => self.nested(|p| p.list(start)),
            _ => {
                let Some(text) = self.take_dotted() else {
                    return Err(self.expected("a value", Some(VALUE_HELP)));
                };
                let span = self.span_from(start);
                Ok(match text {
                    "true" => Value::Bool(true, span),
                    "false" => Value::Bool(false, span),
                    _ => Value::Name(Ident {
                        text: short_text(text),
                        span,
                    }),
                })
            }
        }
    }

    fn list(&mut self, start: usize) -> PResult<Value> {
        self.eat_char('[');
        let mut values = self.spare_values.pop().unwrap_or_default();
        loop {
            self.skip_trivia(true);
            if self.eat_char(']') {
                break;
            }
            values.push(self.value()?);
            self.skip_trivia(true);
            if self.eat_char(',') {
                continue;
            }
            if self.eat_char(']') {
                break;
            }
            return Err(self.expected("`,` or `]`", None));
        }
        Ok(Value::List(values, self.span_from(start)))
    }
}
