//! The shipped segmenter: loads, segments realistic text, round-trips, trains.

use chisogioi::text::Document;
use chisogioi::text::segment::{Segmenter, TrainOptions, read_conllu, train};

fn words(doc: &Document) -> Vec<&str> {
    doc.words().iter().map(|w| doc.slice(w.span)).collect()
}

#[test]
fn embedded_model_loads_and_says_where_it_comes_from() {
    let m = Segmenter::embedded();
    assert!(m.note().contains("vi_vtb-ud-train.conllu"), "{}", m.note());
    assert!(m.note().contains("CC BY-SA 4.0"));
    let again = Segmenter::from_bytes(&m.to_bytes()).unwrap();
    assert_eq!(again.size(), m.size());
    assert!(Segmenter::from_bytes(b"not a model").is_err());
    assert!(Segmenter::from_bytes(&Segmenter::EMBEDDED_BYTES[..100]).is_err());
}

#[test]
fn segments_titles_names_and_compounds() {
    let doc = Document::analyze(
        "Chủ tịch xã Bùi Văn Luyến cho biết, phụ nữ chiếm 53,17% lực lượng lao động của tỉnh.",
    );
    let w = words(&doc);
    for expected in ["Chủ tịch", "Bùi Văn Luyến", "phụ nữ", "53,17%", "lao động"] {
        assert!(w.contains(&expected), "{expected:?} not in {w:?}");
    }
    // words never cross a sentence boundary or punctuation
    assert!(
        w.iter()
            .all(|x| !x.contains(',') || *x == "," || *x == "53,17%")
    );
}

#[test]
fn training_on_conllu_learns_the_gold_words() {
    // A tiny treebank written for this test (not from any corpus).
    let mut conllu = String::new();
    let sents = [
        ["Bà", "Nguyễn Thị Lan", "là", "giám đốc", "bệnh viện", "."],
        ["Ông", "Trần Văn Hùng", "là", "bác sĩ", "bệnh viện", "."],
        ["Chị", "Lê Thị Mai", "làm", "giám đốc", "công ty", "."],
    ];
    for (i, s) in sents.iter().cycle().take(30).enumerate() {
        conllu.push_str(&format!("# sent_id = t{i}\n"));
        for (j, f) in s.iter().enumerate() {
            conllu.push_str(&format!("{}\t{f}\t_\t_\t_\t_\t0\t_\t_\t_\n", j + 1));
        }
        conllu.push('\n');
    }
    let data = read_conllu(&conllu);
    assert_eq!(data.len(), 30);
    assert_eq!(data[0].raw, "Bà Nguyễn Thị Lan là giám đốc bệnh viện .");
    let model = train(
        &data,
        &TrainOptions {
            epochs: 5,
            bits: 16,
            ..TrainOptions::default()
        },
    );
    let doc = Document::analyze_with("Anh Phạm Văn Nam là giám đốc bệnh viện.", &model);
    let w = words(&doc);
    assert!(w.contains(&"giám đốc") && w.contains(&"bệnh viện"), "{w:?}");
    assert!(w.contains(&"Phạm Văn Nam"), "{w:?}");
}
