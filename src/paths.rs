//! One spelling per file: how baselines, allowlists and inventory locations
//! compare paths whatever the user typed (`.`, `./x`, `x`, `/abs/x`, `sub/../x`).
//!
//! Paths are compared *lexically*: made absolute against the current directory,
//! with `.` and `..` resolved, and no symlink followed (a glob or a baseline
//! speaks of paths as written, and resolving symlinks per finding would cost a
//! system call each). What a baseline stores is that path relative to its
//! *anchor*: the root of the git repository holding the baseline file, or the
//! baseline's own directory outside a repository. A baseline made with
//! `piimap baseline b.json .` (paths walked as `./src/x`) and a scan of
//! `--staged` (paths from git as `src/x`) then speak of the same file.

use std::path::{Component, Path, PathBuf};

/// `path` made absolute against the current directory, with `.` and `..`
/// resolved, without touching the file system.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/")).join(path)
    };
    let mut clean = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    clean
}

/// The root of the git repository holding `start` (the nearest directory at
/// or above it with a `.git` entry), if any.
pub fn repository_root(start: &Path) -> Option<PathBuf> {
    let start = absolute(start);
    let mut dir = if start.is_dir() { Some(start.as_path()) } else { start.parent() };
    while let Some(current) = dir {
        if current.join(".git").exists() {
            return Some(current.to_path_buf());
        }
        dir = current.parent();
    }
    None
}

/// `path` (absolute, as [`absolute`] makes it) relative to `base` with `/`
/// separators: below `base` as `src/x`, beside it as `../data/x` (a baseline
/// in `ci/` of a directory that is not a repository still travels with the
/// files it speaks of). A path that shares nothing with `base` but the
/// file-system root, or is `base` itself, stays as it is.
pub fn relative_to(path: &str, base: &Path) -> String {
    let target = Path::new(path);
    let (theirs, ours): (Vec<_>, Vec<_>) = (target.components().collect(), base.components().collect());
    let shared = theirs.iter().zip(&ours).take_while(|(a, b)| a == b).count();
    let only_the_root = shared <= 1 && ours.len() > 1;
    if shared == theirs.len() || only_the_root || shared == 0 {
        return path.to_string();
    }
    let mut parts: Vec<String> = vec!["..".to_string(); ours.len() - shared];
    parts.extend(theirs[shared..].iter().map(|part| part.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

/// Where a baseline's relative paths start from: the repository holding the
/// baseline file, else the file's directory.
pub fn baseline_anchor(baseline: &Path) -> PathBuf {
    let file = absolute(baseline);
    let dir = file.parent().map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
    repository_root(&dir).unwrap_or(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_gives_one_absolute_path() {
        let cwd = std::env::current_dir().unwrap();
        let want = cwd.join("src/x.rs");
        for spelling in ["src/x.rs", "./src/x.rs", "src/./x.rs", "src/sub/../x.rs", "./src//x.rs"] {
            assert_eq!(absolute(Path::new(spelling)), want, "{spelling}");
        }
        assert_eq!(absolute(&want), want);
    }

    #[test]
    fn relative_below_and_beside_the_base() {
        assert_eq!(relative_to("/repo/src/x.rs", Path::new("/repo")), "src/x.rs");
        assert_eq!(relative_to("/elsewhere/x.rs", Path::new("/repo")), "/elsewhere/x.rs");
        assert_eq!(relative_to("/repo", Path::new("/repo")), "/repo");
        assert_eq!(relative_to("/work/d/sub/c.txt", Path::new("/work/ci")), "../d/sub/c.txt");
        assert_eq!(relative_to("/work/c.txt", Path::new("/work/ci/deep")), "../../c.txt");
        assert_eq!(absolute(&Path::new("/work/ci").join("../d/sub/c.txt")), Path::new("/work/d/sub/c.txt"));
    }

    #[test]
    fn anchors_are_the_repository_or_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("ci")).unwrap();
        assert_eq!(baseline_anchor(&repo.join("ci/baseline.json")), repo);
        let loose = dir.path().join("loose");
        std::fs::create_dir_all(&loose).unwrap();
        assert_eq!(baseline_anchor(&loose.join("b.json")), loose);
    }
}
