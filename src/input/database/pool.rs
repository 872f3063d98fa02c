//! At most `--max-connections` connections to one database, shared by the
//! scan's workers: a worker reading a table takes an idle connection, opens
//! one while under the limit, or waits for one to be given back.

use std::sync::{Condvar, Mutex};

use super::{Connection, Failure};

/// Opens a connection.
pub(super) type Opener = Box<dyn Fn() -> Result<Box<dyn Connection>, Failure> + Send + Sync>;

/// The connections to one database.
pub(super) struct Pool {
    open: Opener,
    max: usize,
    state: Mutex<State>,
    returned: Condvar,
}

struct State {
    idle: Vec<Box<dyn Connection>>,
    /// Connections open now, idle or in use.
    open: usize,
}

impl Pool {
    /// A pool of at most `max` connections (at least one), starting with `first`.
    pub(super) fn new(open: Opener, max: usize, first: Box<dyn Connection>) -> Pool {
        Pool {
            open,
            max: max.max(1),
            state: Mutex::new(State { idle: vec![first], open: 1 }),
            returned: Condvar::new(),
        }
    }

    /// Runs `work` on a connection. A connection the work broke (the server
    /// went away, the session is in an unknown state) is closed, not reused.
    pub(super) fn with<T>(&self, work: impl FnOnce(&mut dyn Connection) -> Result<T, Failure>) -> Result<T, Failure> {
        let mut connection = self.take()?;
        let result = work(connection.as_mut());
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match &result {
            Err(failure) if failure.broken => state.open -= 1,
            _ => state.idle.push(connection),
        }
        drop(state);
        self.returned.notify_one();
        result
    }

    fn take(&self) -> Result<Box<dyn Connection>, Failure> {
        let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        loop {
            if let Some(connection) = state.idle.pop() {
                return Ok(connection);
            }
            if state.open < self.max {
                state.open += 1;
                drop(state);
                let opened = (self.open)();
                if opened.is_err() {
                    let mut state = self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                    state.open -= 1;
                    drop(state);
                    self.returned.notify_one();
                }
                return opened;
            }
            state = self.returned.wait(state).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DatabaseSettings, Rows, TableInfo};
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    struct Counted(Arc<AtomicUsize>);

    impl Connection for Counted {
        fn tables(&mut self, _settings: &DatabaseSettings) -> Result<Vec<TableInfo>, Failure> {
            Ok(Vec::new())
        }
        fn read(&mut self, _: &TableInfo, _: &DatabaseSettings, _: &mut dyn Rows) -> Result<String, Failure> {
            let now = self.0.fetch_add(1, Ordering::SeqCst) + 1;
            std::thread::sleep(std::time::Duration::from_millis(20));
            self.0.fetch_sub(1, Ordering::SeqCst);
            Ok(now.to_string())
        }
    }

    #[test]
    fn never_more_connections_in_use_than_the_limit() {
        let busy = Arc::new(AtomicUsize::new(0));
        let opened = Arc::new(AtomicUsize::new(1));
        let (for_open, for_count) = (busy.clone(), opened.clone());
        let open: Opener = Box::new(move || {
            for_count.fetch_add(1, Ordering::SeqCst);
            Ok(Box::new(Counted(for_open.clone())) as Box<dyn Connection>)
        });
        let pool = Pool::new(open, 2, Box::new(Counted(busy.clone())));
        let table = TableInfo::for_tests("t");
        let most = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..6)
                .map(|_| {
                    scope.spawn(|| {
                        pool.with(|c| c.read(&table, &DatabaseSettings::default(), &mut super::super::NoRows)).unwrap()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap().parse::<usize>().unwrap()).max().unwrap()
        });
        assert!(most <= 2, "{most} connections in use at once");
        assert_eq!(opened.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_broken_connection_is_replaced() {
        let opened = Arc::new(AtomicUsize::new(0));
        let count = opened.clone();
        let open: Opener = Box::new(move || {
            count.fetch_add(1, Ordering::SeqCst);
            Ok(Box::new(Counted(Arc::default())) as Box<dyn Connection>)
        });
        let pool = Pool::new(open, 1, Box::new(Counted(Arc::default())));
        let broken: Result<(), Failure> = pool.with(|_| Err(Failure { reason: "gone".into(), broken: true }));
        assert!(broken.is_err());
        pool.with(|_| Ok(())).unwrap();
        assert_eq!(opened.load(Ordering::SeqCst), 1);
    }
}
