//! The wording of the record, in Norwegian (bokmål) and English.

use vakt_syntax::{Date, Duration, DurationUnit};

/// The language of the record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// Norwegian (bokmål), the default.
    #[default]
    Nb,
    /// English.
    En,
}

/// Every fixed phrase of the record.
pub(super) struct Words {
    pub title: &'static str,
    pub intro_made: &'static str,
    pub intro_what: &'static str,
    pub controller_heading: &'static str,
    pub controller: &'static str,
    pub controller_via: &'static str,
    pub dpo: &'static str,
    pub not_stated: &'static str,
    pub activities_heading: &'static str,
    pub activities_intro: &'static str,
    pub no_activities: &'static str,
    pub purpose: &'static str,
    pub owner: &'static str,
    pub categories: &'static str,
    pub special: &'static str,
    pub no_personal_data: &'static str,
    pub subjects: &'static str,
    pub basis: &'static str,
    pub law: &'static str,
    pub retention: &'static str,
    pub not_set: &'static str,
    pub permanent: &'static str,
    pub operator: &'static str,
    pub in_house: &'static str,
    pub agreement: &'static str,
    pub no_agreement: &'static str,
    pub recipients: &'static str,
    pub transfers: &'static str,
    pub no_transfer_basis: &'static str,
    pub security: &'static str,
    pub trust: &'static str,
    pub disclosure_basis: &'static str,
    pub exception_for: &'static str,
    pub exception_on: &'static str,
    pub access_logging: &'static str,
    pub encrypted_at_rest: &'static str,
    pub login: &'static str,
    pub others_heading: &'static str,
    pub others_intro: &'static str,
    pub receives_from_us: &'static str,
    pub sends_to_us: &'static str,
    pub zones_heading: &'static str,
    pub zones_intro: &'static str,
    pub zone_column: &'static str,
    pub trust_column: &'static str,
    pub systems_column: &'static str,
    pub findings_heading: &'static str,
    pub findings_intro: &'static str,
    pub no_findings: &'static str,
    pub errors: &'static str,
    pub warnings: &'static str,
    pub infos: &'static str,
    pub expired: &'static str,
    pub exceptions_heading: &'static str,
    pub exceptions_intro: &'static str,
    pub until: &'static str,
}

pub(super) const NB: Words = Words {
    title: "Protokoll over behandlingsaktiviteter",
    intro_made: "Denne protokollen er laget med vakt fra modellen i",
    intro_what: "Den gir oversikt over behandlingen av personopplysninger, slik personvernforordningen (GDPR) artikkel 30 krever.",
    controller_heading: "Behandlingsansvarlig",
    controller: "Behandlingsansvarlig",
    controller_via: " ved ",
    dpo: "Personvernombud",
    not_stated: "ikke oppgitt",
    activities_heading: "Behandlinger",
    activities_intro: "Hvert system er en behandling av personopplysninger som virksomheten selv er ansvarlig for.",
    no_activities: "Modellen beskriver ingen egne systemer.",
    purpose: "Formål",
    owner: "Ansvarlig",
    categories: "Kategorier av personopplysninger",
    special: "særlig kategori",
    no_personal_data: "ingen personopplysninger",
    subjects: "Registrerte",
    basis: "Behandlingsgrunnlag",
    law: "Hjemmel",
    retention: "Lagringstid",
    not_set: "ikke fastsatt",
    permanent: "oppbevares permanent",
    operator: "Databehandler",
    in_house: "ingen, systemet driftes av virksomheten selv",
    agreement: "databehandleravtale",
    no_agreement: "ingen databehandleravtale er registrert",
    recipients: "Mottakere",
    transfers: "Overføring til land utenfor EØS",
    no_transfer_basis: "overføringsgrunnlag er ikke registrert",
    security: "Sikkerhetstiltak",
    trust: "sikkerhetsnivå",
    disclosure_basis: "grunnlag for utleveringen",
    exception_for: "unntaket for",
    exception_on: "på",
    access_logging: "tilganger logges",
    encrypted_at_rest: "kryptert lagring",
    login: "innlogging med",
    others_heading: "Systemer hos andre behandlingsansvarlige",
    others_intro: "Disse systemene tilhører andre behandlingsansvarlige, som selv svarer for sin behandling.",
    receives_from_us: "Mottar fra oss",
    sends_to_us: "Sender til oss",
    zones_heading: "Soner",
    zones_intro: "Systemene er plassert i disse nettverkssonene:",
    zone_column: "Sone",
    trust_column: "Sikkerhetsnivå",
    systems_column: "Systemer",
    findings_heading: "Åpne avvik",
    findings_intro: "vakt fant disse avvikene fra reglene. De bør rettes, eller unntas med en begrunnelse.",
    no_findings: "vakt fant ingen åpne avvik.",
    errors: "Feil",
    warnings: "Advarsler",
    infos: "Merknader",
    expired: "unntaket utløp",
    exceptions_heading: "Godkjente unntak",
    exceptions_intro: "Disse avvikene er kjent og unntatt, med begrunnelse:",
    until: "til og med",
};

