//! Items worked on by several threads, their output written in input
//! order: the thin layer `bounce --jobs N` puts over its reader.
//!
//! The reader (the calling thread) groups items into batches (at most
//! [`BATCH`] items, or about [`BATCH_BYTES`] by their `weight`: handing
//! over one small email at a time cost more than classifying it) and hands
//! them to a queue of `jobs` batches; each worker takes the next batch and
//! writes its output through its own [`Printer`] into a [`Turn`]. A batch
//! done before its turn is parked (at most `2 * jobs` of them, then its
//! worker waits) and its worker takes another; the batch whose turn it is
//! writes its output to stdout, folds in its results, then those of the
//! parked batches that follow. It writes straight through once its output
//! passes [`HELD`] bytes, so a large email streams as it does with one job;
//! a batch that is not next holds at most that much before it waits. At
//! most `5 * jobs` batches are in memory.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use crate::out::Printer;

/// Output a batch that is not next may hold before it waits its turn.
const HELD: usize = 1 << 20;

/// Items in a batch, at most.
const BATCH: usize = 64;

/// Weight after which a batch is handed over.
const BATCH_BYTES: usize = 1 << 20;

/// The order of the output, and what has been written.
struct State<A> {
    /// Index of the item whose output comes next.
    next: usize,
    out: Printer,
    /// The results so far, folded in input order.
    done: A,
    /// Batches done before their turn: their output, and the folding of
    /// their results; at most `parked_max`, then a worker waits its turn.
    parked: BTreeMap<usize, (Vec<u8>, Fold<A>)>,
    parked_max: usize,
    /// The run stopped: a write error (the first one kept).
    stopped: bool,
    error: Option<io::Error>,
}

/// The folding of one batch's results.
type Fold<A> = Box<dyn FnOnce(&mut A) + Send>;

impl<A> State<A> {
    /// Writes the output of the batch whose turn it is and folds its
    /// results, then those of the parked batches that follow it.
    fn commit(&mut self, held: &[u8], fold: Fold<A>) -> io::Result<()> {
        self.out.raw(held)?;
        fold(&mut self.done);
        self.next += 1;
        while let Some((held, fold)) = self.parked.remove(&self.next) {
            self.out.raw(&held)?;
            fold(&mut self.done);
            self.next += 1;
        }
        Ok(())
    }
}

/// What the workers share.
pub struct Shared<A> {
    state: Mutex<State<A>>,
    turn: Condvar,
}

impl<A> Shared<A> {
    fn lock(&self) -> MutexGuard<'_, State<A>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until item `me` is next; an error when the run stopped.
    fn wait_for(&self, me: usize) -> io::Result<MutexGuard<'_, State<A>>> {
        let mut state = self.lock();
        while state.next != me && !state.stopped {
            state = self.turn.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        if state.stopped {
            return Err(io::Error::other("stopped"));
        }
        Ok(state)
    }

    /// Stops the run; the first error is the one reported.
    fn stop(&self, error: io::Error) {
        let mut state = self.lock();
        if !state.stopped {
            state.stopped = true;
            state.error = Some(error);
        }
        drop(state);
        self.turn.notify_all();
    }
}

/// Where a worker's printer writes: held until the item is next, then
/// straight to stdout.
pub struct Turn<A> {
    me: usize,
    shared: Arc<Shared<A>>,
    held: Vec<u8>,
    direct: bool,
}

impl<A> Write for Turn<A> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.direct {
            self.shared.lock().out.raw(bytes)?;
            return Ok(bytes.len());
        }
        self.held.extend_from_slice(bytes);
        if self.held.len() >= HELD {
            self.shared.wait_for(self.me)?.out.raw(&self.held)?;
            self.held = Vec::new();
            self.direct = true;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Runs `work` on every item that `read` hands over, on `jobs` threads;
/// each item's output is written, and its result folded into `done` with
/// `fold`, in the order the items were read. `read` gets a function to
/// hand each item to, which fails once the run has stopped (a write
/// error); the first error is returned, else what was folded.
pub fn in_order<T, R, A>(
    jobs: usize,
    p: &mut Printer,
    read: impl FnOnce(&mut dyn FnMut(T) -> io::Result<()>) -> io::Result<()>,
    weight: fn(&T) -> usize,
    work: impl Fn(T, &mut Printer<Turn<A>>) -> io::Result<R> + Sync,
    (done, fold): (A, fn(&mut A, R)),
) -> io::Result<A>
where
    T: Send,
    R: Send + 'static,
    A: Send + 'static,
{
    p.flush()?;
    let (json, color) = (p.json, p.color());
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            next: 0,
            out: Printer::new(json, color),
            done,
            parked: BTreeMap::new(),
            parked_max: 2 * jobs,
            stopped: false,
            error: None,
        }),
        turn: Condvar::new(),
    });
    let (send, receive) = sync_channel::<(usize, Vec<T>)>(jobs);
    let receive = Mutex::new(receive);
    let read_result = std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| worker(&shared, &receive, &work, fold));
        }
        let mut index = 0;
        let mut batch = Vec::new();
        let mut bytes = 0;
        let mut hand = |batch: Vec<T>| {
            if shared.lock().stopped {
                return Err(io::Error::other("stopped"));
            }
            send.send((index, batch))
                .map_err(|_| io::Error::other("stopped"))?;
            index += 1;
            Ok(())
        };
        let result = read(&mut |item| {
            bytes += weight(&item);
            batch.push(item);
            if batch.len() < BATCH && bytes < BATCH_BYTES {
                return Ok(());
            }
            bytes = 0;
            hand(std::mem::take(&mut batch))
        });
        let result = match result {
            Ok(()) if !batch.is_empty() => hand(batch),
            other => other,
        };
        drop(send);
        result
    });
    let mut state = shared.lock();
    if let Some(e) = state.error.take() {
        return Err(e);
    }
    read_result?;
    state.out.flush()?;
    drop(state);
    let shared = Arc::into_inner(shared).expect("the workers have ended");
    let state = shared.state.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok(state.done)
}

fn worker<T, R: Send + 'static, A: 'static>(
    shared: &Arc<Shared<A>>,
    receive: &Mutex<Receiver<(usize, Vec<T>)>>,
    work: &impl Fn(T, &mut Printer<Turn<A>>) -> io::Result<R>,
    fold: fn(&mut A, R),
) {
    let json_color = {
        let state = shared.lock();
        (state.out.json, state.out.color())
    };
    loop {
        let next = receive.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok((me, batch)) = next else { return };
        if shared.lock().stopped {
            // Taken and dropped, so that the reader never waits on a full
            // queue; it stops at its next item.
            continue;
        }
        let turn = Turn {
            me,
            shared: Arc::clone(shared),
            held: Vec::new(),
            direct: false,
        };
        let mut printer = Printer::to(turn, json_color.0, json_color.1);
        let results: io::Result<Vec<R>> = batch
            .into_iter()
            .map(|item| work(item, &mut printer))
            .collect();
        let done = results.and_then(|results| {
            let held = printer.into_inner()?.held;
            let fold: Fold<A> =
                Box::new(move |done| results.into_iter().for_each(|r| fold(done, r)));
            let mut state = shared.lock();
            if state.next != me && !state.stopped && state.parked.len() < state.parked_max {
                // Done early: the worker takes another batch meanwhile.
                state.parked.insert(me, (held, fold));
                return Ok(());
            }
            drop(state);
            shared.wait_for(me)?.commit(&held, fold)
        });
        match done {
            Ok(()) => shared.turn.notify_all(),
            Err(e) => shared.stop(e),
        }
    }
}
