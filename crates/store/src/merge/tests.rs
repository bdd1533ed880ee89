use super::*;

fn actor(name: &str, code: Option<&str>) -> Actor {
    Actor {
        entity: None,
        name: name.into(),
        country: code.map(|c| c[..3].to_string()),
        code: code.map(str::to_string),
    }
}

fn place(name: &str) -> Place {
    Place {
        name: name.into(),
        ..Place::default()
    }
}

fn ev(
    article: &str,
    id: &str,
    cameo: &str,
    date: Option<&str>,
    place_name: Option<&str>,
) -> ArticleEvent {
    ArticleEvent {
        article: article.into(),
        published: Some(format!("2024-02-1{}", article.len() % 10)),
        outlet: Some(format!("outlet-{article}")),
        source_person: true,
        target_person: false,
        event: Event {
            id: id.into(),
            source: Some(actor(
                if article == "b" {
                    "Sergei Lavrov"
                } else {
                    "Sergey Lavrov"
                },
                Some("RUSGOV"),
            )),
            target: Some(actor("Cuba", Some("CUB"))),
            cameo: cameo.into(),
            status: "planned".into(),
            date: date.map(str::to_string),
            place: place_name.map(place),
            evidence: Evidence {
                start: 10,
                end: 50,
                block_role: "body".into(),
                trigger: String::new(),
            },
            ..Event::default()
        },
    }
}

#[test]
fn dates_parse_to_day_ranges() {
    assert_eq!(date_range("1970-01-01"), Some((0, 0)));
    assert_eq!(date_range("1970-01"), Some((0, 30)));
    assert_eq!(date_range("1970"), Some((0, 364)));
    assert_eq!(
        date_range("2024-02-29").map(|r| r.0),
        date_range("2024-02").map(|r| r.0 + 28)
    );
    assert!(date_range("2023-02-29").is_none());
    // 2024-W08 is Monday 19 to Sunday 25 February 2024.
    assert_eq!(
        date_range("2024-W08"),
        Some((
            date_range("2024-02-19").unwrap().0,
            date_range("2024-02-25").unwrap().0
        ))
    );
    assert_eq!(
        date_range("2024-02-21/2024-02-22").map(|(s, e)| e - s),
        Some(1)
    );
    assert_eq!(date_range("2024-02-21T10:00:00Z"), date_range("2024-02-21"));
    assert!(date_range("soon").is_none());
    assert!(dates_overlap(Some("2024"), Some("2024-02-19")));
    assert!(!dates_overlap(Some("2024-02-18"), Some("2024-02-19")));
    assert!(dates_overlap(None, Some("2024-02-19")));
}

#[test]
fn names_fold_and_actors_key() {
    assert_eq!(fold("  Sérgey  LAVROV's "), "sergey lavrovs");
    let a = actor("Sergey Lavrov", Some("RUSGOV"));
    assert_eq!(actor_key(&a, true), "p:lavrov");
    assert_eq!(actor_key(&a, false), "c:RUSGOV");
    assert!(actor_matches(&a, "lavrov"));
    assert!(actor_matches(&a, "RUSGOV"));
    assert!(!actor_matches(&a, "Putin"));
}

#[test]
fn names_match_whole_words_never_as_patterns() {
    let a = actor("Sergey Lavrov", Some("RUSGOV"));
    for hit in ["Sergey Lavrov", "sergey", "LAVROV", "%lavrov%"] {
        assert!(actor_matches(&a, hit), "{hit:?}");
    }
    for miss in [
        "l",
        "avro",
        "L%",
        "_avrov",
        "",
        "%",
        ".",
        "\\",
        "sergey  lav",
    ] {
        assert!(!actor_matches(&a, miss), "{miss:?}");
    }
    assert!(contains_words(
        "russian foreign ministry",
        "foreign ministry"
    ));
    assert!(!contains_words("russian foreign ministry", "eign min"));
    assert!(!contains_words("anything", ""));
}

#[test]
fn same_event_from_several_articles_merges() {
    let events = vec![
        ev("a", "v1", "042", Some("2024-02-19"), Some("Havana")),
        ev("b", "v3", "0421", Some("2024-W08"), None),
        ev("cc", "v1", "042", Some("2024-02-19"), Some("Havana")),
        // Another root: another event.
        ev("a", "v2", "036", Some("2024-02-19"), Some("Havana")),
        // Disjoint date: another event.
        ev("cc", "v2", "042", Some("2024-05-01"), Some("Havana")),
        // Another place: another event.
        ev("dd", "v1", "042", Some("2024-02-19"), Some("Caracas")),
    ];
    let merged = merge_events(events);
    assert_eq!(merged.len(), 4, "{merged:#?}");
    let m = &merged[0];
    assert_eq!(m.event.id, "m1");
    assert_eq!(m.num_mentions, 3);
    assert_eq!(m.num_articles, 3);
    assert_eq!(m.num_sources, 3);
    assert_eq!(m.event.cameo, "042");
    assert_eq!(m.event.date.as_deref(), Some("2024-02-19"));
    assert_eq!(
        m.event.place.as_ref().map(|p| p.name.as_str()),
        Some("Havana")
    );
    assert_eq!(m.mentions[1].article, "b");
    assert_eq!(m.mentions[1].event, "v3");
    assert_eq!(m.first_seen.as_deref(), Some("2024-02-11"));
    assert_eq!(m.last_seen.as_deref(), Some("2024-02-12"));
    assert_eq!(merged[1].event.cameo, "036");
}

fn stop(article: &str, date: Option<&str>, place_name: &str) -> ArticleStop {
    ArticleStop {
        article: article.into(),
        published: None,
        person: actor("Lavrov", Some("RUSGOV")),
        stop: Stop {
            date: date.map(str::to_string),
            place: place(place_name),
            status: "planned".into(),
            events: vec!["v1".into()],
        },
    }
}

#[test]
fn itinerary_merges_and_reports_conflicting_dates() {
    let stops = vec![
        stop("a", Some("2024-02-19"), "Havana"),
        stop("a", Some("2024-02-21"), "Caracas"),
        stop("b", Some("2024-02-19"), "Havana"),
        stop("c", Some("2024-02-20"), "Havana"),
        stop("c", None, "Caracas"),
        stop("d", Some("2024-09-01"), "Havana"),
    ];
    let it = merge_itinerary(stops).unwrap();
    let summary: Vec<(Option<&str>, &str, Vec<String>)> = it
        .stops
        .iter()
        .map(|s| (s.date.as_deref(), s.place.name.as_str(), s.articles.clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                Some("2024-02-19"),
                "Havana",
                vec!["a".into(), "b".into(), "c".into()]
            ),
            (Some("2024-02-21"), "Caracas", vec!["a".into(), "c".into()]),
            (Some("2024-09-01"), "Havana", vec!["d".into()]),
        ]
    );
    assert_eq!(it.conflicts.len(), 1);
    assert_eq!(it.conflicts[0].values, vec!["2024-02-19", "2024-02-20"]);
    assert_eq!(it.conflicts[0].articles[1], vec!["c".to_string()]);
    assert_eq!(it.stops[0].events, vec!["a#v1", "b#v1", "c#v1"]);
}
