use super::*;
use crate::model::{AdContent, CatalogAd, Destination, LinkAd, TemplateData};
use crate::schema::migrations::{current_version, migrate_to, LATEST};
use crate::validate::{validate, IssueCode};

pub(crate) fn link_body(message: &str) -> DraftBody {
    DraftBody {
        ad_account_id: "act_42".into(),
        content: AdContent::Link(LinkAd {
            page_id: "123".into(),
            link: "https://shop.example.com".into(),
            message: message.into(),
            name: "Headline".into(),
            ..Default::default()
        }),
        destination: Destination::StandaloneCreative,
        notices: vec![],
    }
}

#[test]
fn create_get_save_round_trip_with_revisions() {
    let mut s = Store::open_in_memory().unwrap();
    let d = s.create("Spring", &link_body("one")).unwrap();
    assert_eq!(d.revision, 1);
    assert_eq!(s.get(&d.id).unwrap(), d);

    let ack = s.save(&d.id, &link_body("two"), Some(1)).unwrap();
    assert_eq!(ack.revision, 2);
    let ack = s.save(&d.id, &link_body("three"), None).unwrap();
    assert_eq!(ack.revision, 3);
    let got = s.get(&d.id).unwrap();
    assert_eq!(got.revision, 3);
    assert_eq!(got.body, link_body("three"));
    assert_eq!(got.updated_at, ack.saved_at);
}

