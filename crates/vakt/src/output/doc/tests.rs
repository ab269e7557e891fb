use super::*;
use crate::{CheckOptions, Input, NoFiles, check};

/// A small model with something for every part of the record: own systems
/// with and without processors, a recipient, transfers outside the EEA,
/// open findings of each severity, an expired and an accepted exception.
const MODEL: &str = r#"use "kommune"

organization bygd "Bygd kommune" {
  controller = "Kommunedirektøren"
  dpo        = "personvernombud@bygd.kommune.no"
}

zone lukket "Lukket sone" { trust = closed }
zone intern "Kommunens nett" { trust = internal }
zone sky "Leverandørsky" { trust = external }

category kontakt "Kontaktinformasjon" { retention = 5y }
category helse "Helseopplysninger" { sensitive = true, retention = 10y }
category helse.journal "Pasientjournal" { parent = helse }
category statistikk "Besøksstatistikk" { personal = false }
category gammel "Utgått register"

subject pasienter "Pasienter"
subject ansatte "Ansatte"

processor journal-as "Journal AS" { agreement = "DBA 2024-03-01", country = "NO" }
processor analyse-inc "Analyse Inc." { country = "US" }
processor skylager "Skylager Ltd" { agreement = "DBA 2025-02-01", country = "GB", transfer = adequacy }

party statsforvalteren "Statsforvalteren" { country = "NO" }

system epj "Elektronisk pasientjournal" {
  zone              = lukket
  owner             = "Kommunalsjef helse"
  operator          = journal-as
  stores            = [helse.journal, kontakt]
  subjects          = [pasienter]
  basis             = legal_obligation
  law               = "pasientjournalloven § 22"
  purpose           = "Dokumentere helsehjelp"
  access_logging    = true
  encrypted_at_rest = true
  auth              = idporten
}

system ansattportal "Ansattportal" {
  zone      = sky
  owner     = "HR-sjef"
  operator  = skylager
  stores    = [kontakt]
  subjects  = [ansatte]
  basis     = contract
  retention = "Slettes ett år etter at arbeidsforholdet er slutt"
  auth      = password
}

system webanalyse "Webanalyse" {
  zone      = sky
  owner     = "Kommunikasjonssjef"
  operator  = analyse-inc
  stores    = [statistikk, kontakt]
  basis     = consent
  retention = 2y
}

system tilsyn "Statsforvalterens tilsynssak" {
  zone       = sky
  controller = statsforvalteren
}

flow epj -> tilsyn "Utlevering ved tilsyn" {
  carries   = [helse.journal]
  channel   = sftp
  encrypted = true
  law       = "helsetilsynsloven § 7"
}

allow processor-agreement on system webanalyse because "Avtale under forhandling" until 2027-01-01
allow third-country-transfer on system webanalyse because "Vurderes" until 2026-01-01
allow access-logging on system ansattportal because "Gammelt unntak"
"#;

fn checked(text: &str) -> Outcome {
    let input = Input {
        name: "bygd.vakt".to_owned(),
        bytes: text.as_bytes().to_vec(),
    };
    let options = CheckOptions {
        today: vakt_syntax::Date::new(2026, 6, 1),
        ..CheckOptions::default()
    };
    let outcome = check(vec![input], &NoFiles, &options);
    assert!(!outcome.load_failed(), "{:#?}", outcome.diagnostics);
    outcome
}

fn doc(text: &str, lang: Lang) -> String {
    render(&checked(text), &DocOptions { lang })
}

#[test]
fn nb_snapshot() {
    insta::assert_snapshot!(doc(MODEL, Lang::Nb));
}

#[test]
fn en_snapshot() {
    insta::assert_snapshot!(doc(MODEL, Lang::En));
}

#[test]
fn the_findings_of_the_model_are_the_ones_the_record_shows() {
    let outcome = checked(MODEL);
    let open: Vec<(&str, &str)> = open_findings(&outcome)
        .map(|f| (f.rule.as_str(), f.subject.id.as_str()))
        .collect();
    assert_eq!(
        open,
        [
            ("unused-category", "gammel"),
            ("third-country-transfer", "webanalyse"),
            ("closed-zone-egress", "tilsyn"),
            ("unused-allow", "access-logging@ansattportal"),
        ]
    );
}

#[test]
fn durations_are_written_in_words() {
    use vakt_syntax::{Duration, DurationUnit};
    let d = |amount, unit| Duration { amount, unit };
    assert_eq!(Lang::Nb.duration(d(10, DurationUnit::Year)), "10 år");
    assert_eq!(Lang::Nb.duration(d(1, DurationUnit::Week)), "1 uke");
    assert_eq!(Lang::Nb.duration(d(3, DurationUnit::Month)), "3 måneder");
    assert_eq!(Lang::Nb.duration(d(7, DurationUnit::Day)), "7 dager");
    assert_eq!(Lang::En.duration(d(1, DurationUnit::Year)), "1 year");
    assert_eq!(Lang::En.duration(d(24, DurationUnit::Hour)), "24 hours");
}

#[test]
fn bases_are_written_in_words_with_their_article() {
    assert_eq!(
        Lang::Nb.basis("legal_obligation"),
        "rettslig forpliktelse (art. 6 nr. 1 c)"
    );
    assert_eq!(Lang::En.basis("public_task"), "public task (art. 6(1)(e))");
    assert_eq!(Lang::Nb.basis("own_basis"), "own basis");
}

#[test]
fn text_from_the_model_cannot_become_markup() {
    assert_eq!(text("a|b *c* <d>\nx"), "a\\|b \\*c\\* \\<d\\> x");
    let record = doc(
        "system s \"Sak | *arkiv*\" { zone = z }\nzone z { trust = closed }\n",
        Lang::Nb,
    );
    assert!(record.contains("### Sak \\| \\*arkiv\\*\n"), "{record}");
    assert!(
        record.contains("| z | lukket | Sak \\| \\*arkiv\\* |"),
        "{record}"
    );
}

#[test]
fn a_model_without_an_organization_or_systems_is_still_a_record() {
    let record = doc("", Lang::En);
    assert!(record.starts_with("# Record of processing activities\n\n"));
    assert!(record.contains("- **Controller:** not stated\n"));
    assert!(record.contains("The model describes no systems of its own.\n"));
    assert!(record.ends_with("vakt found no open findings.\n\n"));
}
