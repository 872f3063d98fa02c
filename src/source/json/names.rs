//! The names of a JSON document's values, kept as a tree of paths.
//!
//! Every string and number of a record is named by its path
//! (`user.contact.email`, `tags[]`). Building that path as a string for each
//! value and interning it (hashing the whole path) cost about a tenth of
//! reading NDJSON by column. The records of one file repeat the same few
//! paths, so the paths are a tree: a value's name is found from its parent's
//! by comparing one key, usually the one expected next, since records name
//! their keys in the same order.

use std::collections::HashMap;
use std::sync::Arc;

/// A place in the tree: the document (or column) itself, a key under it, an item of a list...
pub type NodeId = u32;

/// Past this many keys under one object, its keys are found by hash (an
/// object keyed by identifiers would otherwise be searched key by key).
const LISTED_KEYS: usize = 16;

/// The interned paths of the values seen so far.
#[derive(Debug, Default)]
pub struct PathNames {
    nodes: Vec<Node>,
    /// One tree per prefix: `""` for a file's records, a column's name for JSON held in a column.
    roots: HashMap<Box<str>, NodeId>,
    /// The root of a file's records (prefix `""`), asked for once per record.
    document: Option<NodeId>,
    /// The root asked for last (a file asks for the same one every record).
    last_root: Option<(Box<str>, NodeId)>,
}

#[derive(Debug)]
struct Node {
    /// The path, to name children by.
    path: Arc<str>,
    /// The name a value here gets: the path, or `value` for a document that is a bare value.
    field: Arc<str>,
    /// The keys seen under this object, in the order first seen.
    keys: Vec<(Box<[u8]>, NodeId)>,
    /// Where in `keys` the next key is expected.
    next_key: usize,
    /// `keys` by key, once there are more than [`LISTED_KEYS`].
    index: Option<HashMap<Box<[u8]>, NodeId>>,
    /// The node for this list's items.
    item: Option<NodeId>,
}

impl PathNames {
    /// The node of a document whose values are named under `prefix` (`""`: none).
    pub fn root(&mut self, prefix: &str) -> NodeId {
        if prefix.is_empty() {
            if let Some(id) = self.document {
                return id;
            }
        }
        if let Some((last, id)) = &self.last_root {
            if **last == *prefix {
                return *id;
            }
        }
        let id = match self.roots.get(prefix) {
            Some(&id) => id,
            None => {
                let field = if prefix.is_empty() { "value" } else { prefix };
                let id = self.push(Arc::from(prefix), Arc::from(field));
                self.roots.insert(prefix.into(), id);
                if prefix.is_empty() {
                    self.document = Some(id);
                }
                id
            }
        };
        self.last_root = Some((prefix.into(), id));
        id
    }

    /// The node of the value under `key` (decoded, as in the document) of the object at `parent`.
    pub fn key(&mut self, parent: NodeId, key: &[u8]) -> NodeId {
        let node = &mut self.nodes[parent as usize];
        if let Some((expected, id)) = node.keys.get(node.next_key) {
            if **expected == *key {
                let id = *id;
                node.next_key += 1;
                return id;
            }
        }
        let found = match &node.index {
            Some(index) => index.get(key).map(|&id| (id, None)),
            None => node.keys.iter().position(|(known, _)| **known == *key).map(|at| (node.keys[at].1, Some(at))),
        };
        if let Some((id, position)) = found {
            let node = &mut self.nodes[parent as usize];
            node.next_key = position.map_or(node.keys.len(), |at| at + 1);
            return id;
        }
        let name = crate::source::decode_name(key);
        let path: Arc<str> = match &*self.nodes[parent as usize].path {
            "" => Arc::from(&*name),
            parent_path => Arc::from(format!("{parent_path}.{name}")),
        };
        let id = self.push(path.clone(), path);
        let node = &mut self.nodes[parent as usize];
        node.keys.push((key.into(), id));
        node.next_key = node.keys.len();
        if let Some(index) = &mut node.index {
            index.insert(key.into(), id);
        } else if node.keys.len() > LISTED_KEYS {
            node.index = Some(node.keys.iter().cloned().collect());
        }
        id
    }

