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
