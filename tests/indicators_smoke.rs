use chisogioi::indicators::Engine;
use chisogioi::model::Article;
#[test]
#[ignore]
fn dump() {
    let e = Engine::load_default().unwrap();
    let text = std::env::var("T").unwrap();
    let a = Article {
        id: "x".into(),
        title: "Tiêu đề".into(),
        text,
        ..Default::default()
    };
    println!("{}", serde_json::to_string_pretty(&e.score(&a)).unwrap());
}
#[test]
#[ignore]
fn names_errors() {
    let e = Engine::load_default().unwrap();
    let src =
        std::fs::read_to_string("/work/shared/data/vi-names/given_names_gender.train.tsv").unwrap();
    let mut given_err = std::collections::BTreeMap::<String, (usize, usize)>::new();
    for l in src.lines().skip(1) {
        let (n, g) = l.split_once('\t').unwrap();
        let a = e.lexicons().names.guess(n);
        let given = n.split_whitespace().last().unwrap().to_string();
        let ent = given_err.entry(given).or_default();
        let ok = matches!(
            (a, g),
            (chisogioi::lexicon::NameAnswer::Female, "female")
                | (chisogioi::lexicon::NameAnswer::Male, "male")
        );
        if g != "both" {
            if ok { ent.0 += 1 } else { ent.1 += 1 }
        }
    }
    let mut v: Vec<_> = given_err.into_iter().filter(|(_, (_, b))| *b > 0).collect();
    v.sort_by_key(|(_, (_, b))| std::cmp::Reverse(*b));
    for (g, (ok, bad)) in v.iter().take(60) {
        println!("{g}\t{ok}\t{bad}");
    }
}
#[test]
#[ignore]
fn hits() {
    let e = Engine::load_default().unwrap();
    let text = std::env::var("T").unwrap();
    let doc = chisogioi::text::Document::analyze(&text);
    let ks = chisogioi::lexicon::KeyStream::new(doc.tokens(), doc.original());
    for h in e.lexicons().find(&ks) {
        println!(
            "{:?} {:?}",
            h.kind,
            doc.tokens()[h.tokens.0..h.tokens.1]
                .iter()
                .map(|t| t.norm.as_str())
                .collect::<Vec<_>>()
        );
    }
}