    /// The node of the items of the list at `parent`.
    pub fn item(&mut self, parent: NodeId) -> NodeId {
        if let Some(id) = self.nodes[parent as usize].item {
            return id;
        }
        let path: Arc<str> = Arc::from(format!("{}[]", self.nodes[parent as usize].path));
        let id = self.push(path.clone(), path);
        self.nodes[parent as usize].item = Some(id);
        id
    }

    /// An object starts at `node`: its keys are expected in the order last seen.
    pub fn open_object(&mut self, node: NodeId) {
        self.nodes[node as usize].next_key = 0;
    }

    /// The name of the values at `node`.
    pub fn field(&self, node: NodeId) -> &Arc<str> {
        &self.nodes[node as usize].field
    }

    fn push(&mut self, path: Arc<str>, field: Arc<str>) -> NodeId {
        let id = NodeId::try_from(self.nodes.len()).expect("fewer than 2^32 distinct JSON paths");
        self.nodes.push(Node { path, field, keys: Vec::new(), next_key: 0, index: None, item: None });
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(names: &mut PathNames, prefix: &str, steps: &[&str]) -> String {
        let mut node = names.root(prefix);
        for step in steps {
            node = match *step {
                "[]" => names.item(node),
                key => {
                    names.open_object(node);
                    names.key(node, key.as_bytes())
                }
            };
        }
        names.field(node).to_string()
    }

    #[test]
    fn paths_are_named_as_the_document_nests_them() {
        let mut names = PathNames::default();
        assert_eq!(name(&mut names, "", &[]), "value");
        assert_eq!(name(&mut names, "", &["user", "contact", "email"]), "user.contact.email");
        assert_eq!(name(&mut names, "", &["tags", "[]"]), "tags[]");
        assert_eq!(name(&mut names, "", &["[]", "id"]), "[].id");
        assert_eq!(name(&mut names, "", &["[]", "[]"]), "[][]");
        assert_eq!(name(&mut names, "profile", &[]), "profile");
        assert_eq!(name(&mut names, "profile", &["phones", "[]"]), "profile.phones[]");
        // A key spelled `[]` is not a list's items.
        let root = names.root("");
        let tags = names.key(root, b"tags");
        let odd_key = names.key(tags, b"[]");
        assert_eq!(&**names.field(odd_key), "tags.[]");
        assert_ne!(names.item(tags), odd_key);
        assert_eq!(name(&mut names, "", &["tags", "[]"]), "tags[]");
        // Latin-1 keys are decoded as the rest of the names are.
        let mut node = names.root("");
        node = names.key(node, b"t\xe9l\xe9phone");
        assert_eq!(&**names.field(node), "téléphone");
    }

    #[test]
    fn keys_in_any_order_and_in_number_find_their_one_node() {
        let mut names = PathNames::default();
        let root = names.root("");
        let first: Vec<NodeId> = ["id", "email", "phone"].iter().map(|key| names.key(root, key.as_bytes())).collect();
        for order in [["id", "email", "phone"], ["phone", "id", "email"], ["email", "email", "id"]] {
            names.open_object(root);
            for key in order {
                let expected = first[["id", "email", "phone"].iter().position(|k| *k == key).unwrap()];
                assert_eq!(names.key(root, key.as_bytes()), expected);
            }
        }
        // An object keyed by identifiers: past LISTED_KEYS, found by hash, each its own node.
        let ids: Vec<NodeId> = (0..200).map(|n| names.key(root, format!("k{n}").as_bytes())).collect();
        names.open_object(root);
        for n in (0..200).rev() {
            assert_eq!(names.key(root, format!("k{n}").as_bytes()), ids[n]);
            assert_eq!(&**names.field(ids[n]), format!("k{n}"));
        }
        assert_eq!(names.key(root, b"email"), first[1]);
    }
}