pub(super) const EN: Words = Words {
    title: "Record of processing activities",
    intro_made: "This record was made with vakt from the model in",
    intro_what: "It gives an overview of the processing of personal data, as Article 30 of the General Data Protection Regulation (GDPR) requires.",
    controller_heading: "Controller",
    controller: "Controller",
    controller_via: ", represented by ",
    dpo: "Data protection officer",
    not_stated: "not stated",
    activities_heading: "Processing activities",
    activities_intro: "Each system is a processing of personal data that the organisation itself is responsible for.",
    no_activities: "The model describes no systems of its own.",
    purpose: "Purpose",
    owner: "Responsible",
    categories: "Categories of personal data",
    special: "special category",
    no_personal_data: "no personal data",
    subjects: "Data subjects",
    basis: "Legal basis",
    law: "Law",
    retention: "Retention",
    not_set: "not set",
    permanent: "kept permanently",
    operator: "Processor",
    in_house: "none, the organisation runs the system itself",
    agreement: "data processing agreement",
    no_agreement: "no data processing agreement is recorded",
    recipients: "Recipients",
    transfers: "Transfers outside the EEA",
    no_transfer_basis: "no transfer basis is recorded",
    security: "Security measures",
    trust: "trust",
    disclosure_basis: "basis for the disclosure",
    exception_for: "the exception for",
    exception_on: "on",
    access_logging: "access is logged",
    encrypted_at_rest: "encrypted at rest",
    login: "login with",
    others_heading: "Systems of other controllers",
    others_intro: "These systems belong to other controllers, who answer for their own processing.",
    receives_from_us: "Receives from us",
    sends_to_us: "Sends to us",
    zones_heading: "Zones",
    zones_intro: "The systems are placed in these network zones:",
    zone_column: "Zone",
    trust_column: "Trust",
    systems_column: "Systems",
    findings_heading: "Open findings",
    findings_intro: "vakt found these departures from the rules. They should be fixed, or accepted as exceptions with a reason.",
    no_findings: "vakt found no open findings.",
    errors: "Errors",
    warnings: "Warnings",
    infos: "Notes",
    expired: "the exception expired on",
    exceptions_heading: "Accepted exceptions",
    exceptions_intro: "These findings are known and accepted, for the reasons given:",
    until: "until",
};

