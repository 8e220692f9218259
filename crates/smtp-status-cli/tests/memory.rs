//! Bounded memory on inputs at the 16 MiB cap: the command's
//! peak resident size stays under 4x the input plus a constant, and its
//! output starts while it is still explaining.
//!
//! The peak is the child's `VmHWM` (high-water mark of its resident size,
//! which only grows) read from `/proc/<pid>/status` while it runs. Each run
//! is stopped after `OUTPUT_SEEN` bytes of output (the debug build writes a
//! few hundred megabytes for these inputs): by then the whole input has been
//! read, and an implementation that kept its results would already be far
//! over the bound. Nothing here is timed.

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

const INPUT: usize = 16 * 1024 * 1024;
const CONSTANT: u64 = 24 * 1024 * 1024;
const OUTPUT_SEEN: usize = 16 * 1024 * 1024;

/// `unit` repeated to `INPUT` bytes, after `head`.
fn make(head: &[u8], unit: &[u8]) -> Vec<u8> {
    let mut v = head.to_vec();
    while v.len() + unit.len() <= INPUT {
        v.extend_from_slice(unit);
    }
    v
}

fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// (peak resident bytes seen, output bytes read, whether the command was
/// still running when `OUTPUT_SEEN` bytes had come out).
fn peak(args: &[&str], input: &[u8], name: &str) -> (u64, usize, bool) {
    let dir = std::env::temp_dir().join(format!("smtp-status-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, input).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_smtp-status"))
        .args(args)
        .stdin(std::fs::File::open(&path).unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdout = child.stdout.take().unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let done = Arc::clone(&done);
        std::thread::spawn(move || {
            let mut buf = vec![0; 1 << 16];
            let mut total = 0;
            while total < OUTPUT_SEEN {
                match stdout.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => total += n,
                }
            }
            done.store(true, Ordering::SeqCst);
            (total, stdout)
        })
    };
    let mut max = 0;
    while !done.load(Ordering::SeqCst) {
        if let Some(m) = vm_hwm(pid) {
            max = max.max(m);
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    if let Some(m) = vm_hwm(pid) {
        max = max.max(m);
    }
    let running = child.try_wait().unwrap().is_none();
    let (total, stdout) = reader.join().unwrap();
    let _ = child.kill();
    drop(stdout);
    child.wait().unwrap();
    std::fs::remove_file(&path).unwrap();
    let _ = std::fs::remove_dir(&dir);
    (max, total, running)
}

#[test]
fn peak_memory_is_bounded_by_the_input_and_output_is_streamed() {
    let cases = [
        ("replies-250", make(b"", b"250\n"), ["explain", "-"]),
        ("replies-550", make(b"", b"550 5.1.1 x\n"), ["explain", "-"]),
        // Text with many codes, and `550-`/`450-` lines that make no
        // reply: explained line by line as they arrive.
        (
            "text-lines",
            make(
                b"",
                b"the server said 5.1.1 then 4.2.2 and 550 and X.7.1 then 421-4.7.0 hmm\n",
            ),
            ["explain", "-"],
        ),
        (
            "alternating-lines",
            make(b"", b"550-5.1.1 a\n450-4.2.2 b\n"),
            ["explain", "-"],
        ),
        (
            "report-blocks",
            make(
                b"Reporting-MTA: dns; a\n",
                b"\nFinal-Recipient: rfc822; a@b.example\nAction: failed\n",
            ),
            ["bounce", "-"],
        ),
    ];
    for (name, input, args) in &cases {
        assert!(input.len() > INPUT - 128 && input.len() <= INPUT);
        for json in [false, true] {
            let mut all = vec![];
            if json {
                all.push("--json");
            }
            all.extend_from_slice(args);
            let (max, total, running) = peak(&all, input, name);
            let bound = 4 * input.len() as u64 + CONSTANT;
            assert!(max > 0, "{name} {all:?}: no VmHWM read");
            assert!(
                max < bound,
                "{name} {all:?}: peak {max} bytes, bound {bound} (output {total} bytes)"
            );
            assert!(total >= OUTPUT_SEEN, "{name} {all:?}: output ended early");
            assert!(
                running,
                "{name} {all:?}: output should start before the input is explained"
            );
        }
    }
}
