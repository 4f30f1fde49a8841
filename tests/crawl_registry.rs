//! The shipped outlet registry and the errors an officer sees when editing it.

use chisogioi::crawl::registry;
use chisogioi::i18n::Lang;
use chisogioi::model::OutletType;
use std::path::Path;
use std::process::Command;

#[test]
fn shipped_registry_covers_the_planned_outlets() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/outlets.toml");
    let outlets = registry::load(&path, Lang::En).unwrap();
    assert!(outlets.len() >= 40, "{}", outlets.len());
    let ids: Vec<&str> = outlets.iter().map(|o| o.id.as_str()).collect();
    for id in [
        "vnexpress",
        "tuoitre",
        "thanhnien",
        "dantri",
        "vietnamplus",
        "nhandan",
        "laodong",
        "phunuvietnam",
        "hanoimoi",
        "vtv",
        "vov",
        "baoquangninh",
    ] {
        assert!(ids.contains(&id), "{id} missing");
    }
    for province in ["Quảng Ninh", "Hà Nội", "Bắc Ninh", "Vĩnh Long", "Lâm Đồng"] {
        let n = outlets
            .iter()
            .filter(|o| o.province.as_deref() == Some(province))
            .count();
        assert!(n >= 2, "{province}: {n}");
    }
    assert!(outlets.iter().any(|o| o.kind == OutletType::Broadcaster));
    assert!(
        outlets
            .iter()
            .any(|o| o.kind == OutletType::GovernmentPortal)
    );
    assert!(outlets.iter().any(|o| o.kind == OutletType::MediaCentre));
}

#[test]
fn officer_sees_file_and_line_of_a_mistake() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("outlets.toml");
    std::fs::write(
        &p,
        "# tỉnh Quảng Ninh\n\
         [[outlet]]\n\
         id = \"xa-dong-tien\"\n\
         name = \"Cổng thông tin điện tử xã Đông Tiến\"\n\
         type = \"commune_portal\"\n\
         home = \"dongtien.quangninh.gov.vn\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chisogioi"))
        .args(["outlets", "list", "--outlets"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("outlets.toml:6"), "{err}");
    assert!(err.contains("https://"), "says what to write: {err}");

    // An unknown type is a syntax-level error, also with its line.
    std::fs::write(
        &p,
        "[[outlet]]\nid = \"x\"\nname = \"X\"\ntype = \"bao_xa\"\nhome = \"https://x.vn/\"\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_chisogioi"))
        .args(["--lang", "en", "outlets", "list", "--outlets"])
        .arg(&p)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("outlets.toml:4"), "{err}");
    assert!(
        err.contains("commune_portal"),
        "lists the valid types: {err}"
    );
}
