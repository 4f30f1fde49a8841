use chisogioi::indicators::Engine;
use chisogioi::model::Article;
#[test]
#[ignore]
fn dump() {
    let e = Engine::load_default().unwrap();
    let text = std::env::var("T").unwrap();
    let a = Article { id: "x".into(), title: "Tiêu đề".into(), text, ..Default::default() };
    println!("{}", serde_json::to_string_pretty(&e.score(&a)).unwrap());
}
