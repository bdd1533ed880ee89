use super::*;

fn ents(text: &str, date: &str) -> Vec<Entity> {
    let st = EntityStage::new();
    // one sentence per line, split at ". " as well
    let mut sents = Vec::new();
    let mut a = 0;
    for (i, _) in text.match_indices(['\n', '.']) {
        sents.push((a, i + 1));
        a = i + 1;
    }
    sents.push((a, text.len()));
    st.entities_of(text, date, &sents)
}

fn find<'a>(es: &'a [Entity], name: &str) -> &'a Entity {
    es.iter().find(|e| e.name == name).unwrap_or_else(|| {
        panic!(
            "no {name} in {:?}",
            es.iter().map(|e| &e.name).collect::<Vec<_>>()
        )
    })
}

#[test]
fn titled_minister_gets_a_country_code() {
    let es = ents(
        "Russian Foreign Minister Sergey Lavrov will visit Cuba.",
        "2024-02-15",
    );
    let l = find(&es, "Sergey Lavrov");
    assert_eq!(l.code.as_deref(), Some("RUSGOV"));
    assert_eq!(l.country.as_deref(), Some("RUS"));
    let c = find(&es, "Cuba");
    assert_eq!(c.kind, EntityType::Gpe);
    assert_eq!(c.code.as_deref(), Some("CUB"));
}

#[test]
fn unknown_person_with_apposition() {
    let es = ents("Juan Perezoso, president of Boliviana, left. Later Ramiro Quintanilla, president of Chile, spoke.", "2024-02-15");
    let r = find(&es, "Ramiro Quintanilla");
    assert_eq!(r.code.as_deref(), Some("CHLGOV"));
    assert_eq!(r.role.as_deref(), Some("President"));
}

#[test]
fn surname_and_pronoun_corefer() {
    let es = ents(
        "Maria Zakharova spoke on Monday. Zakharova said she was pleased.",
        "2024-02-15",
    );
    let z = find(&es, "Maria Zakharova");
    assert_eq!(z.mentions.len(), 3);
    assert_eq!(z.mentions[2].kind, MentionKind::Pronoun);
}

#[test]
fn known_person_office_by_date() {
    let es = ents(
        "Secretary of State Mike Pompeo met reporters.",
        "2019-05-01",
    );
    let p = find(&es, "Mike Pompeo");
    assert_eq!(p.code.as_deref(), Some("USAGOV"));
    assert_eq!(p.role.as_deref(), Some("Secretary of State"));
}

#[test]
fn lone_capitalised_common_words_are_not_entities() {
    let es = ents(
        "The plan was ready. However, Monday came. In March they left.",
        "2024-01-01",
    );
    assert!(
        es.is_empty(),
        "{:?}",
        es.iter().map(|e| &e.name).collect::<Vec<_>>()
    );
}

mod props {
    use super::super::EntityStage;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn stage() -> &'static EntityStage {
        static S: OnceLock<EntityStage> = OnceLock::new();
        S.get_or_init(EntityStage::new)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn never_panics_and_spans_are_on_char_boundaries(
            text in "([A-Z][a-zé]{0,7}|[a-z]{1,6}|[ ,.#@’'\\-\n“”]|Díaz|U\\.S\\.|Lavrov|he|she|Paris, Texas){0,60}"
        ) {
            let es = stage().entities_of(&text, "2024-02-15", &[(0, text.len())]);
            for e in &es {
                for m in &e.mentions {
                    let (a, b) = (m.span.start as usize, m.span.end as usize);
                    prop_assert!(a < b && b <= text.len());
                    prop_assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
                }
            }
        }
    }
}

#[test]
fn out_of_office_by_surname_is_an_elite() {
    let es = ents(
        "Trump criticised the deal approved by the Obama administration.",
        "2017-02-07",
    );
    let o = find(&es, "Barack Obama");
    assert_eq!(o.code.as_deref(), Some("USAELI"));
    assert_eq!(o.role.as_deref(), Some("Former President"));
}

#[test]
fn petrarch_actor_dictionaries_load_when_present() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/petrarch/petrarch2/dictionaries/Phoenix.Countries.actors.txt"
    );
    if !std::path::Path::new(path).exists() {
        eprintln!("skipping: no {path}");
        return;
    }
    let st = EntityStage::with_actor_dictionaries(&[path]).expect("readable");
    assert!(st.people_count() > 5_000, "{}", st.people_count());
    let es = st.entities_of("Tatyana Golikova spoke in Moscow.", "2008-06-01", &[]);
    let p = find(&es, "Tatyana Golikova");
    assert_eq!(p.code.as_deref(), Some("RUSGOVDEV"));
    assert_eq!(p.country.as_deref(), Some("RUS"));
    // the built-in list keeps priority
    let es = st.entities_of("Sergey Lavrov spoke.", "2024-02-15", &[]);
    assert_eq!(
        find(&es, "Sergey Lavrov").role.as_deref(),
        Some("Foreign Minister")
    );
}

#[test]
fn given_name_spellings_compare_whole_characters() {
    // Four bytes end inside the third character of both names: no panic.
    let _ = close("Ma飅ria", "Ma飅ro");
    assert!(!close("Ma飅ria", "Lopez"));
    assert!(close("Sergei", "Sergey"));
    assert!(close("Nicolás", "Nicolas"));
}
