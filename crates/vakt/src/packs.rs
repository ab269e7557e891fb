//! The built-in rule packs: defined by the rule engine, embedded from the
//! top-level `rules/` folder.

pub use vakt_rules::PACKS;

/// The packs loaded unless `--no-default-rules` is given.
pub const DEFAULT_PACKS: &[&str] = &["core", "gdpr"];

#[cfg(test)]
mod tests {
    use super::PACKS;

    /// `third-country-transfer` lists the EEA in the language; the model's
    /// schema (used by `vakt doc`) has its own list. They must agree.
    #[test]
    fn the_gdpr_pack_and_the_schema_agree_on_the_eea() {
        let gdpr = PACKS.iter().find(|p| p.name == "gdpr").unwrap().text;
        let rule = gdpr.split("rule third-country-transfer").nth(1).unwrap();
        let rule = rule.split("\nrule ").next().unwrap();
        let mut in_pack: Vec<&str> = rule
            .split('"')
            .filter(|s| s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()))
            .collect();
        in_pack.sort_unstable();
        in_pack.dedup();
        let mut in_schema = vakt_model::schema::EEA.to_vec();
        in_schema.sort_unstable();
        assert_eq!(in_pack, in_schema);
    }
}
