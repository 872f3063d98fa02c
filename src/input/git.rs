//! Git changes: which lines a commit (or a branch) adds, so a CI gate scans
//! those and nothing else.
//!
//! git itself computes the diff (`git diff --unified=0`, renames detected,
//! deleted files and binary files left out); piimap only reads its hunk headers
//! to learn which line numbers of the new version are added. The new version's
//! bytes come from the index (`--staged`) or the working tree (`--diff REV`), so
//! findings carry real line numbers and byte offsets. The repository is never
//! walked: the cost is the size of the change.

use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The files of a git change, as inputs (no directory is walked): each is
/// scanned from its new content in memory, only on the lines it adds.
pub fn inputs(root: &Path, changes: Vec<ChangedFile>) -> super::Inputs {
    let mut files: Vec<super::Input> = changes
        .into_iter()
        .map(|change| {
            let path = root.join(&change.path);
            super::Input {
                display: change.path.clone(),
                absolute: super::walk::absolute_string(&path),
                size: change.content.len() as u64,
                explicit: true,
                origin: super::Origin::Change { path, change: std::sync::Arc::new(change) },
            }
        })
        .collect();
    files.sort_by(|a, b| a.display.cmp(&b.display));
    super::Inputs { files, errors: Vec::new(), too_large: 0 }
}

/// Git's well-known empty tree: what a repository with no commit yet is compared with.
const EMPTY_TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

/// Which change to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeSet {
    /// The index against HEAD.
    Staged,
    /// The working tree against a revision.
    Since(String),
}

/// One changed file: its new content and the lines the change adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedFile {
    /// Path relative to the repository root, as git prints it.
    pub path: String,
    /// The file as the change leaves it.
    pub content: Vec<u8>,
    /// Added lines: (1-based line number, byte range in `content` without the newline).
    pub added: Vec<(u64, Range<usize>)>,
}

/// The changed files of `change` in the repository containing `dir`, and the repository root.
pub fn changed_files(dir: &Path, change: &ChangeSet) -> Result<(PathBuf, Vec<ChangedFile>), String> {
    let root = git(dir, &["rev-parse", "--show-toplevel"], None)?;
    let root = PathBuf::from(String::from_utf8_lossy(&root).trim_end_matches('\n'));
    let mut args: Vec<String> = [
        "-c",
        "core.quotePath=false",
        "diff",
        "--unified=0",
        "--no-color",
        "--no-ext-diff",
        "--find-renames",
        "--diff-filter=ACMRT",
    ]
    .map(String::from)
    .to_vec();
    match change {
        ChangeSet::Staged => {
            args.push("--cached".into());
            if git(&root, &["rev-parse", "--verify", "--quiet", "HEAD"], None).is_err() {
                args.push(EMPTY_TREE.into()); // no commit yet: everything staged is added
            }
        }
        ChangeSet::Since(rev) => {
            git(&root, &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")], None)
                .map_err(|_| format!("--diff: {rev:?} is not a revision of this repository"))?;
            args.push(rev.clone());
        }
    }
    args.push("--".into());
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let patch = git(&root, &arg_refs, None)?;
    let mut files = parse_added_lines(&patch);
    // New contents: the index for a staged change, the working tree otherwise.
    match change {
        ChangeSet::Staged => {
            let request: String = files.iter().map(|f| format!(":{}\n", f.path)).collect();
            let blobs = git(&root, &["cat-file", "--batch"], Some(request.as_bytes()))?;
            let mut rest = &blobs[..];
            for file in &mut files {
                let (content, after) =
                    next_blob(rest).ok_or_else(|| format!("git cat-file: no content for {}", file.path))?;
                file.content = content.to_vec();
                rest = after;
            }
        }
        ChangeSet::Since(_) => {
            for file in &mut files {
                file.content = std::fs::read(root.join(&file.path))
                    .map_err(|err| format!("{}: {}", file.path, crate::error::io_reason(&err)))?;
            }
        }
    }
    for file in &mut files {
        locate_lines(file);
    }
    files.retain(|f| !f.added.is_empty());
    Ok((root, files))
}

/// Runs git in `dir`, returning stdout, or its stderr as the error.
pub(crate) fn git(dir: &Path, args: &[&str], input: Option<&[u8]>) -> Result<Vec<u8>, String> {
    let mut command = Command::new("git");
    command.arg("-C").arg(dir).args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    command.stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = command.spawn().map_err(|err| format!("cannot run git: {err} (is git installed?)"))?;
    if let Some(input) = input {
        let mut stdin = child.stdin.take().expect("piped stdin");
        let input = input.to_vec();
        // Written from a thread so a large request cannot deadlock against a full stdout pipe.
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
    }
    let output = child.wait_with_output().map_err(|err| format!("git failed: {err}"))?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr).trim().to_string();
        return Err(if message.is_empty() { format!("git {} failed", args.join(" ")) } else { message });
    }
    Ok(output.stdout)
}

/// Splits `git cat-file --batch` output: `<oid> <type> <size>\n<bytes>\n`.
fn next_blob(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let header_end = memchr::memchr(b'\n', bytes)?;
    let header = std::str::from_utf8(&bytes[..header_end]).ok()?;
    if header.ends_with(" missing") {
        return None;
    }
    let size: usize = header.rsplit(' ').next()?.parse().ok()?;
    let start = header_end + 1;
    let content = bytes.get(start..start + size)?;
    Some((content, bytes.get(start + size + 1..).unwrap_or_default()))
}

