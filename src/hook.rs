//! `piimap install-hook`: a git pre-commit hook that runs `piimap scan --staged`.
//!
//! The hook calls the binary that installed it (its absolute path), so it works
//! without `piimap` on `PATH`; `$PIIMAP` overrides it. It respects
//! `core.hooksPath`, and refuses to replace an existing hook unless `--force`.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::input::git::git;

/// Installs the hook into the repository containing `dir`; returns the hook's path.
pub fn install(dir: &Path, force: bool, piimap: &Path) -> Result<PathBuf, String> {
    let hooks = git(dir, &["rev-parse", "--git-path", "hooks"], None)
        .map_err(|err| format!("{}: not a git repository ({err})", dir.display()))?;
    let hooks = PathBuf::from(String::from_utf8_lossy(&hooks).trim_end_matches('\n'));
    let hooks = if hooks.is_absolute() { hooks } else { dir.join(hooks) };
    std::fs::create_dir_all(&hooks).map_err(|err| format!("{}: {err}", hooks.display()))?;
    let hook = hooks.join("pre-commit");
    if hook.exists() && !force {
        return Err(format!(
            "{} already exists; add `{} scan --staged --quiet || exit 1` to it, or pass --force to replace it",
            hook.display(),
            shell_quote(&piimap.display().to_string())
        ));
    }
    let script = format!(
        "#!/bin/sh\n\
         # Installed by `piimap install-hook`: stops a commit that adds personal data.\n\
         # Accept a finding with a `piimap:allow` comment, piimap.toml or a baseline;\n\
         # skip the check once with `git commit --no-verify`.\n\
         [ -n \"$PIIMAP\" ] || PIIMAP={}\n\
         exec \"$PIIMAP\" scan --staged --format table --quiet\n",
        shell_quote(&piimap.display().to_string())
    );
    std::fs::write(&hook, script).map_err(|err| format!("{}: {err}", hook.display()))?;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))
        .map_err(|err| format!("{}: {err}", hook.display()))?;
    Ok(hook)
}

/// `text` as one single-quoted shell word.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("/usr/bin/piimap"), "'/usr/bin/piimap'");
        assert_eq!(shell_quote("/a b/it's"), "'/a b/it'\\''s'");
    }
}