impl Lang {
    pub(super) fn words(self) -> &'static Words {
        match self {
            Lang::Nb => &NB,
            Lang::En => &EN,
        }
    }

    /// A GDPR art. 6 basis in words, with its article.
    pub(super) fn basis(self, symbol: &str) -> String {
        let (nb, en, letter) = match symbol {
            "consent" => ("samtykke", "consent", 'a'),
            "contract" => ("avtale", "contract", 'b'),
            "legal_obligation" => ("rettslig forpliktelse", "legal obligation", 'c'),
            "vital_interest" => ("vern av vitale interesser", "vital interests", 'd'),
            "public_task" => (
                "allmennhetens interesse eller offentlig myndighet",
                "public task",
                'e',
            ),
            "legitimate_interest" => ("berettiget interesse", "legitimate interests", 'f'),
            other => return other.replace('_', " "),
        };
        match self {
            Lang::Nb => format!("{nb} (art. 6 nr. 1 {letter})"),
            Lang::En => format!("{en} (art. 6(1)({letter}))"),
        }
    }

    /// A transfer basis (GDPR chapter V) in words, with its article.
    pub(super) fn transfer(self, symbol: &str) -> String {
        let (nb, en) = match symbol {
            "adequacy" => (
                "beslutning om tilstrekkelig beskyttelsesnivå (art. 45)",
                "adequacy decision (art. 45)",
            ),
            "scc" => (
                "standard personvernbestemmelser (art. 46 nr. 2 c)",
                "standard contractual clauses (art. 46(2)(c))",
            ),
            "bcr" => (
                "bindende virksomhetsregler (art. 47)",
                "binding corporate rules (art. 47)",
            ),
            "derogation" => (
                "unntak for særlige situasjoner (art. 49)",
                "derogation for a specific situation (art. 49)",
            ),
            other => return other.to_owned(),
        };
        match self {
            Lang::Nb => nb.to_owned(),
            Lang::En => en.to_owned(),
        }
    }

    /// A zone's trust in words.
    pub(super) fn trust(self, symbol: &str) -> String {
        let (nb, en) = match symbol {
            "closed" => ("lukket", "closed"),
            "internal" => ("internt", "internal"),
            "external" => ("eksternt", "external"),
            "public" => ("åpent", "public"),
            other => return other.to_owned(),
        };
        match self {
            Lang::Nb => nb.to_owned(),
            Lang::En => en.to_owned(),
        }
    }

    /// How users log in (`auth`).
    pub(super) fn auth(self, symbol: &str) -> String {
        match (self, symbol) {
            (_, "idporten") => "ID-porten".to_owned(),
            (Lang::Nb, "password") => "passord".to_owned(),
            (Lang::En, "password") => "password".to_owned(),
            (_, other) => other.replace('_', " "),
        }
    }

    /// A duration in words: `10y` is «10 år», `1w` «1 uke».
    pub(super) fn duration(self, d: Duration) -> String {
        let one = d.amount == 1;
        let unit = match (self, d.unit) {
            (Lang::Nb, DurationUnit::Hour) => pick(one, "time", "timer"),
            (Lang::Nb, DurationUnit::Day) => pick(one, "dag", "dager"),
            (Lang::Nb, DurationUnit::Week) => pick(one, "uke", "uker"),
            (Lang::Nb, DurationUnit::Month) => pick(one, "måned", "måneder"),
            (Lang::Nb, DurationUnit::Year) => "år",
            (Lang::En, DurationUnit::Hour) => pick(one, "hour", "hours"),
            (Lang::En, DurationUnit::Day) => pick(one, "day", "days"),
            (Lang::En, DurationUnit::Week) => pick(one, "week", "weeks"),
            (Lang::En, DurationUnit::Month) => pick(one, "month", "months"),
            (Lang::En, DurationUnit::Year) => pick(one, "year", "years"),
        };
        format!("{} {unit}", d.amount)
    }

    /// A date as written in the language: «31.12.2027», `2027-12-31`.
    pub(super) fn date(self, date: Date) -> String {
        match self {
            Lang::Nb => format!("{:02}.{:02}.{}", date.day(), date.month(), date.year()),
            Lang::En => date.to_string(),
        }
    }

    /// What a finding's subject is, before its name.
    pub(super) fn kind(self, kind: &str) -> &'static str {
        match (self, kind) {
            (Lang::Nb, "system") => "systemet",
            (Lang::Nb, "flow") => "dataflyten",
            (Lang::Nb, "category") => "kategorien",
            (Lang::Nb, "allow") => "unntaket",
            (Lang::Nb, "zone") => "sonen",
            (Lang::Nb, "processor") => "databehandleren",
            (Lang::Nb, _) => "",
            (Lang::En, "system") => "system",
            (Lang::En, "flow") => "flow",
            (Lang::En, "category") => "category",
            (Lang::En, "allow") => "exception",
            (Lang::En, "zone") => "zone",
            (Lang::En, "processor") => "processor",
            (Lang::En, _) => "",
        }
    }
}

fn pick(one: bool, singular: &'static str, plural: &'static str) -> &'static str {
    if one { singular } else { plural }
}