#[test]
fn stale_save_is_refused_and_changes_nothing() {
    let mut s = Store::open_in_memory().unwrap();
    let d = s.create("x", &link_body("one")).unwrap();
    s.save(&d.id, &link_body("two"), Some(1)).unwrap();
    let err = s.save(&d.id, &link_body("stale"), Some(1)).unwrap_err();
    assert!(
        matches!(
            err,
            DraftsError::Conflict {
                expected: 1,
                current: 2,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(s.get(&d.id).unwrap().body, link_body("two"));
}

#[test]
fn unknown_and_trashed_drafts_cannot_be_saved() {
    let mut s = Store::open_in_memory().unwrap();
    assert!(matches!(
        s.save("nope", &link_body(""), None),
        Err(DraftsError::NotFound(_))
    ));
    let d = s.create("x", &link_body("one")).unwrap();
    s.delete(&d.id).unwrap();
    assert!(matches!(
        s.save(&d.id, &link_body("two"), None),
        Err(DraftsError::Deleted(_))
    ));
    assert!(matches!(s.rename(&d.id, "y"), Err(DraftsError::Deleted(_))));
}

#[test]
fn list_is_newest_first_and_holds_summaries() {
    let mut s = Store::open_in_memory().unwrap();
    let a = s.create("A", &link_body("alpha")).unwrap();
    let b = s.create("B", &link_body("beta")).unwrap();
    let c = s.create("C", &link_body("gamma")).unwrap();
    // Editing A makes it the most recent.
    std::thread::sleep(std::time::Duration::from_millis(2));
    s.save(&a.id, &link_body("alpha 2"), None).unwrap();
    let ids: Vec<_> = s.list().unwrap().into_iter().map(|d| d.id).collect();
    assert_eq!(ids, vec![a.id.clone(), c.id, b.id]);
    let first = &s.list().unwrap()[0];
    assert_eq!(first.title, "A");
    assert_eq!(first.preview, "Headline");
    assert_eq!(first.kind, AdKind::Link);
    assert_eq!(first.revision, 2);
}

#[test]
fn preview_falls_back_to_primary_text_and_is_capped() {
    let mut s = Store::open_in_memory().unwrap();
    let mut body = link_body(&"long text ".repeat(30));
    if let AdContent::Link(ad) = &mut body.content {
        ad.name.clear();
    }
    s.create("x", &body).unwrap();
    let row = &s.list().unwrap()[0];
    assert_eq!(row.preview.chars().count(), PREVIEW_CHARS);
    assert!(row.preview.starts_with("long text long"));
}

#[test]
fn search_matches_title_and_texts_case_insensitively() {
    let mut s = Store::open_in_memory().unwrap();
    let a = s
        .create("Spring SALE", &link_body("Bikes for everyone"))
        .unwrap();
    let b = s
        .create("Autumn", &link_body("Ünïcode Räder 50%_off"))
        .unwrap();
    let catalog = DraftBody {
        content: AdContent::Catalog(CatalogAd {
            template_data: TemplateData {
                name: "{{product.name | titleize}} Winter".into(),
                ..Default::default()
            },
            ..Default::default()
        }),
        ..link_body("")
    };
    let c = s.create("Catalog", &catalog).unwrap();
    fn ids_in(s: &Store, q: &str) -> Vec<String> {
        s.search(q, 50).unwrap().into_iter().map(|d| d.id).collect()
    }
    let ids = |q: &str| ids_in(&s, q);
    assert_eq!(ids("sale"), vec![a.id.clone()]);
    assert_eq!(ids("BIKES"), vec![a.id.clone()]);
    assert_eq!(ids("räder"), vec![b.id.clone()]);
    assert_eq!(ids("ÜNÏCODE"), vec![b.id.clone()]);
    // % and _ are literal characters, not wildcards.
    assert_eq!(ids("50%_"), vec![b.id.clone()]);
    assert_eq!(ids("%"), vec![b.id.clone()]);
    assert_eq!(ids("winter"), vec![c.id.clone()]);
    assert!(ids("nothing like this").is_empty());
    assert_eq!(s.search("", 2).unwrap().len(), 2);
    // Renaming is searchable at once; trashed drafts are not found.
    s.rename(&b.id, "Harvest").unwrap();
    assert_eq!(ids_in(&s, "harvest"), vec![b.id.clone()]);
    s.delete(&a.id).unwrap();
    assert!(ids_in(&s, "sale").is_empty());
}

#[test]
fn duplicate_copies_body_under_a_new_id() {
    let mut s = Store::open_in_memory().unwrap();
    let d = s.create("Spring", &link_body("one")).unwrap();
    s.save(&d.id, &link_body("two"), None).unwrap();
    let copy = s.duplicate(&d.id).unwrap();
    assert_ne!(copy.id, d.id);
    assert_eq!(copy.title, "Spring (copy)");
    assert_eq!(copy.revision, 1);
    assert_eq!(s.get(&copy.id).unwrap().body, link_body("two"));
    // The copy is independent.
    s.save(&copy.id, &link_body("three"), None).unwrap();
    assert_eq!(s.get(&d.id).unwrap().body, link_body("two"));
    assert_eq!(s.list().unwrap().len(), 2);
}

#[test]
fn rename_bumps_revision_and_keeps_body() {
    let mut s = Store::open_in_memory().unwrap();
    let d = s.create("Old", &link_body("one")).unwrap();
    let ack = s.rename(&d.id, "New").unwrap();
    assert_eq!(ack.revision, 2);
    let got = s.get(&d.id).unwrap();
    assert_eq!((got.title.as_str(), got.revision), ("New", 2));
    assert_eq!(got.body, link_body("one"));
}

#[test]
fn delete_restore_and_purge() {
    let mut s = Store::open_in_memory().unwrap();
    let d = s.create("x", &link_body("one")).unwrap();
    let keep = s.create("y", &link_body("two")).unwrap();
    assert!(matches!(s.purge(&d.id), Err(DraftsError::NotInTrash(_))));

    s.delete(&d.id).unwrap();
    s.delete(&d.id).unwrap(); // twice is harmless
    assert_eq!(s.list().unwrap().len(), 1);
    let trash = s.list_trash().unwrap();
    assert_eq!(trash.len(), 1);
    assert!(trash[0].deleted_at.is_some());
    assert!(s.get(&d.id).unwrap().deleted_at.is_some());

    s.restore(&d.id).unwrap();
    assert_eq!(s.list().unwrap().len(), 2);
    assert_eq!(s.get(&d.id).unwrap().body, link_body("one"));

    s.delete(&d.id).unwrap();
    s.purge(&d.id).unwrap();
    assert!(matches!(s.get(&d.id), Err(DraftsError::NotFound(_))));
    assert!(matches!(s.restore(&d.id), Err(DraftsError::NotFound(_))));
    assert!(s.list_trash().unwrap().is_empty());
    assert_eq!(s.get(&keep.id).unwrap().title, "y");
    assert!(matches!(s.delete("nope"), Err(DraftsError::NotFound(_))));
}

#[test]
fn empty_trash_respects_cutoff() {
    let mut s = Store::open_in_memory().unwrap();
    let a = s.create("a", &link_body("")).unwrap();
    let b = s.create("b", &link_body("")).unwrap();
    s.delete(&a.id).unwrap();
    s.delete(&b.id).unwrap();
    assert_eq!(s.empty_trash(0).unwrap(), 0);
    assert_eq!(s.empty_trash(now_ms() + 1).unwrap(), 2);
    assert!(s.list_trash().unwrap().is_empty());
}

#[test]
fn database_uses_wal_full_sync_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path().join("d.db")).unwrap();
    let mode: String = s
        .conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    let sync: i64 = s
        .conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    let fk: i64 = s
        .conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
    assert_eq!(current_version(&s.conn).unwrap(), LATEST);
    assert!(s.integrity_problems().unwrap().is_empty());
}

#[test]
fn drafts_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    let id = {
        let mut s = Store::open(&path).unwrap();
        let d = s.create("keep", &link_body("one")).unwrap();
        s.save(&d.id, &link_body("two"), None).unwrap();
        d.id
    };
    let s = Store::open(&path).unwrap();
    let got = s.get(&id).unwrap();
    assert_eq!((got.revision, got.body), (2, link_body("two")));
}

