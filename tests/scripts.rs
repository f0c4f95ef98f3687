//! The README's two commands and CI's entry point are runnable as documented.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

#[test]
fn readme_commands_are_executable() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for script in ["scripts/run", "scripts/test", "scripts/setup", ".ci/run"] {
        let mode = std::fs::metadata(root.join(script))
            .unwrap_or_else(|e| panic!("{script}: {e}"))
            .permissions()
            .mode();
        assert!(
            mode & 0o111 != 0,
            "{script} is not executable (mode {mode:o})"
        );
    }
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    assert!(readme.contains("scripts/run ") && readme.contains("scripts/test "));
    let ci = std::fs::read_to_string(root.join(".ci/run")).expect(".ci/run");
    assert!(
        ci.contains("scripts/test"),
        ".ci/run must call the README's test command"
    );
}