/// Reads the files and added line numbers out of a zero-context patch.
fn parse_added_lines(patch: &[u8]) -> Vec<ChangedFile> {
    let mut files: Vec<ChangedFile> = Vec::new();
    // The file the following hunks belong to (none for a deletion or binary file).
    let mut current: Option<usize> = None;
    let mut next_line = 0u64;
    for line in patch.split(|&b| b == b'\n') {
        if line.starts_with(b"diff --git ") {
            current = None;
        } else if let Some(path) = line.strip_prefix(b"+++ ") {
            if path != b"/dev/null" {
                let path = unquote(path);
                let path = path.strip_prefix("b/").unwrap_or(&path).to_string();
                files.push(ChangedFile { path, content: Vec::new(), added: Vec::new() });
                current = Some(files.len() - 1);
            }
        } else if line.starts_with(b"Binary files ") {
            current = None;
        } else if let Some(header) = line.strip_prefix(b"@@ ") {
            // @@ -a[,b] +c[,d] @@
            let text = String::from_utf8_lossy(header);
            let plus = text.split(' ').find(|part| part.starts_with('+')).unwrap_or("+0");
            next_line = plus[1..].split(',').next().and_then(|n| n.parse().ok()).unwrap_or(0);
        } else if line.starts_with(b"+") {
            if let Some(index) = current {
                files[index].added.push((next_line, 0..0));
                next_line += 1;
            }
        }
    }
    files
}

/// git quotes unusual paths C-style (`"caf\303\251.txt"`); undo it.
fn unquote(path: &[u8]) -> String {
    let Some(inner) = path.strip_prefix(b"\"").and_then(|p| p.strip_suffix(b"\"")) else {
        return String::from_utf8_lossy(path).into_owned();
    };
    let mut out = Vec::new();
    let mut bytes = inner.iter().copied();
    while let Some(byte) = bytes.next() {
        if byte != b'\\' {
            out.push(byte);
            continue;
        }
        match bytes.next() {
            Some(b'n') => out.push(b'\n'),
            Some(b't') => out.push(b'\t'),
            Some(digit @ b'0'..=b'7') => {
                let mut value = u32::from(digit - b'0');
                for _ in 0..2 {
                    if let Some(next) = bytes.next() {
                        value = value * 8 + u32::from(next.wrapping_sub(b'0') & 7);
                    }
                }
                out.push(value as u8);
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Fills in the byte range of each added line from the file's content.
fn locate_lines(file: &mut ChangedFile) {
    let content = &file.content;
    let mut wanted = file.added.iter_mut().peekable();
    let mut line = 1u64;
    let mut start = 0usize;
    while let Some(entry) = wanted.peek_mut() {
        if start > content.len() {
            break;
        }
        let end = memchr::memchr(b'\n', &content[start..]).map_or(content.len(), |i| start + i);
        if entry.0 == line {
            let end_no_cr = if end > start && content[end - 1] == b'\r' { end - 1 } else { end };
            entry.1 = start..end_no_cr;
            wanted.next();
            continue;
        }
        line += 1;
        start = end + 1;
    }
    file.added.retain(|(_, range)| !range.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_zero_context_hunks() {
        let patch = b"diff --git a/a.txt b/a.txt\nindex 1..2 100644\n--- a/a.txt\n+++ b/a.txt\n@@ -1,0 +2,2 @@\n+two\n+three\n@@ -9 +11 @@\n-old\n+eleven\ndiff --git a/gone.txt b/gone.txt\n--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-bye\ndiff --git a/img.png b/img.png\n--- a/img.png\n+++ b/img.png\nBinary files a/img.png and b/img.png differ\n";
        let files = parse_added_lines(patch);
        assert_eq!(files.len(), 2, "the deleted file is not listed");
        assert_eq!(files[0].path, "a.txt");
        let lines: Vec<u64> = files[0].added.iter().map(|a| a.0).collect();
        assert_eq!(lines, [2, 3, 11]);
        assert_eq!(files[1].path, "img.png");
        assert!(files[1].added.is_empty(), "binary files add no lines");
        let binary_before_text = b"diff --git a/i.png b/i.png\nBinary files a/i.png and b/i.png differ\ndiff --git a/t b/t\n--- a/t\n+++ b/t\n@@ -0,0 +1 @@\n+new\n";
        let files = parse_added_lines(binary_before_text);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].added.len(), 1);
    }

    #[test]
    fn unquotes_git_paths() {
        assert_eq!(unquote(b"plain.txt"), "plain.txt");
        assert_eq!(unquote(b"\"b/caf\\303\\251 x.txt\""), "b/café x.txt");
    }

    #[test]
    fn locates_added_lines() {
        let mut file = ChangedFile {
            path: "x".into(),
            content: b"one\r\ntwo\nthree\n\nfive".to_vec(),
            added: vec![(2, 0..0), (4, 0..0), (5, 0..0)],
        };
        locate_lines(&mut file);
        let ranges: Vec<_> = file.added.iter().map(|(n, r)| (*n, &file.content[r.clone()])).collect();
        assert_eq!(ranges, [(2, &b"two"[..]), (5, &b"five"[..])], "empty line 4 has nothing to scan");
    }

    #[test]
    fn batch_blobs_split() {
        let out = b"abc blob 3\nxyz\ndef blob 0\n\n";
        let (first, rest) = next_blob(out).unwrap();
        assert_eq!(first, b"xyz");
        let (second, _) = next_blob(rest).unwrap();
        assert_eq!(second, b"");
    }
}