#[test]
fn newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.db");
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", LATEST + 1)
        .unwrap();
    drop(conn);
    assert!(matches!(
        Store::open(&path),
        Err(DraftsError::SchemaTooNew { .. })
    ));
}

/// A database written by the prototype (schema v1), with drafts that opted into the retired
/// `standard_enhancements` bundle, migrates to individual features.
#[test]
fn migrates_v1_drafts_from_standard_enhancements_to_individual_features() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        migrate_to(&mut conn, 1).unwrap();
        assert_eq!(current_version(&conn).unwrap(), 1);
        let rows = [
            // Bundle on, text and image present: both link features replace it.
            (
                "l1",
                "Bundle link",
                r#"{"ad_account_id":"act_1","content":{"kind":"link","page_id":"1","link":"https://a.example.com","message":"Hello","name":"Hi","description":"","call_to_action":"LEARN_MORE","image":{"md5":"0123456789abcdef0123456789abcdef","format":"jpeg","width":1080,"height":1080},"features":{"standard_enhancements":true,"text_generation":false,"image_uncrop":false,"image_background_gen":false}},"destination":{"type":"standalone_creative"}}"#,
            ),
            // Bundle on but no primary text and no image: nothing that would fail the rules.
            (
                "l2",
                "Bundle bare",
                r#"{"ad_account_id":"act_1","content":{"kind":"link","page_id":"1","link":"https://a.example.com","message":"","name":"","description":"","call_to_action":"LEARN_MORE","image":null,"features":{"standard_enhancements":true}},"destination":{"type":"standalone_creative"}}"#,
            ),
            // No bundle: explicit features kept, nothing else changes.
            (
                "l3",
                "Plain",
                r#"{"ad_account_id":"act_1","content":{"kind":"link","page_id":"1","link":"https://a.example.com","message":"Yo","name":"","description":"","call_to_action":"SHOP_NOW","image":null,"features":{"standard_enhancements":false,"text_generation":true,"image_uncrop":false,"image_background_gen":false}},"destination":{"type":"standalone_creative"}}"#,
            ),
            (
                "c1",
                "Bundle catalog",
                r#"{"ad_account_id":"act_1","content":{"kind":"catalog","page_id":"1","product_set_id":"55","template_data":{"message":"","name":"{{product.name}}","description":"","link":"{{product.url}}"},"call_to_action":"SHOP_NOW","features":{"standard_enhancements":true,"image_background_gen":false}},"destination":{"type":"standalone_creative"}}"#,
            ),
        ];
        for (id, title, body) in rows {
            conn.execute(
                "INSERT INTO drafts (id, title, body, revision, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 3, 1000, 2000)",
                params![id, title, body],
            )
            .unwrap();
        }
    }

    let s = Store::open(&path).unwrap();
    assert_eq!(current_version(&s.conn).unwrap(), LATEST);
    // No stored body mentions the bundle any more.
    let leftover: i64 = s
        .conn
        .query_row(
            "SELECT count(*) FROM drafts WHERE instr(body, 'standard_enhancements') > 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(leftover, 0);

    let link = |id: &str| match s.get(id).unwrap().body.content {
        AdContent::Link(ad) => ad,
        other => panic!("{other:?}"),
    };
    let l1 = s.get("l1").unwrap();
    assert_eq!(l1.revision, 3, "migration keeps revisions");
    assert_eq!(
        l1.body.notices,
        vec![crate::model::DraftNotice::EnhancementsBundleReplaced]
    );
    let f = link("l1").features;
    assert!(f.text_generation && f.image_uncrop);
    let f = link("l2").features;
    assert!(!f.text_generation && !f.image_uncrop);
    assert!(validate(&s.get("l2").unwrap().body)
        .iter()
        .all(|i| i.code != IssueCode::Required || i.path == "content.image"));
    let l3 = s.get("l3").unwrap();
    assert!(l3.body.notices.is_empty());
    assert!(link("l3").features.text_generation);
    match s.get("c1").unwrap().body.content {
        AdContent::Catalog(ad) => assert!(ad.features.image_background_gen),
        other => panic!("{other:?}"),
    }
    // The list columns were filled from the old bodies.
    let rows = s.list().unwrap();
    assert_eq!(rows.len(), 4);
    let c1 = rows.iter().find(|r| r.id == "c1").unwrap();
    assert_eq!(
        (c1.kind, c1.preview.as_str()),
        (AdKind::Catalog, "{{product.name}}")
    );
    let l1_row = rows.iter().find(|r| r.id == "l1").unwrap();
    assert_eq!(
        l1_row.image_md5.as_deref(),
        Some("0123456789abcdef0123456789abcdef")
    );
    assert_eq!(s.search("bundle", 10).unwrap().len(), 3);
    assert!(s.integrity_problems().unwrap().is_empty());
}

#[test]
fn migration_is_resumable_from_any_version() {
    for from in 0..=LATEST {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, from).unwrap();
        assert_eq!(current_version(&conn).unwrap(), from);
        migrate_to(&mut conn, LATEST).unwrap();
        assert_eq!(current_version(&conn).unwrap(), LATEST);
        // Running again is a no-op.
        migrate_to(&mut conn, LATEST).unwrap();
    }
}

#[test]
fn create_many_makes_independent_drafts_in_one_go() {
    let mut s = Store::open_in_memory().unwrap();
    let items: Vec<_> = (0..3)
        .map(|i| (format!("t{i}"), link_body(&format!("m{i}"))))
        .collect();
    let made = s.create_many(&items).unwrap();
    assert_eq!(made.len(), 3);
    for (d, (title, body)) in made.iter().zip(&items) {
        let got = s.get(&d.id).unwrap();
        assert_eq!((&got.title, &got.body, got.revision), (title, body, 1));
    }
    assert_eq!(s.search("m1", 10).unwrap()[0].id, made[1].id);
    assert!(s.create_many(&[]).unwrap().is_empty());
}
