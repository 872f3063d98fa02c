use std::path::{Path, PathBuf};
use std::process::Command;

/// The fingerprint key every test run uses, so outputs are comparable.
pub const KEY: &str = "integration-test-key";

/// A finished run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// When every report of the tests says it was made (`SOURCE_DATE_EPOCH`,
/// 2025-12-01T00:00:00Z), so that report snapshots are reproducible.
pub const MADE_AT: &str = "1764547200";

/// The binary with a clean environment (no inherited key, no terminal, no
/// locale: English reports unless a test asks), and a fixed report date.
pub fn piimap() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_piimap"));
    command.env_clear().env("PIIMAP_FINGERPRINT_KEY", KEY).env("SOURCE_DATE_EPOCH", MADE_AT);
    command
}

/// Runs the binary with `args` in `cwd`.
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    let output = piimap().current_dir(cwd).args(args).output().expect("run piimap");
    Run {
        code: output.status.code().expect("exited normally, not by a signal"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A temporary directory tree for one test.
pub struct Tree {
    pub dir: tempfile::TempDir,
}

impl Tree {
    pub fn new() -> Tree {
        Tree { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `content` at `relative`, creating parent directories.
    pub fn file(&self, relative: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, content).unwrap();
        path
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }
}

/// Parses JSON Lines output.
pub fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("bad JSON line {line:?}: {e}")))
        .collect()
}

/// The repository root (tests run with it as the manifest directory).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs git in `dir` with a fixed identity and no user or system configuration.
pub fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .expect("git is installed")
}

/// The identifiers added by issue 20, found from values since: the labelled
/// corpus (`corpora/identifiers`) and the masking test both cover all of them.
pub const IDENTIFIERS: [&str; 7] =
    ["credit_card", "health_number", "drivers_license", "passport", "bank_account", "business_number", "date_of_birth"];

/// The headless browser the HTML report tests drive (tests/run installs Chromium).
pub fn browser() -> &'static str {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success()))
        .expect("a headless browser is needed for this test: apt-get install chromium (tests/run installs it)")
}
